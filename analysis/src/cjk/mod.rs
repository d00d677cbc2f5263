//! Chinese, Japanese and Korean: text written without spaces between words.
//!
//! Each language has its analyzer: [`chinese`] (jieba's dictionary), [`japanese`] (lindera
//! with IPADIC, else bigrams), [`korean`] (bigrams). [`bigram`] is Lucene's dictionary-free
//! answer, overlapping pairs of characters, which Korean uses and Japanese falls back to.
//!
//! This module holds the small pieces they share: [`Folded`] (NFKC before segmentation, with
//! offsets mapped back), [`fold_into`] (NFKC and lowercase for terms), [`is_punctuation_only`],
//! [`is_cjk`] and [`VecTokenStream`].

pub mod bigram;
pub mod chinese;
pub mod japanese;
pub mod korean;

use tantivy::tokenizer::{Token, TokenStream};
use unicode_normalization::UnicodeNormalization;

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
pub(crate) fn is_voicing_mark(c: char) -> bool {
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
