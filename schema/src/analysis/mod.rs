//! Text analysis: how article text and queries become index terms.
//!
//! Following tantivy's and charabia's design, analysis is a pipeline of small steps, one file
//! each, composed in [`arabic_analyzer`]:
//!
//! 1. [`tokenizer::WordTokenizer`] — splits on anything that is not part of a word, keeping
//!    Arabic diacritics, tatweel and joiners *inside* the word they decorate;
//! 2. [`arabic::ArabicNormalizer`] — folds spelling variants (hamza carriers, ى/ي, ة/ه,
//!    diacritics, tatweel, presentation forms, Arabic-Indic digits, Latin case) so that every
//!    way of writing a word yields one term, while token offsets keep pointing at the original
//!    text for highlighting.
//!
//! Both binaries call [`register`] on every index they create or open, so the indexer and the
//! searcher cannot disagree about analysis.

pub mod arabic;
pub mod tokenizer;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

pub use arabic::{normalize, ArabicNormalizer};
pub use tokenizer::WordTokenizer;

/// The name under which the Arabic analyzer is registered; the schema refers to it.
pub const ARABIC: &str = "arabic";

/// Tokens longer than this (in bytes) are dropped: they are base64 blobs, URLs run together or
/// other noise, never words anyone searches for, and they bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 100;

/// Builds the `arabic` analyzer: word tokenization, then normalization.
pub fn arabic_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ArabicNormalizer)
        .build()
}

/// Registers every analyzer the schema names on `index`.
pub fn register(index: &Index) {
    index.tokenizers().register(ARABIC, arabic_analyzer());
}

/// Runs the Arabic analyzer over `text` and returns the terms it produces, in order.
/// Handy for tests and for showing users what their query becomes.
pub fn terms(text: &str) -> Vec<String> {
    let mut analyzer = arabic_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_of_one_word_meet() {
        // hamza carrier, bare alef, diacritics and tatweel: one term.
        for spelling in ["أرمينيا", "ارمينيا", "أَرْمِينِيَا", "أرمـــينيا"]
        {
            assert_eq!(terms(spelling), vec!["ارمينيا"], "{spelling}");
        }
    }

    #[test]
    fn arabic_punctuation_separates_words() {
        assert_eq!(
            terms("روسيا، تركيا؛ إيران؟ «مصر»"),
            vec!["روسيا", "تركيا", "ايران", "مصر"]
        );
    }

    #[test]
    fn mixed_scripts_and_digits() {
        assert_eq!(
            terms("منظمة (CSTO) عام ٢٠٢٠ و۱۴۰۲"),
            vec!["منظمه", "csto", "عام", "2020", "و1402"]
        );
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "قال بلينكين، وزير الخارجية";
        let mut analyzer = arabic_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut spans = Vec::new();
        while stream.advance() {
            let t = stream.token();
            spans.push(&text[t.offset_from..t.offset_to]);
        }
        assert_eq!(spans, vec!["قال", "بلينكين", "وزير", "الخارجية"]);
    }

    #[test]
    fn overlong_tokens_are_dropped() {
        let blob = "a".repeat(300);
        assert_eq!(terms(&format!("x {blob} y")), vec!["x", "y"]);
    }
}
