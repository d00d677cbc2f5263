//! Korean: CJK bigrams ([`super::bigram`]). Korean glues particles onto words, so splitting on
//! spaces finds no words either; a morphological analyzer would need a dictionary, and no
//! offline Korean dictionary exists here, so Korean is indexed and searched by bigrams.

use tantivy::tokenizer::TextAnalyzer;

/// The Korean analyzer: CJK bigrams.
pub fn korean_analyzer() -> TextAnalyzer {
    super::bigram::cjk_bigram_analyzer()
}
