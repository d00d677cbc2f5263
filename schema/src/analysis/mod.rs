//! Text analysis: how article text and queries become index terms.
//!
//! Following tantivy's and charabia's design, analysis is a pipeline of small steps, one file
//! each, composed in [`analyzer`]:
//!
//! 1. [`tokenizer::WordTokenizer`] — splits on anything that is not part of a word, keeping
//!    Arabic diacritics, tatweel and joiners *inside* the word they decorate, numbers and dates
//!    whole, and parting Arabic letters from Latin ones and digits;
//! 2. [`arabic::ArabicNormalizer`] — folds spelling variants (hamza carriers, ى/ي, ة/ه,
//!    diacritics, tatweel, presentation forms, Arabic-Indic digits, Latin case) so that every
//!    way of writing a word yields one term, while token offsets keep pointing at the original
//!    text for highlighting;
//! 3. [`stopwords`] — removes function words, compared after normalization;
//! 4. [`stem::ArabicStemmer`] — strips clitics and inflection, but keeps proper nouns whole.
//!
//! The index has two views of each text field: `title`/`body` use the full pipeline
//! ([`ARABIC`], for recall), `title_exact`/`body_exact` stop before stemming ([`ARABIC_EXACT`],
//! for precision and phrases). Both binaries call [`register`] on every index they create or
//! open, so the indexer and the searcher cannot disagree about analysis.

pub mod arabic;
pub mod bigram;
pub mod chinese;
pub mod japanese;
pub mod stem;
pub mod stopwords;
pub mod tokenizer;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer};
use tantivy::Index;

pub use arabic::{normalize, ArabicNormalizer};
pub use stem::{ArabicStemmer, StemRule};
pub use tokenizer::WordTokenizer;

/// The name of the stemmed analyzer (the `title` and `body` fields).
pub const ARABIC: &str = "arabic";
/// The name of the exact analyzer: normalized, stopwords removed, not stemmed
/// (`title_exact`, `body_exact`).
pub const ARABIC_EXACT: &str = "arabic_exact";

/// The stemmer of the [`ARABIC`] analyzer, chosen by measuring retrieval
/// (`docs/arabic-analysis.md`).
pub const STEM_RULE: StemRule = StemRule::Arshif;

/// Tokens longer than this (in bytes) are dropped: they are base64 blobs, URLs run together or
/// other noise, never words anyone searches for, and they bloat the term dictionary.
const MAX_TOKEN_BYTES: usize = 100;

/// Builds the analysis pipeline with the given stemmer ([`StemRule::None`] for the exact view).
pub fn analyzer(rule: StemRule) -> TextAnalyzer {
    let base = TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ArabicNormalizer)
        .filter(stopwords::filter());
    match rule {
        StemRule::None => base.build(),
        rule => base.filter(ArabicStemmer(rule)).build(),
    }
}

/// The [`ARABIC`] analyzer: tokenization, normalization, stopwords, stemming.
pub fn arabic_analyzer() -> TextAnalyzer {
    analyzer(STEM_RULE)
}

/// The [`ARABIC_EXACT`] analyzer: tokenization, normalization, stopwords.
pub fn arabic_exact_analyzer() -> TextAnalyzer {
    analyzer(StemRule::None)
}

/// Registers every analyzer the schema names on `index`.
pub fn register(index: &Index) {
    index.tokenizers().register(ARABIC, arabic_analyzer());
    index
        .tokenizers()
        .register(ARABIC_EXACT, arabic_exact_analyzer());
}

/// Runs `analyzer` over `text` and returns the terms it produces, in order.
pub fn run(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// The terms the [`ARABIC`] (stemmed) analyzer makes of `text`, in order.
/// Handy for tests and for showing users what their query becomes.
pub fn terms(text: &str) -> Vec<String> {
    run(&mut arabic_analyzer(), text)
}

/// The terms the [`ARABIC_EXACT`] analyzer makes of `text`, in order.
pub fn exact_terms(text: &str) -> Vec<String> {
    run(&mut arabic_exact_analyzer(), text)
}

#[cfg(test)]
mod tests;
