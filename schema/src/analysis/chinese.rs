// stand-in until the cjk branch lands
//! Chinese: jieba word segmentation (the cjk branch); here, CJK bigrams.

use tantivy::tokenizer::TextAnalyzer;

/// The Chinese analyzer.
pub fn chinese_analyzer() -> TextAnalyzer {
    super::bigram::cjk_bigram_analyzer()
}
