//! Chinese analysis: jieba word segmentation, through `tantivy-jieba`.
//!
//! `tantivy-jieba` 0.21 implements tantivy's tokenizer API 0.7, the one tantivy 0.27 uses, so
//! no second tantivy is compiled; jieba's dictionary ships inside the `jieba-rs` crate (nothing
//! is downloaded, nothing to set up) and is loaded once per process, on first use.
//!
//! Jieba runs in its *search* mode: a long word also yields the dictionary words inside it
//! (`北京大学` → `北京` `大学` `北京大学`), so a query for `北京` finds an article about
//! `北京大学`, as users of a search engine expect. Positions are character offsets (the
//! crate's default), which keeps a query analysed the same way as the text it matches: the
//! sub-words of a query phrase sit at the same relative positions as in the article. Then, as
//! for Japanese, punctuation tokens are dropped and terms are NFKC-folded and lowercased, so
//! `ＵＮ` and `UN` are one term.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};
use tantivy_jieba::JiebaTokenizer;

use super::{fold_into, is_punctuation_only, Folded, VecTokenStream};
use crate::MAX_TOKEN_BYTES;

/// The Chinese analyzer: jieba (search mode), punctuation removed, NFKC and lowercase.
pub fn chinese_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(ChineseTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

/// jieba over the NFKC-folded text (it cuts full-width `ＵＮ` into `Ｕ` `Ｎ`), with offsets
/// mapped back to the original, punctuation dropped and terms lowercased.
#[derive(Clone, Default)]
pub struct ChineseTokenizer {
    jieba: JiebaTokenizer,
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let folded = Folded::new(text);
        let mut stream = self.jieba.token_stream(&folded.text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            if is_punctuation_only(&token.text) {
                continue;
            }
            let mut term = String::with_capacity(token.text.len());
            fold_into(&token.text, &mut term);
            let (offset_from, offset_to) = folded.original(token.offset_from, token.offset_to);
            out.push(Token {
                offset_from,
                offset_to,
                position: token.position,
                text: term,
                position_length: token.position_length,
            });
        }
        VecTokenStream::new(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (term, original text under its offsets, position) for every token of `text`.
    fn tokens(text: &str) -> Vec<(String, String, usize)> {
        crate::tokens_with_text(&mut chinese_analyzer(), text)
    }

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    const NEWS: &str = "亚美尼亚和阿塞拜疆在边境地区发生冲突，联合国呼吁双方保持克制。";

    #[test]
    fn a_news_sentence_is_cut_into_words() {
        let got = terms(NEWS);
        for word in [
            "亚美尼亚",
            "阿塞拜疆",
            "边境",
            "冲突",
            "联合国",
            "呼吁",
            "双方",
        ] {
            assert!(got.contains(&word.to_string()), "{word} missing in {got:?}");
        }
        // Search mode: the dictionary words inside 联合国 are terms too.
        assert!(got.contains(&"联合".to_string()), "{got:?}");
        // Punctuation is gone.
        assert!(!got.iter().any(|t| t == "，" || t == "。"), "{got:?}");
    }

    #[test]
    fn offsets_point_at_the_original_text_and_positions_are_character_offsets() {
        let mut analyzer = chinese_analyzer();
        let mut stream = analyzer.token_stream(NEWS);
        let mut seen = 0;
        while stream.advance() {
            let t = stream.token();
            assert_eq!(t.text, &NEWS[t.offset_from..t.offset_to]);
            assert_eq!(
                t.position,
                NEWS[..t.offset_from].chars().count(),
                "{}",
                t.text
            );
            seen += 1;
        }
        assert!(seen > 10);
        let got = tokens(NEWS);
        let azerbaijan = got.iter().find(|t| t.0 == "阿塞拜疆").unwrap();
        assert_eq!(azerbaijan.2, 5, "亚美尼亚和 is five characters");
    }

    #[test]
    fn a_query_is_analysed_like_the_text_it_should_match() {
        let doc = tokens(NEWS);
        let query = tokens("联合国呼吁");
        // Every query term is in the article at the same distance from the first one.
        let start = doc.iter().find(|t| t.0 == query[0].0).unwrap().2;
        for (term, _, position) in &query {
            assert!(
                doc.iter()
                    .any(|t| &t.0 == term && t.2 == start + position - query[0].2),
                "{term} not at the expected position in {doc:?}"
            );
        }
    }

    #[test]
    fn latin_inside_chinese_is_folded() {
        let got = terms("ＵＮ和NATO的声明");
        assert!(got.contains(&"un".to_string()), "{got:?}");
        assert!(got.contains(&"nato".to_string()), "{got:?}");
        assert!(got.contains(&"声明".to_string()), "{got:?}");
    }

    #[test]
    fn empty_text() {
        assert!(terms("").is_empty());
        assert!(terms("，。 ").is_empty());
    }
}
