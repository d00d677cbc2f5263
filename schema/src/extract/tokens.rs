//! The token stream extraction matches on: the index's own tokenizer and normalization, plus
//! what matching names needs and indexing does not — where clauses break and how Latin words
//! were capitalized.

use tantivy::tokenizer::{TokenStream, Tokenizer};

use crate::analysis::{normalize, WordTokenizer};

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
        let mut letters = word.chars().filter(|c| c.is_alphabetic());
        let Some(first) = letters.next() else {
            return Case::Any;
        };
        if !first.is_ascii_alphabetic() || !first.is_uppercase() {
            return Case::Any;
        }
        let mut n = 1;
        for c in letters {
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

/// Splits `text` into words.
pub fn words(text: &str) -> Vec<Word> {
    let mut tokenizer = WordTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    let mut last_end = 0;
    while stream.advance() {
        let t = stream.token();
        let original = &text[t.offset_from..t.offset_to];
        let mut norm = normalize(original);
        // `OPEC+` and `أوبك+` are not OPEC.
        if text[t.offset_to..].starts_with('+') {
            norm.push('+');
        }
        if norm.is_empty() {
            continue;
        }
        out.push(Word {
            norm,
            case: Case::of(original),
            break_before: breaks(&text[last_end..t.offset_from]),
            offset: t.offset_from,
        });
        last_end = t.offset_to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
