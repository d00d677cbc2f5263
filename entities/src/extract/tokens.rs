//! The word stream extraction matches on: the index's own word boundaries and normalization,
//! plus what matching names needs and indexing does not — where clauses break and how Latin
//! words were capitalized. It is a single allocation-free pass, because it runs over every word
//! of every article next to the indexer's own analysis.

use arshif_analysis::arabic::normalize::{fold_basic_pair, fold_seat_at, normalize_into};
use arshif_analysis::tokenizer::{self, is_basic_arabic};

/// One word of a text, as matching sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// Normalized (the `arabic` analyzer's normalization).
    pub norm: String,
    /// How the word was capitalized, for Latin script.
    pub case: Case,
    /// Punctuation (other than a hyphen, apostrophe or quotation mark: `حركة "حماس"`) or a blank
    /// line stands between this word and the previous one: a name never spans it.
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
    // Asked of every word: inlined, an Arabic word costs one byte comparison.
    #[inline]
    fn of(word: &str) -> Case {
        // Checked on every word: Arabic words (and digits) answer at the first character.
        if !word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
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
        format!("{}{norm}", self.prefix())
    }

    /// What [`Case::key`] puts before the word.
    pub fn prefix(self) -> &'static str {
        match self {
            Case::Any => "",
            Case::Capitalized => "^",
            Case::Upper => "^^",
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

/// Whether the characters between two words part them: punctuation does, and so does a blank
/// line (a new paragraph). A single line break does not: archives keep wires hard-wrapped at 65
/// columns (`… power plant in New\nJersey.`), and a name split by the wrap is still one name.
fn breaks(gap: &str) -> bool {
    gap.matches('\n').nth(1).is_some()
        || gap.chars().any(|c| {
            !(c.is_whitespace()
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
        'ؤ' => out.push('و'),
        'ئ' | 'ى' => out.push('ي'),
        'ة' => out.push('ه'),
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => out.push(c),
        // Chinese characters, kana and hangul syllables stay as they are: Japanese and Chinese
        // articles are long runs of them, one word to the tokenizer.
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A1}'..='\u{30FA}'
        | '\u{AC00}'..='\u{D7A3}' => out.push(c),
        _ => normalize_into(c.encode_utf8(&mut [0; 4]), out),
    }
}

/// Punctuation and spaces of Arabic and English news that [`tokenizer::starts_word`] would
/// answer through the Unicode tables (about 500 instructions each): no word starts with them (a
/// test checks every one).
fn is_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '«' | '»' | '،' | '؛' | '؟' | '\u{2000}'..='\u{206F}'
    )
}

/// Whether the gap between two words breaks a name. Most gaps are one space: answered first.
fn gap_breaks(gap: &str) -> bool {
    gap != " " && breaks(gap)
}

/// The common word shapes, cut and normalized in one pass over their bytes: a run of ASCII
/// letters and digits, or a run of basic Arabic letters, ended by a character that surely ends
/// a word. Anything else (accents, harakat, tatweel, digits joined by `.` or `/`, a script change
/// inside a word) returns `None` and goes the general way, so the result is always the index's
/// own word boundary and normalization (tests compare them on every character and on real text).
fn common_word(text: &str, start: usize, norm: &mut String) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = start;
    if bytes[start].is_ascii() {
        while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
            i += 1;
        }
        let word = &text[start..i];
        let from = norm.len();
        norm.push_str(word);
        norm[from..].make_ascii_lowercase();
        let last_digit = bytes[i - 1].is_ascii_digit();
        return match bytes.get(i) {
            None => Some(i),
            // A digit before `.`, `,`, `-`, `/`, `:` may go on as a number.
            Some(b'.' | b',' | b'-' | b'/' | b':') if last_digit => None,
            Some(b) if b.is_ascii() => Some(i),
            // Accented Latin letters, combining marks, a following Arabic word: the general way.
            Some(_) => None,
        };
    }
    // Letters that stay as they are are copied a run at a time; one table read a letter says
    // whether it is a basic letter and whether it folds.
    let mut kept = start;
    while let [b0, b1, ..] = bytes[i..] {
        match arabic_pair(b0, b1) {
            Pair::Other => break,
            Pair::Keep => i += 2,
            // Harakat and tatweel inside a word: normalization drops them. A word does not
            // start with one here (the general way decides what that is).
            Pair::Drop if i == start => break,
            Pair::Drop => {
                norm.push_str(&text[kept..i]);
                i += 2;
                kept = i;
            }
            Pair::Fold => {
                norm.push_str(&text[kept..i]);
                let folded = fold_basic_pair(b0, b1).or_else(|| fold_seat_at(bytes, i));
                norm.push_str(folded.unwrap_or(&text[i..i + 2]));
                i += 2;
                kept = i;
            }
        }
    }
    if i == start {
        return None;
    }
    norm.push_str(&text[kept..i]);
    match text[i..].chars().next() {
        None => Some(i),
        // After an Arabic letter, any ASCII character ends the word: a Latin letter or digit is
        // another script, anything else no word character.
        Some(c) if c.is_ascii() => Some(i),
        // Arabic punctuation and the no-break space, answered without the Unicode tables.
        Some(c) if ends_arabic_word(c) => Some(i),
        // A character no word goes on through: the tokenizer's own test, which at a word's
        // first character reads "does a word go on here".
        Some(_) if tokenizer::word_len(&text[i..]) == 0 => Some(i),
        Some(_) => None,
    }
}

/// What a two-byte character is to [`common_word`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pair {
    /// Not a basic Arabic letter ([`is_basic_arabic`]): the fast path stops.
    Other,
    /// A basic letter that normalization keeps.
    Keep,
    /// A basic letter that normalization folds: alef with hamza or madda, alef maqsura, teh
    /// marbuta ([`fold_basic_pair`]), the hamza seats ([`fold_seat_at`]).
    Fold,
    /// A mark that normalization drops and a word goes on through: harakat, shadda, sukun,
    /// superscript alef, the honorific marks above a name, tatweel. Vowelled text (scripture,
    /// poetry, teaching texts) has one after nearly every letter; without this each word of it
    /// went the general way, a Unicode table look-up per character.
    Drop,
}

/// [`Pair`] of the characters D8 80 ..= D9 BF (U+0600 ..= U+067F), by their second byte: the
/// same answers as `is_basic_arabic` and the folds (a test compares every pair of bytes).
const ARABIC_PAIRS: [Pair; 128] = {
    let mut table = [Pair::Other; 128];
    let mut i = 0;
    while i < 128 {
        let (b0, b1) = (if i < 64 { 0xD8 } else { 0xD9 }, 0x80 | (i as u8 & 0x3F));
        let basic =
            (b0 == 0xD8 && b1 >= 0xA1 && b1 <= 0xBA) || (b0 == 0xD9 && b1 >= 0x81 && b1 <= 0x8A);
        let folds = matches!(
            (b0, b1),
            (0xD8, 0xA2 | 0xA3 | 0xA4 | 0xA5 | 0xA6 | 0xA9) | (0xD9, 0x89)
        );
        // U+0610..=U+061A, U+061C (the Arabic letter mark), U+0640, U+064B..=U+065F, U+0670:
        // what `normalize` drops there and a word goes on through.
        let drops = (b0 == 0xD8 && ((b1 >= 0x90 && b1 <= 0x9A) || b1 == 0x9C))
            || (b0 == 0xD9 && (b1 == 0x80 || (b1 >= 0x8B && b1 <= 0x9F) || b1 == 0xB0));
        table[i] = match (basic, folds, drops) {
            (false, _, true) => Pair::Drop,
            (false, _, false) => Pair::Other,
            (true, false, _) => Pair::Keep,
            (true, true, _) => Pair::Fold,
        };
        i += 1;
    }
    table
};

fn arabic_pair(b0: u8, b1: u8) -> Pair {
    if b0 & 0xFE != 0xD8 || b1 & 0xC0 != 0x80 {
        return Pair::Other;
    }
    ARABIC_PAIRS[(usize::from(b0 & 1) << 6) | usize::from(b1 & 0x3F)]
}

/// Characters after an Arabic word that surely end it (no word goes on through them; a test
/// checks each with the tokenizer).
fn ends_arabic_word(c: char) -> bool {
    matches!(c, '،' | '؛' | '؟' | '«' | '»' | '\u{00A0}')
}

/// Calls `f` for each word of `text`, in one pass and without allocating per word: words are cut
/// by the index's own [`WordTokenizer`](arshif_analysis::WordTokenizer) rules and normalized as
/// the index normalizes them. A word directly followed by `+` keeps it
/// (`OPEC+` and `أوبك+` are not OPEC).
///
/// This runs on every character of every article, so the common words (ASCII, basic Arabic
/// letters) are cut and normalized in the same pass (`common_word`); the rest take the
/// tokenizer's own [`word_len`](tokenizer::word_len) and the normalizer's fold.
pub fn scan(text: &str, mut f: impl FnMut(&Scanned)) {
    let bytes = text.as_bytes();
    let mut norm = String::with_capacity(32);
    let mut gap_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if b.is_ascii() {
            if !b.is_ascii_alphanumeric() {
                at += 1;
                continue;
            }
        } else if !(at + 1 < bytes.len() && is_basic_arabic(b, bytes[at + 1])) {
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            if is_punctuation(c) || !tokenizer::starts_word(c) {
                at += c.len_utf8();
                continue;
            }
        }
        let start = at;
        norm.clear();
        let end = match common_word(text, start, &mut norm) {
            Some(end) => end,
            None => {
                // The index's own word boundaries: numbers and dates whole, Arabic letters parted
                // from Latin letters and digits.
                let end = start + tokenizer::word_len(&text[start..]).max(1);
                norm.clear();
                for c in text[start..end].chars() {
                    fold_into(c, &mut norm);
                }
                end
            }
        };
        if bytes.get(end) == Some(&b'+') {
            norm.push('+');
        }
        if !norm.is_empty() {
            f(&Scanned {
                norm: &norm,
                case: Case::of(&text[start..end]),
                break_before: gap_breaks(&text[gap_start..start]),
                offset: start,
            });
            gap_start = end;
        }
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
    use arshif_analysis::normalize;

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
    fn the_pair_table_is_the_analysis_rules() {
        for b0 in 0..=255u8 {
            for b1 in 0..=255u8 {
                let basic = is_basic_arabic(b0, b1);
                // A hamza seat folds whatever follows it (ئ before ول or not).
                let folds =
                    fold_basic_pair(b0, b1).is_some() || fold_seat_at(&[b0, b1], 0).is_some();
                // A two-byte character of the Arabic block that normalizes to nothing and that
                // the tokenizer goes on through (the word around it is one word).
                let dropped = std::str::from_utf8(&[b0, b1])
                    .ok()
                    .and_then(|c| c.chars().next())
                    .filter(|c| ('\u{0600}'..='\u{067F}').contains(c))
                    .is_some_and(|c| {
                        let word = format!("ب{c}ب");
                        normalize(&c.to_string()).is_empty()
                            && tokenizer::word_len(&word) == word.len()
                    });
                let expected = match (basic, folds, dropped) {
                    (false, _, true) => Pair::Drop,
                    (false, _, false) => Pair::Other,
                    (true, false, _) => Pair::Keep,
                    (true, true, _) => Pair::Fold,
                };
                assert_eq!(arabic_pair(b0, b1), expected, "{b0:02X} {b1:02X}");
            }
        }
    }

    #[test]
    fn the_word_end_shortcut_goes_on_through_no_word() {
        for c in ['،', '؛', '؟', '«', '»', '\u{00A0}'] {
            assert!(ends_arabic_word(c));
            let rest = format!("{c}روسيا");
            assert_eq!(tokenizer::word_len(&rest), 0, "U+{:04X}", c as u32);
        }
        assert!(!ends_arabic_word('\u{200C}') && !ends_arabic_word('\u{064E}'));
    }

    #[test]
    fn the_punctuation_shortcut_starts_no_word() {
        let chars = ['\u{00A0}', '«', '»', '،', '؛', '؟']
            .into_iter()
            .chain('\u{2000}'..='\u{206F}');
        let mut n = 0;
        for c in chars {
            assert!(is_punctuation(c), "U+{:04X}", c as u32);
            assert!(!tokenizer::starts_word(c), "U+{:04X}", c as u32);
            n += 1;
        }
        assert_eq!(n, 118);
        assert!(!is_punctuation('ا') && !is_punctuation('a') && !is_punctuation('é'));
    }

    #[test]
    fn words_are_the_index_tokens() {
        let text = "قال بلينكين، وزير الخارجية: «أَرْمِينِيَا» وأذربيجان ARMENIA‌s 2022م. \
                    قال مسئول في هيئة شئون اللاجئين إن لاجئون ومسؤولية رئيس.";
        let ours: Vec<String> = words(text).into_iter().map(|w| w.norm).collect();
        // The index's tokenizer and normalization (not the whole analyzer: stemming or stopwords
        // there must not change what names are matched against).
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let mut tokenizer = arshif_analysis::WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut theirs = Vec::new();
        while stream.advance() {
            theirs.push(normalize(&stream.token().text));
        }
        assert_eq!(ours, theirs);
    }

    /// The index's tokenizer and normalization, word by word.
    fn index_words(text: &str) -> Vec<String> {
        use tantivy::tokenizer::{TokenStream, Tokenizer};
        let mut tokenizer = arshif_analysis::WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            let mut norm = normalize(&t.text);
            if text[t.offset_to..].starts_with('+') {
                norm.push('+');
            }
            if !norm.is_empty() {
                out.push(norm);
            }
        }
        out
    }

    fn our_words(text: &str) -> Vec<String> {
        words(text).into_iter().map(|w| w.norm).collect()
    }

    #[test]
    fn the_fast_path_cuts_real_text_as_the_index_does() {
        // Every sample article and evaluation article: Arabic, English, JSON, Markdown.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut n = 0;
        for dir in ["data-samples", "eval/entities/articles"] {
            for entry in std::fs::read_dir(root.join(dir)).expect("sample directories exist") {
                let path = entry.expect("readable directory").path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                assert_eq!(our_words(&text), index_words(&text), "{}", path.display());
                n += 1;
            }
        }
        assert!(n >= 50, "only {n} files");
    }

    #[test]
    fn the_fast_path_hands_over_at_every_unusual_character() {
        for text in [
            "2020-09-27 و27/9/2020 و3.5 و٣٫٥ و1,200 12:30 ab12.5 12.x",
            "الـCSTO بـ19 2020م COVID19 F16 أرمينياArmenia",
            "مُحَمَّد الأرمــينية أر\u{200C}مينيا ﻷرمينيا ک",
            "Çavuşoğlu Mevlüt Orbán e\u{301}te naïve ＡＢＣ",
            "أوبك+ OPEC+ +روسيا ،روسيا؛ «أرمينيا» روسيا… روسيا\u{00A0}ليبيا",
            "Москва 東京 아르메니아 پاکستان ۱۲۳ ١٢٣",
        ] {
            assert_eq!(our_words(text), index_words(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_cut_as_the_index_does(
            text in "[ a-zA-Z0-9.,/:+\\-éüÇ\u{0301}\u{064E}\u{0640}\u{200C}\u{00A0}،؟«»٫٬٣ابتةىأإآءلوكفيهن۱پک]{0,40}"
        ) {
            proptest::prop_assert_eq!(our_words(&text), index_words(&text));
        }
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
