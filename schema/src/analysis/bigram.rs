// stand-in until the cjk branch lands
//! CJK bigrams: Korean, and the fallback for Japanese and Chinese.
//!
//! Runs of Han, kana and Hangul become overlapping pairs of characters (`衝突が発生` → `衝突`
//! `突が` `が発` `発生`); a lone character stays one token. Everything else is split into
//! lowercased words. A query is analysed the same way, so a word of any length is found as the
//! phrase of its bigrams.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The bigram tokenizer of the module documentation.
#[derive(Clone, Copy, Debug, Default)]
pub struct BigramTokenizer;

/// Its token stream: tokens are computed up front (CJK text is short per field value).
pub struct BigramStream {
    tokens: Vec<Token>,
    next: usize,
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'   // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}' // katakana extensions
        | '\u{3400}'..='\u{4DBF}' // Han extension A
        | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{F900}'..='\u{FAFF}' // Han compatibility
        | '\u{FF66}'..='\u{FF9F}' // half-width katakana
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{AC00}'..='\u{D7AF}' // Hangul syllables
        | '\u{20000}'..='\u{2FFFF}')
}

fn push(tokens: &mut Vec<Token>, text: String, from: usize, to: usize) {
    let position = tokens.len();
    tokens.push(Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    });
}

/// The tokens of `text`.
pub fn bigrams(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i + 1).map_or(text.len(), |(o, _)| *o);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        if is_cjk(c) {
            let mut j = i;
            while j + 1 < chars.len() && is_cjk(chars[j + 1].1) {
                j += 1;
            }
            if i == j {
                push(&mut tokens, c.to_string(), start, end_of(i));
            }
            for k in i..j {
                let to = end_of(k + 1);
                push(
                    &mut tokens,
                    text[chars[k].0..to].to_string(),
                    chars[k].0,
                    to,
                );
            }
            i = j + 1;
        } else if c.is_alphanumeric() {
            let mut j = i;
            while j + 1 < chars.len() && chars[j + 1].1.is_alphanumeric() && !is_cjk(chars[j + 1].1)
            {
                j += 1;
            }
            let to = end_of(j);
            push(&mut tokens, text[start..to].to_lowercase(), start, to);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    tokens
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        BigramStream {
            tokens: bigrams(text),
            next: 0,
        }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The CJK bigram analyzer.
pub fn cjk_bigram_analyzer() -> tantivy::tokenizer::TextAnalyzer {
    tantivy::tokenizer::TextAnalyzer::builder(BigramTokenizer)
        .filter(tantivy::tokenizer::RemoveLongFilter::limit(100))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_bigrams_and_words_stay_whole() {
        let terms: Vec<String> = bigrams("衝突が発生 CSTO 2022年")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            terms,
            ["衝突", "突が", "が発", "発生", "csto", "2022", "年"]
        );
    }
}
