//! Word tokenization that keeps Arabic words whole.
//!
//! tantivy's `SimpleTokenizer` splits on every character that is not alphanumeric. That is wrong
//! for Arabic in two ways: combining marks outside Unicode's `Alphabetic` set (Quranic marks,
//! decomposed hamza, Latin accents) and invisible joiners (ZWNJ, bidi marks pasted from web
//! pages) would cut a word in two. Here a word starts at a letter or digit and runs on through
//! letters, digits, combining marks and those invisible characters; everything else — spaces,
//! Latin and Arabic punctuation (، ؛ ؟ « » “ ” …) — separates words. Two refinements:
//!
//! - **Numbers stay whole.** A `.` `,` `-` `/` `:` or the Arabic decimal and thousands
//!   separators (٫ ٬) between two digits joins them: `2020-09-27`, `27/9/2020`, `3.5`, `٣٫٥`,
//!   `1,200`, `12:30` are one token each, so a date or an amount is found as typed, and `3.5`
//!   does not match every article containing a 3 and a 5.
//! - **Arabic letters and other characters part.** `الـCSTO`, `بـ19` or `2020م` are written
//!   without a space but are two words each: the Arabic letters (with their tatweel) become one
//!   token and the Latin word or number another. Latin letters and digits stay together
//!   (`COVID19`, `F16`).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;

/// Splits text into words; see the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordTokenizer;

/// The token stream of [`WordTokenizer`].
pub struct WordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: Token,
}

/// Invisible characters that may sit inside a word without ending it: they are formatting, not
/// separators. The normalizer removes them from the term.
pub(crate) fn is_invisible_in_word(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                  // soft hyphen
            | '\u{061C}'            // Arabic letter mark
            | '\u{200C}'..='\u{200F}' // ZWNJ, ZWJ, LRM, RLM
            | '\u{202A}'..='\u{202E}' // bidi embeddings and overrides
            | '\u{2066}'..='\u{2069}' // bidi isolates
            | '\u{FEFF}' // zero-width no-break space (BOM)
    )
}

/// The basic Arabic letters (hamza to yeh): most characters of an Arabic archive. Testing them
/// first spares the Unicode table lookups of `is_alphanumeric` and `is_combining_mark`.
fn is_basic_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}')
}

/// The basic Arabic letters as the two bytes of their UTF-8 encoding (U+0621–U+063A are
/// D8 A1–D8 BA, U+0641–U+064A are D9 81–D9 8A), for passes over bytes.
// Called per character by extraction, in another crate: inlined there too.
#[inline]
pub fn is_basic_arabic(b0: u8, b1: u8) -> bool {
    (b0 == 0xD8 && (0xA1..=0xBA).contains(&b1)) || (b0 == 0xD9 && (0x81..=0x8A).contains(&b1))
}

/// The byte length of the run of basic Arabic letters `bytes` starts with.
pub(crate) fn basic_arabic_run(bytes: &[u8]) -> usize {
    bytes
        .chunks_exact(2)
        .take_while(|pair| is_basic_arabic(pair[0], pair[1]))
        .count()
        * 2
}

/// Whether `c` starts a word (a letter or a digit of any script): what the tokenizer and the
/// extractor's scan of words agree on.
pub fn starts_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if let Some(class) = Class::in_arabic_block(c) {
        return class.starts();
    }
    starts_word_slow(c)
}

fn starts_word_slow(c: char) -> bool {
    is_basic_arabic_letter(c) || c.is_alphanumeric()
}

fn continues_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_basic_arabic_letter(c)
        || c.is_alphanumeric()
        || is_combining_mark(c)
        || is_invisible_in_word(c)
}

fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    !is_basic_arabic_letter(c) && c.is_numeric()
}

/// Characters that join two digits into one number or date.
fn joins_digits(c: char) -> bool {
    matches!(c, '.' | ',' | '-' | '/' | ':' | '\u{066B}' | '\u{066C}')
}

/// Which side of a script boundary a letter or digit is on.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Script {
    /// Arabic-script letters (and tatweel).
    Arabic,
    /// Everything else that makes words: Latin, Cyrillic, digits of any script.
    Other,
    /// Marks and invisible characters: they belong to whatever they follow.
    Neutral,
}

fn script(c: char) -> Script {
    if c.is_ascii() {
        return Script::Other;
    }
    if is_basic_arabic_letter(c) {
        return Script::Arabic;
    }
    if is_combining_mark(c) || is_invisible_in_word(c) {
        return Script::Neutral;
    }
    match c {
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Script::Other,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}' => Script::Arabic,
        _ => Script::Other,
    }
}

/// What the tokenizer asks of a character — does it start a word, continue one, is it a digit,
/// which side of a script boundary is it on — in one byte.
///
/// In vowelled Arabic every other character is a diacritic, which the basic-letter fast path
/// does not take: each went through Unicode's `Alphabetic` and `Numeric` tables (binary
/// searches), a third of the instructions of indexing vowelled text (issue 29). The answers for
/// the Arabic block (U+0600–U+06FF) are therefore computed once, from the very predicates used
/// for every other character, so that a table can never disagree with them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Class(u8);

impl Class {
    const STARTS: u8 = 1;
    const CONTINUES: u8 = 2;
    const DIGIT: u8 = 4;
    const ARABIC: u8 = 8;
    const NEUTRAL: u8 = 16;

    /// The class by the general predicates.
    fn compute(c: char) -> Class {
        let mut bits = 0;
        if starts_word_slow(c) {
            bits |= Class::STARTS;
        }
        if continues_word(c) {
            bits |= Class::CONTINUES;
        }
        if is_digit(c) {
            bits |= Class::DIGIT;
        }
        bits |= match script(c) {
            Script::Arabic => Class::ARABIC,
            Script::Neutral => Class::NEUTRAL,
            Script::Other => 0,
        };
        Class(bits)
    }

    /// The class of a character of the Arabic block, from the table; `None` for any other.
    #[inline]
    fn in_arabic_block(c: char) -> Option<Class> {
        let i = (c as u32).wrapping_sub(0x0600);
        (i < 0x100).then(|| arabic_block()[i as usize])
    }

    fn starts(self) -> bool {
        self.0 & Class::STARTS != 0
    }

    fn continues(self) -> bool {
        self.0 & Class::CONTINUES != 0
    }

    fn digit(self) -> bool {
        self.0 & Class::DIGIT != 0
    }

    fn script(self) -> Script {
        if self.0 & Class::ARABIC != 0 {
            Script::Arabic
        } else if self.0 & Class::NEUTRAL != 0 {
            Script::Neutral
        } else {
            Script::Other
        }
    }
}

/// [`Class::compute`] of U+0600–U+06FF, computed on first use.
fn arabic_block() -> &'static [Class; 256] {
    static TABLE: std::sync::OnceLock<[Class; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [Class(0); 256];
        for (i, class) in (0x0600u32..).zip(table.iter_mut()) {
            // Every code point of the block is a character (no surrogates there).
            if let Some(c) = char::from_u32(i) {
                *class = Class::compute(c);
            }
        }
        table
    })
}

/// The byte length of the word starting at the beginning of `rest` (which starts a word).
pub fn word_len(rest: &str) -> usize {
    // Most words of an Arabic archive are basic letters only: take their run two bytes at a
    // time. Each would go through the loop below as a letter that continues the word on the
    // Arabic side and is no digit, so the loop resumes after it in exactly that state.
    let run = basic_arabic_run(rest.as_bytes());
    let side = if run > 0 {
        Script::Arabic
    } else {
        Script::Neutral
    };
    run + word_len_from(&rest[run..], side)
}

/// [`word_len`] from inside a word, whose letters so far were on `side`.
fn word_len_from(rest: &str, mut side: Script) -> usize {
    let mut chars = rest.char_indices().peekable();
    let mut last_digit = false;
    while let Some((i, c)) = chars.next() {
        // The Arabic block from the table; any other character (Latin, CJK, …) by the
        // predicates, as computed only when needed.
        let class = Class::in_arabic_block(c);
        if class.map_or_else(|| continues_word(c), Class::continues) {
            let s = class.map_or_else(|| script(c), Class::script);
            if s != Script::Neutral {
                if side != Script::Neutral && s != side {
                    return i;
                }
                side = s;
            }
            last_digit = class.map_or_else(|| is_digit(c), Class::digit);
            continue;
        }
        let next_is_digit = chars.peek().is_some_and(|&(_, n)| {
            Class::in_arabic_block(n).map_or_else(|| is_digit(n), Class::digit)
        });
        if last_digit && joins_digits(c) && next_is_digit {
            last_digit = false;
            continue;
        }
        return i;
    }
    rest.len()
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordTokenStream<'a> {
        WordTokenStream {
            text,
            cursor: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for WordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let rest = &self.text[self.cursor..];
        let Some(start) = rest.find(starts_word) else {
            self.cursor = self.text.len();
            return false;
        };
        let from = self.cursor + start;
        let to = from + word_len(&self.text[from..]);
        self.cursor = to;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut tokenizer = WordTokenizer;
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    #[test]
    fn positions_start_at_zero_and_count_words() {
        let w = words("Hello, happy tax payer!");
        assert_eq!(w.iter().map(|t| t.3).collect::<Vec<_>>(), vec![0, 1, 2, 3]);
        assert_eq!(w[3], ("payer".to_string(), 17, 22, 3));
    }

    #[test]
    fn marks_and_joiners_stay_inside_words() {
        // U+06DB (Quranic small high three dots) is not Alphabetic in Unicode,
        // ZWNJ and RLM are invisible: none of them may split the word.
        let text = "سَلَامٌ\u{06DB} مي\u{200C}خواهم \u{200F}قال";
        let got: Vec<String> = words(text).into_iter().map(|t| t.0).collect();
        assert_eq!(got, vec!["سَلَامٌ\u{06DB}", "مي\u{200C}خواهم", "قال"]);
    }

    #[test]
    fn arabic_and_latin_punctuation_separate() {
        let got: Vec<String> = words("«أرمينيا»، (CSTO)؛ 2020؟…")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(got, vec!["أرمينيا", "CSTO", "2020"]);
    }

    #[test]
    fn numbers_and_dates_stay_whole() {
        let got: Vec<String> =
            words("في 2020-09-27 و27/9/2020 نما 3.5% أو ٣٫٥ إلى 1,200 عند 12:30. وانتهى")
                .into_iter()
                .map(|t| t.0)
                .collect();
        assert_eq!(
            got,
            vec![
                "في",
                "2020-09-27",
                "و",
                "27/9/2020",
                "نما",
                "3.5",
                "أو",
                "٣٫٥",
                "إلى",
                "1,200",
                "عند",
                "12:30",
                "وانتهى"
            ]
        );
        // A separator not between two digits still separates.
        let got: Vec<String> = words("2020- 5. ,7 a-1").into_iter().map(|t| t.0).collect();
        assert_eq!(got, vec!["2020", "5", "7", "a", "1"]);
    }

    #[test]
    fn arabic_and_latin_letters_part_but_latin_and_digits_do_not() {
        let got: Vec<String> = words("الـCSTO بـ19 2020م COVID19 F-16 ٢٠٢٠م")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(
            got,
            vec![
                "الـ", "CSTO", "بـ", "19", "2020", "م", "COVID19", "F", "16", "٢٠٢٠", "م"
            ]
        );
    }

    /// [`word_len_from`] as it was before [`Class`]: each character through the general
    /// predicates, no table, no fast path.
    fn word_len_by_predicates(rest: &str) -> usize {
        let mut side = Script::Neutral;
        let mut chars = rest.char_indices().peekable();
        let mut last_digit = false;
        while let Some((i, c)) = chars.next() {
            if continues_word(c) {
                let s = script(c);
                if s != Script::Neutral {
                    if side != Script::Neutral && s != side {
                        return i;
                    }
                    side = s;
                }
                last_digit = is_digit(c);
                continue;
            }
            let next_is_digit = chars.peek().is_some_and(|&(_, n)| is_digit(n));
            if last_digit && joins_digits(c) && next_is_digit {
                last_digit = false;
                continue;
            }
            return i;
        }
        rest.len()
    }

    /// Fully vowelled text with the Arabic block's digits, separators and marks among words.
    const VOWELLED: &str = "حَدَّثَنَا قُتَيْبَةُ، عَنِ الأَعْمَشِ ـ رضى الله عنها ـ قَالَتِ اشْتَرَى \
        رَسُولُ اللَّهِ صلى الله عليه وسلم طَعَامًا\u{200F}.\u{200F} \u{0670}و٣٫٥ ١٬٢٠٠ ۱۲:۳۰ \
        ٢٠٢٠مَ بِـ١٩ الـCSTO ٔ ٕ ۖ ۗ۞ كِتَابٌ٣ ٪ ؟٣";

    #[test]
    fn the_arabic_block_table_agrees_with_the_general_predicates() {
        for c in (0x0600u32..0x0700).filter_map(char::from_u32) {
            let class = Class::in_arabic_block(c).expect("in the block");
            assert_eq!(class, Class::compute(c), "U+{:04X}", c as u32);
            assert_eq!(class.starts(), starts_word_slow(c), "U+{:04X}", c as u32);
            assert_eq!(class.continues(), continues_word(c), "U+{:04X}", c as u32);
            assert_eq!(class.digit(), is_digit(c), "U+{:04X}", c as u32);
            assert_eq!(class.script(), script(c), "U+{:04X}", c as u32);
        }
        assert_eq!(Class::in_arabic_block('\u{05FF}'), None);
        assert_eq!(Class::in_arabic_block('\u{0700}'), None);
    }

    #[test]
    fn vowelled_words_are_cut_as_before_the_table() {
        let got: Vec<String> = words(VOWELLED).into_iter().map(|t| t.0).collect();
        assert_eq!(&got[..6], ["حَدَّثَنَا", "قُتَيْبَةُ", "عَنِ", "الأَعْمَشِ", "ـ", "رضى"]);
        assert!(got.contains(&"٣٫٥".to_string()) && got.contains(&"١٬٢٠٠".to_string()));
    }

    #[test]
    fn empty_and_separator_only_text() {
        assert!(words("").is_empty());
        assert!(words(" ،؛؟ … \u{200F} ").is_empty());
    }

    #[test]
    fn the_basic_arabic_fast_path_cuts_words_as_the_general_rules_do() {
        let article = include_str!("../../data-samples/armenia-azerbaijan-clashes.txt");
        let mixed = "الـCSTO بـ19 2020م كتابٌ مدرسةً٣ عربيّة\u{200C}ات قالCOVID19 ﻷوكرانيا \
                     يريفان-باكو 3.5٪ ١٢:٣٠ مصرُ، لبنانَ؟ و\u{0670}سلم";
        let (mut fast, mut starts) = (0, 0);
        for text in [article, mixed, VOWELLED] {
            for c in text.chars() {
                assert_eq!(
                    starts_word(c),
                    c.is_ascii_alphanumeric() || starts_word_slow(c)
                );
            }
            for (at, _) in text.char_indices().filter(|&(_, c)| starts_word(c)) {
                let rest = &text[at..];
                assert_eq!(
                    word_len(rest),
                    word_len_from(rest, Script::Neutral),
                    "{rest}"
                );
                assert_eq!(word_len(rest), word_len_by_predicates(rest), "{rest}");
                starts += 1;
                fast += usize::from(basic_arabic_run(rest.as_bytes()) > 0);
            }
        }
        // The fast path was taken, and so was the general one.
        assert!(fast > 1_000 && starts - fast > 50, "{fast} of {starts}");
    }
}
