//! CJK bigrams: word search in Chinese, Japanese and Korean text without a dictionary.
//!
//! Chinese and Japanese are written without spaces and Korean glues particles onto words, so
//! "split on spaces" finds no words. Lucene's `CJKBigramFilter` answers with overlapping
//! bigrams: `アルメニア` becomes `アル ルメ メニ ニア`. A query is cut the same way and matched as
//! a phrase, so it finds every text that contains it, whatever the segmentation would have
//! been — at the cost of precision on short queries and of a larger index than a dictionary
//! gives. Arshif uses it for Korean (no offline Korean dictionary exists here) and for Japanese
//! when the lindera dictionary is missing (see [`super::japanese`]).
//!
//! The rules, as in Lucene:
//! - a **run** is a maximal sequence of Han, Hiragana, Katakana and Hangul characters; it gives
//!   its overlapping bigrams, or the character alone when the run is one character long;
//! - anything else that is a letter or a digit forms ordinary **words** (`EU`, `2024`), folded
//!   with NFKC and lowercased, so `ＥＵ` (full width) finds `eu`;
//! - everything else (spaces, punctuation, `、` `。` `「` `」` `・`) separates.
//!
//! Characters are NFKC-folded before pairing, so half-width katakana (`ｱﾙﾒﾆｱ`, with its voicing
//! marks as separate characters) gives the same bigrams as full-width `アルメニア`. Offsets point
//! into the original text, positions count tokens one by one.

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, Tokenizer};

use super::{fold_into, is_cjk, is_punctuation_only, is_voicing_mark, VecTokenStream};
use crate::MAX_TOKEN_BYTES;

/// The Korean analyzer, and Japanese's when the dictionary is missing.
pub fn cjk_bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

/// The bigram tokenizer; see the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct CjkBigramTokenizer;

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        bigrams(text, 0, &mut tokens);
        VecTokenStream::new(tokens)
    }
}

/// One NFKC-folded CJK character and the bytes of the original text it came from.
struct Unit {
    folded: char,
    from: usize,
    to: usize,
}

/// Appends the bigram tokens of `text` to `tokens`; offsets are shifted by `base` (the
/// position of `text` in a larger text), positions continue from the last token in `tokens`.
pub(crate) fn bigrams(text: &str, base: usize, tokens: &mut Vec<Token>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut scratch = String::new();
    while let Some((i, c)) = chars.next() {
        if (is_cjk(c) && !is_voicing_mark(c)) || (is_voicing_mark(c) && !units.is_empty()) {
            if let Some(start) = word_start.take() {
                push_word(&text[start..i], base + start, base + i, tokens);
            }
            // A character and the voicing marks after it fold together (ｶﾞ → ガ).
            let mut end = i + c.len_utf8();
            while let Some(&(j, m)) = chars.peek() {
                if !is_voicing_mark(m) {
                    break;
                }
                end = j + m.len_utf8();
                chars.next();
            }
            scratch.clear();
            fold_into(&text[i..end], &mut scratch);
            for folded in scratch.chars().filter(|f| !f.is_whitespace()) {
                units.push(Unit {
                    folded,
                    from: base + i,
                    to: base + end,
                });
            }
            continue;
        }
        flush_run(&mut units, tokens);
        if c.is_alphanumeric() || (word_start.is_some() && is_word_inner(c)) {
            word_start.get_or_insert(i);
        } else if let Some(start) = word_start.take() {
            push_word(&text[start..i], base + start, base + i, tokens);
        }
    }
    flush_run(&mut units, tokens);
    if let Some(start) = word_start {
        push_word(&text[start..], base + start, base + text.len(), tokens);
    }
}

/// Characters that continue a non-CJK word without starting one: combining marks (accents
/// written apart).
fn is_word_inner(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

fn next_position(tokens: &[Token]) -> usize {
    tokens.last().map_or(0, |t| t.position + 1)
}

fn push_word(word: &str, from: usize, to: usize, tokens: &mut Vec<Token>) {
    let mut text = String::with_capacity(word.len());
    fold_into(word, &mut text);
    if is_punctuation_only(&text) {
        return;
    }
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position: next_position(tokens),
        text,
        position_length: 1,
    });
}

/// Emits the bigrams of a finished run (its unigram if it has one character) and empties it.
fn flush_run(units: &mut Vec<Unit>, tokens: &mut Vec<Token>) {
    match units.len() {
        0 => {}
        1 => {
            let u = &units[0];
            tokens.push(Token {
                offset_from: u.from,
                offset_to: u.to,
                position: next_position(tokens),
                text: u.folded.to_string(),
                position_length: 1,
            });
        }
        _ => {
            for pair in units.windows(2) {
                let mut text = String::with_capacity(8);
                text.push(pair[0].folded);
                text.push(pair[1].folded);
                tokens.push(Token {
                    offset_from: pair[0].from,
                    offset_to: pair[1].to,
                    position: next_position(tokens),
                    text,
                    position_length: 1,
                });
            }
        }
    }
    units.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cjk::*;

    /// (term, original text under its offsets, position) for every token of `text`.
    fn tokens(text: &str) -> Vec<(String, String, usize)> {
        crate::tokens_with_text(&mut cjk_bigram_analyzer(), text)
    }

    fn terms(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|t| t.0).collect()
    }

    #[test]
    fn japanese_runs_become_overlapping_bigrams_with_offsets_and_positions() {
        let text = "アルメニアとアゼルバイジャンの国境で衝突が発生した。";
        let got = tokens(text);
        let first: Vec<_> = got.iter().take(5).cloned().collect();
        assert_eq!(
            first,
            vec![
                ("アル".into(), "アル".into(), 0),
                ("ルメ".into(), "ルメ".into(), 1),
                ("メニ".into(), "メニ".into(), 2),
                ("ニア".into(), "ニア".into(), 3),
                ("アと".into(), "アと".into(), 4),
            ]
        );
        // One run up to the full stop: 25 characters, 24 bigrams, positions 0..24.
        assert_eq!(got.len(), 24);
        assert_eq!(got.last().unwrap().0, "した");
        assert!(got.iter().enumerate().all(|(i, t)| t.2 == i));
        assert!(!terms(text).iter().any(|t| t.contains('。')));
    }

    #[test]
    fn korean_is_cut_into_bigrams_and_a_query_finds_its_word_inside_a_longer_one() {
        // 아르메니아와 = Armenia + the particle "and": the word's bigrams are all there.
        let doc = terms("아르메니아와 아제르바이잔이 휴전에 합의했다");
        let query = terms("아르메니아");
        assert_eq!(query, vec!["아르", "르메", "메니", "니아"]);
        assert!(doc.windows(4).any(|w| w == query.as_slice()), "{doc:?}");
        // Spaces end a run: no bigram spans two words.
        assert!(!doc.iter().any(|t| t.contains(' ')));
        assert!(!doc.contains(&"와아".to_string()));
    }

    #[test]
    fn a_single_character_run_is_a_unigram() {
        assert_eq!(terms("日 本"), vec!["日", "本"]);
        assert_eq!(terms("「国」"), vec!["国"]);
    }

    #[test]
    fn latin_words_and_numbers_are_words_folded_from_full_width() {
        assert_eq!(
            terms("ＥＵとNATOは2024年に"),
            vec!["eu", "と", "nato", "は", "2024", "年に"]
        );
        let got = tokens("ＥＵ");
        assert_eq!(got[0].1, "ＥＵ", "offsets point at the original text");
    }

    #[test]
    fn half_width_katakana_gives_the_full_width_bigrams() {
        assert_eq!(terms("ｱﾙﾒﾆｱ"), terms("アルメニア"));
        // ｶﾞ (two characters) folds to one ガ: the same bigrams as ガザ.
        assert_eq!(terms("ｶﾞｻﾞ"), terms("ガザ"));
        let got = tokens("ｶﾞｻﾞ");
        assert_eq!(got[0].1, "ｶﾞｻﾞ");
    }

    #[test]
    fn chinese_and_punctuation() {
        assert_eq!(
            terms("亚美尼亚，阿塞拜疆。"),
            vec!["亚美", "美尼", "尼亚", "阿塞", "塞拜", "拜疆"]
        );
    }

    #[test]
    fn folded_text_maps_offsets_back_to_the_original() {
        let text = "ＥＵとｶﾞｻﾞ";
        let folded = Folded::new(text);
        assert_eq!(folded.text, "EUとガザ");
        assert_eq!(folded.original(0, 2), (0, 6), "EU is the six bytes of ＥＵ");
        let gaza = folded.text.find("ガザ").unwrap();
        assert_eq!(folded.original(gaza, gaza + "ガザ".len()), (9, text.len()));
        assert_eq!(folded.original(gaza, gaza + 3), (9, 15), "ガ is ｶﾞ");
        let plain = Folded::new("アルメニア");
        assert!(matches!(plain.text, std::borrow::Cow::Borrowed(_)));
        assert_eq!(plain.original(3, 6), (3, 6));
    }

    #[test]
    fn empty_and_odd_input_never_panics() {
        for text in ["", " ", "。、", "\u{3099}", "ﾞﾞ", "a\u{301}b", "\u{FEFF}"] {
            let _ = terms(text);
        }
        assert!(terms("").is_empty());
        assert_eq!(terms("cafe\u{301}"), vec!["café"]);
    }
}
