//! The analyzers an Arshif index registers: `arshif-analysis`'s, with the knowledge base's
//! proper nouns for the Arabic stemmer (`arshif_entities::proper_nouns`).
//!
//! Analysis is handed its proper nouns rather than reading the gazetteer (which would make
//! analysis and entities depend on each other); this is where the two meet. Both binaries
//! register these on every index they create or open ([`crate::index`]), so the indexer and
//! the searcher cannot disagree about analysis. The functions below are
//! `arshif_analysis`'s of the same names, with those nouns.

use arshif_analysis::{Lang, StemRule};
use arshif_entities::proper_nouns;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

/// Registers every analyzer the schema names on `index`.
pub fn register(index: &Index) {
    arshif_analysis::register(index, proper_nouns());
}

/// The Arabic pipeline with the given stemmer ([`StemRule::None`] for the exact view).
pub fn analyzer(rule: StemRule) -> TextAnalyzer {
    arshif_analysis::analyzer(rule, proper_nouns())
}

/// The analyzer of the stemmed Arabic fields (`title`, `body`).
pub fn arabic_analyzer() -> TextAnalyzer {
    arshif_analysis::arabic_analyzer(proper_nouns())
}

/// The analyzer of `lang`'s text fields.
pub fn analyzer_for(lang: Lang) -> TextAnalyzer {
    arshif_analysis::analyzer_for(lang, proper_nouns())
}

/// The terms the stemmed Arabic analyzer makes of `text`, in order: what a query or an
/// article's word becomes in `title` and `body`.
pub fn terms(text: &str) -> Vec<String> {
    arshif_analysis::terms(text, proper_nouns())
}
