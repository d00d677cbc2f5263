//! The word stream extraction matches on: the index's own word boundaries and normalization,
//! plus what matching names needs and indexing does not — where clauses break and how Latin
//! words were capitalized. It is a single allocation-free pass, because it runs over every word
//! of every article next to the indexer's own analysis.

use crate::analysis::arabic::normalize_into;
use crate::analysis::tokenizer;

/// One word of a text, as matching sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Normalized (the `arabic` analyzer's normalization).
    pub norm: String,
    /// How the word was capitalized, for Latin script.
    pub case: Case,
    /// Punctuation (other than a hyphen, apostrophe or quotation mark: `حركة "حماس"`) or a line
    /// break stands between this word and the previous one: a name never spans it.
    pub break_before: bool,
    /// Byte offset of the word in the text.
    pub offset: usize,
}

/// Capitalization of a word. Latin names are capitalized in news (`Turkey`, `Chad`) and
/// acronyms are upper case (`WHO`, `US`): requiring it keeps `turkey`, `who` and `us` out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Case {
    /// Not Latin, or lower case.
    Any,
    /// Starts with a capital (`Armenia`).
    Capitalized,
    /// Two letters or more, all capitals (`CSTO`, `ARMENIA`).
    Upper,
}

impl Case {
    fn of(word: &str) -> Case {
        // Checked on every word: Arabic words (and digits) answer at the first character.
        if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
            return Case::Any;
        }
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let mut n = 0;
        for c in letters.by_ref() {
            if !c.is_uppercase() {
                return Case::Capitalized;
            }
            n += 1;
        }
        if n >= 2 {
            Case::Upper
        } else {
            Case::Capitalized
        }
    }

    /// The vocabulary key of a word with this case: `^^us` for an acronym, `^armenia` for a
    /// capitalized word, the word itself otherwise.
    pub fn key(self, norm: &str) -> String {
        match self {
            Case::Any => norm.to_string(),
            Case::Capitalized => format!("^{norm}"),
            Case::Upper => format!("^^{norm}"),
        }
    }

    /// The keys a text word of this case may match, strictest first: an upper-case word matches
    /// an acronym, a capitalized name or a lower-case word of a name (`of` in `Bank of …`).
    pub fn lookups(self) -> &'static [Case] {
        match self {
            Case::Upper => &[Case::Upper, Case::Capitalized, Case::Any],
            Case::Capitalized => &[Case::Capitalized, Case::Any],
            Case::Any => &[Case::Any],
        }
    }
}

fn breaks(gap: &str) -> bool {
    gap.chars().any(|c| {
        c == '\n'
            || !(c.is_whitespace()
                || matches!(
                    c,
                    '-' | '\u{2010}'
                        | '\''
                        | '’'
                        | '"'
                        | '«'
                        | '»'
                        | '“'
                        | '”'
                        | '\u{061C}'
                        | '\u{200B}'..='\u{200F}' | '\u{FEFF}'
                ))
    })
}

/// One word as [`scan`] sees it; `norm` borrows the scanner's buffer.
pub struct Scanned<'a> {
    pub norm: &'a str,
    pub case: Case,
    pub break_before: bool,
    pub offset: usize,
}

/// Appends the normalized form of `c` to `out`: exactly what the index's normalization does
/// (a test checks every character), with the common cases — ASCII and the basic Arabic letters —
/// answered inline, because this runs on every character of every article.
fn fold_into(c: char, out: &mut String) {
    match c {
        'a'..='z' | '0'..='9' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        'أ' | 'إ' | 'آ' => out.push('ا'),
        'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => out.push(c),
        _ => normalize_into(c.encode_utf8(&mut [0; 4]), out),
    }
}

/// Calls `f` for each word of `text`, in one pass and without allocating per word: words are cut
/// by the index's own [`WordTokenizer`](crate::analysis::WordTokenizer) rules and normalized as
/// the index normalizes them. A word directly followed by `+` keeps it
/// (`OPEC+` and `أوبك+` are not OPEC).
pub fn scan(text: &str, mut f: impl FnMut(&Scanned)) {
    let mut norm = String::with_capacity(32);
    let mut gap_start = 0;
    let mut emit = |start: usize, end: usize, norm: &mut String, gap_start: &mut usize| {
        if text[end..].starts_with('+') {
            norm.push('+');
        }
        if !norm.is_empty() {
            f(&Scanned {
                norm,
                case: Case::of(&text[start..end]),
                break_before: breaks(&text[*gap_start..start]),
                offset: start,
            });
            *gap_start = end;
        }
    };
    let mut at = 0;
    while let Some(found) = text[at..].find(tokenizer::starts_word) {
        let start = at + found;
        // The index's own word boundaries: numbers and dates whole, Arabic letters parted from
        // Latin letters and digits.
        let end = start + tokenizer::word_len(&text[start..]).max(1);
        norm.clear();
        for c in text[start..end].chars() {
            fold_into(c, &mut norm);
        }
        emit(start, end, &mut norm, &mut gap_start);
        at = end;
    }
}

/// Splits `text` into words (see [`scan`]).
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    scan(text, |w| {
        out.push(Word {
            norm: w.norm.to_string(),
            case: w.case,
            break_before: w.break_before,
            offset: w.offset,
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::normalize;

    #[test]
    fn the_fast_fold_is_the_index_normalization() {
        let mut out = String::new();
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            out.clear();
            fold_into(c, &mut out);
            assert_eq!(out, normalize(&c.to_string()), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn words_are_the_index_tokens() {
        let text = "قال بلينكين، وزير الخارجية: «أَرْمِينِيَا» وأذربيجان ARMENIA‌s 2022م.";
        let ours: Vec<String> = words(text).into_iter().map(|w| w.norm).collect();
        // The index's tokenizer and normalization (not the whole analyzer: stemming or stopwords
        // there must not change what names are matched against).
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let mut tokenizer = crate::analysis::WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut theirs = Vec::new();
        while stream.advance() {
            theirs.push(normalize(&stream.token().text));
        }
        assert_eq!(ours, theirs);
    }

    #[test]
    fn normalized_words_with_case_and_breaks() {
        let w = words("قال بلينكين، وزير الخارجية. The WHO and Turkey-Syria «أوبك+»");
        let norms: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "قال",
                "بلينكين",
                "وزير",
                "الخارجيه",
                "the",
                "who",
                "and",
                "turkey",
                "syria",
                "اوبك+"
            ]
        );
        let breaks: Vec<bool> = w.iter().map(|w| w.break_before).collect();
        assert_eq!(
            breaks,
            [false, false, true, false, true, false, false, false, false, false]
        );
        assert_eq!(w[5].case, Case::Upper);
        assert_eq!(w[7].case, Case::Capitalized);
        assert_eq!(w[6].case, Case::Any);
        assert_eq!(w[0].case, Case::Any);
    }
}
