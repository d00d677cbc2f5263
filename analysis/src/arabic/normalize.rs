//! Arabic orthographic normalization.
//!
//! The same Arabic word reaches an archive in many spellings: with or without hamza on its alef
//! (أرمينيا / ارمينيا), with ى or ي at the end, ة or ه, fully vowelled or bare, stretched with
//! tatweel for layout, typed with Persian keyboard letters (ی ک), pasted from PDFs as
//! presentation forms (ﺃﺭﻣﻴﻨﻴﺎ) or with Arabic-Indic digits (٢٠٢٠). Readers treat all of these as
//! one word, so the index must too. [`normalize_into`] folds them in one pass over the characters;
//! [`ArabicNormalizer`] applies it to each token while leaving token offsets on the original text,
//! so highlighting still marks what the author wrote.

use std::mem;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};
use unicode_normalization::char::decompose_compatible;

use crate::tokenizer::{basic_arabic_run, is_invisible_in_word, starts_word};

/// What one input character becomes.
enum Fold {
    Keep,
    Drop,
    To(char),
    /// A compatibility form (presentation form, ligature): decompose it, then fold each part.
    Decompose,
    /// A non-ASCII capital: lowercase it, then fold each part.
    Lower,
}

fn fold(c: char) -> Fold {
    match c {
        // Alef with hamza above/below, madda, wasla, and the rarer wavy-hamza alefs.
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' | '\u{0675}' => Fold::To('ا'),
        // Alef maqsura and the Persian/Urdu/Kurdish yeh shapes.
        'ى' | 'ی' | 'ې' | 'ۍ' | 'ێ' => Fold::To('ي'),
        // Ta marbuta and the heh shapes of Persian, Urdu and Kurdish.
        'ة' | 'ۀ' | 'ە' | 'ھ' | 'ہ' | 'ۂ' | 'ۃ' => Fold::To('ه'),
        // Persian keheh and the swash kaf.
        'ک' | 'ڪ' => Fold::To('ك'),
        // Arabic-Indic and Eastern (Persian/Urdu) Arabic-Indic digits.
        '\u{0660}'..='\u{0669}' => digit(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(c as u32 - 0x06F0),
        // The Arabic decimal and thousands separators, so that ٣٫٥ is 3.5 and ١٬٢٠٠ is 1,200.
        '\u{066B}' => Fold::To('.'),
        '\u{066C}' => Fold::To(','),
        // Every other basic Arabic letter is already normal (and testing here spares the
        // Unicode case tables below).
        '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' => Fold::Keep,
        // Tatweel stretches a word for layout; it is never part of the spelling.
        '\u{0640}' => Fold::Drop,
        // Harakat, shadda, sukun, superscript alef and the Quranic annotation marks.
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08FF}' => Fold::Drop,
        c if is_invisible_in_word(c) => Fold::Drop,
        // ﷺ and ﷻ are whole honorific formulas (صلى الله عليه وسلم, جل جلاله) in one glyph; they
        // would decompose into several words inside one token. Like stopwords, they are dropped.
        '\u{FDFA}' | '\u{FDFB}' => Fold::Drop,
        // Arabic presentation forms A and B: PDF extraction and old encodings produce them.
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => Fold::Decompose,
        c if c.is_ascii() => {
            if c.is_ascii_uppercase() {
                Fold::To(c.to_ascii_lowercase())
            } else {
                Fold::Keep
            }
        }
        c if c.is_uppercase() => Fold::Lower,
        _ => Fold::Keep,
    }
}

fn digit(value: u32) -> Fold {
    char::from_digit(value, 10).map_or(Fold::Keep, Fold::To)
}

/// Appends the normalized form of `text` to `out`, as the index's terms have it: the
/// [`ArabicNormalizer`]'s folds, then the hamza seats' ([`HamzaSeats`]).
///
/// Normalization is idempotent: normalizing its output again changes nothing.
pub fn normalize_into(text: &str, out: &mut String) {
    let start = out.len();
    normalize_keeping_seats_into(text, out);
    if out[start..].contains(['ؤ', 'ئ', '\u{0676}', '\u{0678}']) {
        let mut tail = out.split_off(start);
        fold_seats(&mut tail);
        out.push_str(&tail);
    }
}

/// [`normalize_into`] without the hamza seats: what tokens are when stopwords are removed.
pub(crate) fn normalize_keeping_seats_into(text: &str, out: &mut String) {
    for c in text.chars() {
        push_folded(c, out);
    }
}

/// [`normalize`] without the hamza seats ([`normalize_keeping_seats_into`]): the stopword list's
/// form.
pub(crate) fn normalize_keeping_seats(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_keeping_seats_into(text, &mut out);
    out
}

fn push_folded(c: char, out: &mut String) {
    match fold(c) {
        Fold::Keep => out.push(c),
        Fold::Drop => {}
        Fold::To(to) => out.push(to),
        // Neither a lowercase letter nor a decomposition part folds back into either case, but
        // guard the recursion anyway: a part that would recurse again is kept as it is.
        Fold::Lower => c.to_lowercase().for_each(|part| push_part(part, out)),
        Fold::Decompose => decompose_compatible(c, |part| push_part(part, out)),
    }
}

fn push_part(part: char, out: &mut String) {
    // The isolated forms of harakat (U+FE70–FE7F) decompose to a space and the mark: the space
    // is layout, and must not split or pad the word.
    if part.is_whitespace() {
        return;
    }
    match fold(part) {
        Fold::Lower | Fold::Decompose => out.push(part),
        _ => push_folded(part, out),
    }
}

/// Normalizes in place a word made of basic Arabic letters only — most words of an Arabic
/// archive — and returns true; returns false, changing nothing, for any other word. Of those
/// letters only أ إ آ ى ة fold ([`fold`]), each to a letter of the same two-byte length, so the
/// word is rewritten where it is instead of decoded character by character into a new buffer.
fn fold_basic_arabic(word: &mut String) -> bool {
    if word.is_empty() || basic_arabic_run(word.as_bytes()) != word.len() {
        return false;
    }
    for at in (0..word.len()).step_by(2) {
        let bytes = word.as_bytes();
        if let Some(to) = fold_basic_pair(bytes[at], bytes[at + 1]) {
            word.replace_range(at..at + 2, to);
        }
    }
    true
}

/// What the basic Arabic letter encoded as `b0 b1` folds to, if it folds: آ أ إ → ا, ى → ي,
/// ة → ه (`fold`); every other basic letter is kept (the hamza seats ؤ ئ are
/// [`fold_seat_at`]'s). For passes over bytes (here and in extraction's word scanner).
// Called per character by extraction, in another crate: inlined there too.
#[inline]
pub fn fold_basic_pair(b0: u8, b1: u8) -> Option<&'static str> {
    match (b0, b1) {
        (0xD8, 0xA2 | 0xA3 | 0xA5) => Some("ا"),
        (0xD9, 0x89) => Some("ي"),
        (0xD8, 0xA9) => Some("ه"),
        _ => None,
    }
}

/// The bare seat of the hamza letter at byte `at` of `word` (ؤ → و, ئ → ي), if a hamza on waw or
/// yeh is there.
///
/// People type the bare seat (`مسوول`, `رييس`, `هيية`) as often as they drop the alef's hamza.
/// Before `ول`, ئ is how Egypt writes ؤ (`مسئول`, `مسئولية` for `مسؤول`, `مسؤولية`: a third of
/// the uses in wordfreq's Arabic), so there it becomes و and the three spellings meet; elsewhere
/// ئو is the standard spelling too (`لاجئون`, whose bare form is `لاجيون`) and ئ stays ي.
/// The seats fold *after* stopwords are removed ([`HamzaSeats`]): folded before, `فئة` (a group)
/// would be the stopword `فيه` and `لين` would be the stopword `لئن`.
// Called per character by extraction, in another crate: inlined there too.
#[inline]
pub fn fold_seat_at(word: &[u8], at: usize) -> Option<&'static str> {
    match word.get(at..at + 2)? {
        [0xD8, 0xA4] => Some("و"),
        [0xD8, 0xA6] if word[at + 2..].starts_with("ول".as_bytes()) => Some("و"),
        [0xD8, 0xA6] => Some("ي"),
        _ => None,
    }
}

/// Folds the hamza seats of `word` ([`fold_seat_at`]), and the rare high-hamza letters ٶ ٸ,
/// which [`normalize_into`] leaves as they are otherwise.
pub(crate) fn fold_seats(word: &mut String) {
    if !word.contains(['ؤ', 'ئ', '\u{0676}', '\u{0678}']) {
        return;
    }
    let mut out = String::with_capacity(word.len());
    for (at, c) in word.char_indices() {
        match c {
            'ؤ' | 'ئ' => out.push_str(fold_seat_at(word.as_bytes(), at).unwrap_or("")),
            '\u{0676}' => out.push('و'),
            '\u{0678}' => out.push('ي'),
            c => out.push(c),
        }
    }
    *word = out;
}

/// Returns the normalized form of `text`. See [`normalize_into`].
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// A token filter that normalizes each token's text (see the module documentation) and drops
/// tokens that normalize to nothing (a lone tatweel or diacritic).
#[derive(Clone, Copy, Debug, Default)]
pub struct ArabicNormalizer;

impl TokenFilter for ArabicNormalizer {
    type Tokenizer<T: Tokenizer> = ArabicNormalizerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicNormalizerFilter<T> {
        ArabicNormalizerFilter {
            inner: tokenizer,
            buffer: String::new(),
        }
    }
}

/// [`ArabicNormalizer`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct ArabicNormalizerFilter<T> {
    inner: T,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for ArabicNormalizerFilter<T> {
    type TokenStream<'a> = ArabicNormalizerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicNormalizerStream {
            tail: self.inner.token_stream(text),
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of [`ArabicNormalizerFilter`].
pub struct ArabicNormalizerStream<'a, S> {
    tail: S,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for ArabicNormalizerStream<'_, S> {
    fn advance(&mut self) -> bool {
        while self.tail.advance() {
            let token = self.tail.token_mut();
            // Fast path: lowercase ASCII words are already normal.
            if token
                .text
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
            {
                return true;
            }
            if fold_basic_arabic(&mut token.text) {
                return true;
            }
            self.buffer.clear();
            // A word may start with a mark that is Alphabetic in Unicode (U+0610) and normalizes
            // away, leaving a mark that cannot start a word (U+08CA): skip such leading marks, so
            // that a term, analyzed again as a query, is itself.
            normalize_keeping_seats_into(&token.text, self.buffer);
            let skip = self
                .buffer
                .char_indices()
                .find(|&(_, c)| starts_word(c))
                .map_or(self.buffer.len(), |(i, _)| i);
            self.buffer.drain(..skip);
            mem::swap(&mut token.text, self.buffer);
            if !token.text.is_empty() {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// A token filter folding the hamza seats ؤ → و, ئ → ي ([`fold_seat_at`]); placed after the
/// stopwords, so that a folded word never becomes one (`فئة` is not `فيه`).
#[derive(Clone, Copy, Debug, Default)]
pub struct HamzaSeats;

impl TokenFilter for HamzaSeats {
    type Tokenizer<T: Tokenizer> = HamzaSeatsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> HamzaSeatsFilter<T> {
        HamzaSeatsFilter(tokenizer)
    }
}

/// [`HamzaSeats`] wrapped around a tokenizer.
#[derive(Clone)]
pub struct HamzaSeatsFilter<T>(T);

impl<T: Tokenizer> Tokenizer for HamzaSeatsFilter<T> {
    type TokenStream<'a> = HamzaSeatsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        HamzaSeatsStream(self.0.token_stream(text))
    }
}

/// The token stream of [`HamzaSeatsFilter`].
pub struct HamzaSeatsStream<S>(S);

impl<S: TokenStream> TokenStream for HamzaSeatsStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        fold_seats(&mut self.0.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hamza_carriers_and_wasla_become_bare_alef() {
        assert_eq!(normalize("أإآٱا"), "ااااا");
        assert_eq!(normalize("الأذربيجانية"), "الاذربيجانيه");
    }

    #[test]
    fn hamza_on_waw_and_yeh_become_the_bare_seat() {
        assert_eq!(normalize("مسؤول"), normalize("مسوول"));
        assert_eq!(normalize("هيئة"), normalize("هيية"));
        assert_eq!(normalize("رئيس"), "رييس");
        assert_eq!(normalize("سؤال"), "سوال");
        // Before ول, ئ is Egypt's ؤ: مسئول, مسؤول and مسوول are one word. Elsewhere ئو is the
        // standard spelling, and ئ is ي: لاجئون still meets لاجيون (and لاجئين).
        assert_eq!(normalize("مسئول"), normalize("مسوول"));
        assert_eq!(normalize("مسئولية"), normalize("مسؤولية"));
        assert_eq!(normalize("لاجئون"), "لاجيون");
        // A lone hamza is kept: dropping it would merge ماء (water) with the stopword ما.
        assert_eq!(normalize("جزء"), "جزء");
        // Folded after the stopwords: فئة (a group) is not the stopword فيه, لين not لئن.
        let terms = crate::exact_terms("فئة فيه لين لئن هؤلاء هولاء");
        assert_eq!(terms, vec!["فيه", "لين", "هولاء"]);
    }

    #[test]
    fn alef_maqsura_and_ta_marbuta() {
        assert_eq!(normalize("مستشفى"), "مستشفي");
        assert_eq!(normalize("منظمة"), "منظمه");
    }

    #[test]
    fn diacritics_superscript_alef_quranic_marks_and_tatweel_are_removed() {
        assert_eq!(normalize("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize("هٰذا"), "هذا");
        assert_eq!(normalize("الرَّحِيمِ\u{06DA}"), "الرحيم");
        assert_eq!(normalize("جـــيش"), "جيش");
    }

    #[test]
    fn persian_letter_variants_fold_to_arabic() {
        assert_eq!(normalize("کتاب"), "كتاب");
        assert_eq!(normalize("ایران"), "ايران");
        assert_eq!(normalize("مدرسە"), "مدرسه");
    }

    #[test]
    fn digits_become_ascii() {
        assert_eq!(normalize("٢٠٢٠"), "2020");
        assert_eq!(normalize("۱۴۰۲"), "1402");
    }

    #[test]
    fn arabic_decimal_and_thousands_separators_become_ascii() {
        assert_eq!(normalize("٣٫٥"), "3.5");
        assert_eq!(normalize("١٬٢٠٠"), "1,200");
    }

    #[test]
    fn presentation_forms_and_lam_alef_ligatures_fold() {
        // ﺃﺭﻣﻴﻨﻴﺎ: the word as PDF extraction produces it, letter by letter.
        assert_eq!(normalize("ﺃﺭﻣﻴﻨﻴﺎ"), "ارمينيا");
        // ﻷ is lam + alef-with-hamza in one glyph.
        assert_eq!(normalize("ﻷ"), "لا");
        assert_eq!(normalize("ﻻ"), "لا");
        // Multi-word formulas in one glyph are dropped, not turned into a term with spaces.
        assert_eq!(normalize("محمد ﷺ"), "محمد ");
        // Isolated harakat decompose to space + mark: both go.
        assert_eq!(normalize("بﹾ"), "ب");
    }

    #[test]
    fn marks_left_at_the_start_of_a_term_are_dropped() {
        // Found by proptest: U+0610 starts a word (it is Alphabetic), U+08CA does not.
        assert_eq!(crate::exact_terms("\u{610}\u{8ca}A"), vec!["a"]);
        assert_eq!(crate::exact_terms("\u{610}\u{301}A"), vec!["a"]);
    }

    #[test]
    fn invisible_formatting_is_dropped() {
        assert_eq!(normalize("مي\u{200C}خواهم"), "ميخواهم");
        assert_eq!(normalize("\u{200F}قال\u{202C}"), "قال");
    }

    #[test]
    fn latin_is_lowercased() {
        assert_eq!(normalize("CSTO"), "csto");
        assert_eq!(normalize("Ärger"), "ärger");
    }

    #[test]
    fn normalization_is_idempotent() {
        for text in [
            "أَرْمِينِيَا ﻷوكرانيا ٢٠٢٠ CSTO مدرسە ی ک",
            "ﷲ ﷺ ﯿ ﷻ",
            "İstanbul ΣΑΣ",
        ] {
            let once = normalize(text);
            assert_eq!(normalize(&once), once, "{text}");
        }
    }

    #[test]
    fn words_of_basic_letters_fold_in_place_as_they_normalize() {
        // Every basic letter, alone and inside a word, at its start and its end.
        let letters = ('\u{0621}'..='\u{063A}').chain('\u{0641}'..='\u{064A}');
        for c in letters {
            for word in [
                format!("{c}"),
                format!("{c}كتاب"),
                format!("مدرس{c}"),
                format!("ب{c}{c}ت"),
            ] {
                let mut folded = word.clone();
                assert!(fold_basic_arabic(&mut folded), "{word}");
                assert_eq!(folded, normalize_keeping_seats(&word), "{word}");
            }
        }
        // Anything else is left to the general way: diacritics, tatweel, other scripts, digits.
        for word in ["", "كَتَب", "كتـاب", "CSTO", "بـ19", "مدرسە", "٢٠٢٠", "abc"]
        {
            let mut kept = word.to_string();
            assert!(!fold_basic_arabic(&mut kept), "{word}");
            assert_eq!(kept, word);
        }
        // The words of a real article agree either way.
        let text = include_str!("../../../data-samples/armenia-azerbaijan-clashes.txt");
        let mut fast = 0;
        for word in text.split(|c: char| !starts_word(c)) {
            let mut folded = word.to_string();
            if fold_basic_arabic(&mut folded) {
                assert_eq!(folded, normalize_keeping_seats(word), "{word}");
                fast += 1;
            }
        }
        assert!(fast > 200, "{fast}");
    }
}
