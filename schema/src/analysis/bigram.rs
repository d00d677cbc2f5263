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
//!
//! The module also holds the small pieces the dictionary analyzers share: [`Folded`] (NFKC
//! before segmentation, with offsets mapped back), [`fold_into`] (NFKC and lowercase for
//! terms), [`is_punctuation_only`] and [`VecTokenStream`].

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Tokens longer than this (in bytes) are dropped, as in the Arabic pipeline: base64 blobs and
/// URLs run together are never searched for.
pub(crate) const MAX_TOKEN_BYTES: usize = 100;

/// The Korean analyzer, and Japanese's when the dictionary is missing.
pub fn cjk_bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(CjkBigramTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build()
}

/// Whether `c` is Han, Hiragana, Katakana (full or half width) or Hangul: the characters that
/// are paired into bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'       // Hangul Jamo
        | '\u{2E80}'..='\u{2FDF}'     // CJK radicals, Kangxi radicals
        | '\u{3005}'..='\u{3007}'     // 々 〆 〇
        | '\u{3021}'..='\u{3029}'     // Hangzhou numerals
        | '\u{3031}'..='\u{3035}'     // kana repeat marks
        | '\u{303B}'                  // 〻
        | '\u{3041}'..='\u{3096}'     // Hiragana
        | '\u{3099}'..='\u{309F}'     // voicing marks, ゝ ゞ ゟ
        | '\u{30A1}'..='\u{30FA}'     // Katakana (not ・ U+30FB, a separator)
        | '\u{30FC}'..='\u{30FF}'     // ー ヽ ヾ ヿ
        | '\u{3130}'..='\u{318F}'     // Hangul compatibility Jamo
        | '\u{31F0}'..='\u{31FF}'     // Katakana phonetic extensions
        | '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'     // CJK unified ideographs
        | '\u{A960}'..='\u{A97F}'     // Hangul Jamo extended A
        | '\u{AC00}'..='\u{D7AF}'     // Hangul syllables
        | '\u{D7B0}'..='\u{D7FF}'     // Hangul Jamo extended B
        | '\u{F900}'..='\u{FAFF}'     // CJK compatibility ideographs
        | '\u{FF66}'..='\u{FF9F}'     // half-width Katakana and voicing marks
        | '\u{FFA0}'..='\u{FFDC}'     // half-width Hangul
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

/// Voicing marks that combine with the character before them (`ｶﾞ` is one `ガ`).
fn is_voicing_mark(c: char) -> bool {
    matches!(c, '\u{3099}' | '\u{309A}' | '\u{FF9E}' | '\u{FF9F}')
}

/// Whether a term has nothing searchable in it: no letter, digit or CJK character (`、`, `「`,
/// `・`, `--`). Such tokens are dropped by every CJK analyzer.
pub fn is_punctuation_only(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// Appends `text` NFKC-folded and lowercased to `out`: full-width Latin and digits become ASCII
/// (`ＥＵ２０２４` → `eu2024`), half-width katakana full width (`ｱﾙﾒﾆｱ` → `アルメニア`).
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    for c in text.nfkc() {
        if c.is_uppercase() {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
}

/// A text NFKC-folded for a segmenter, with the way back to the original's byte offsets.
///
/// Dictionaries and segmenters know `2024` and `EU` but not full-width `２０２４` or `ＥＵ`
/// (IPADIC and jieba cut those into single characters), nor half-width katakana: so the text
/// is folded *before* segmentation, one character (with the marks that follow it) at a time,
/// and token offsets are mapped back so that highlighting still points at the original text.
/// Text that is already NFKC (nearly all of it) is used as is, with no copy.
pub struct Folded<'a> {
    /// The folded text, what the segmenter reads.
    pub text: std::borrow::Cow<'a, str>,
    /// For each folded unit: (its start in `text`, its start in the original); empty when the
    /// text was already folded.
    map: Vec<(usize, usize)>,
    original_len: usize,
}

/// Marks that belong to the character before them.
fn is_attached_mark(c: char) -> bool {
    is_voicing_mark(c) || unicode_normalization::char::is_combining_mark(c)
}

impl<'a> Folded<'a> {
    /// Folds `text`.
    pub fn new(text: &'a str) -> Self {
        use unicode_normalization::IsNormalized;
        let quick = text.is_ascii()
            || unicode_normalization::is_nfkc_quick(text.chars()) == IsNormalized::Yes;
        if quick {
            return Folded {
                text: std::borrow::Cow::Borrowed(text),
                map: Vec::new(),
                original_len: text.len(),
            };
        }
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            while let Some(&(j, m)) = chars.peek() {
                if !is_attached_mark(m) {
                    break;
                }
                end = j + m.len_utf8();
                chars.next();
            }
            map.push((out.len(), start));
            let unit = &text[start..end];
            if unit.is_ascii() {
                out.push_str(unit);
            } else {
                out.extend(unit.nfkc());
            }
        }
        Folded {
            text: std::borrow::Cow::Owned(out),
            map,
            original_len: text.len(),
        }
    }

    /// The original byte range of the folded range `from..to`, widened to whole characters of
    /// the original.
    pub fn original(&self, from: usize, to: usize) -> (usize, usize) {
        if self.map.is_empty() {
            return (from, to);
        }
        let unit_of = |p: usize| self.map.partition_point(|&(f, _)| f <= p).saturating_sub(1);
        let start = self.map[unit_of(from)].1;
        let last = unit_of(to.saturating_sub(1).max(from));
        let end = self
            .map
            .get(last + 1)
            .map_or(self.original_len, |&(_, o)| o);
        (start, end.max(start))
    }
}

/// Tokens computed up front, handed out one by one: the shape of every CJK tokenizer here,
/// whose segmenters return whole vectors anyway.
pub struct VecTokenStream {
    /// The tokens, never empty: an empty text holds one default token that is never handed out,
    /// so that [`TokenStream::token`] is defined before the first `advance`.
    tokens: Vec<Token>,
    count: usize,
    next: usize,
}

impl VecTokenStream {
    /// A stream over `tokens`, in order.
    pub fn new(mut tokens: Vec<Token>) -> Self {
        let count = tokens.len();
        if tokens.is_empty() {
            tokens.push(Token::default());
        }
        VecTokenStream {
            tokens,
            count,
            next: 0,
        }
    }

    fn current(&self) -> usize {
        self.next.saturating_sub(1)
    }
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.next < self.count {
            self.next += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        &self.tokens[self.current()]
    }

    fn token_mut(&mut self) -> &mut Token {
        let i = self.current();
        &mut self.tokens[i]
    }
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

    /// (term, original text under its offsets, position) for every token of `text`.
    fn tokens(text: &str) -> Vec<(String, String, usize)> {
        crate::analysis::tokens_with_text(&mut cjk_bigram_analyzer(), text)
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
