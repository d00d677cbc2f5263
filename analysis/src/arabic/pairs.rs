//! Pairs of common words, indexed as one term each, so that a phrase of two frequent words is
//! one posting list to read instead of a position check in every document holding both.
//!
//! A quoted phrase is matched from positions: tantivy intersects the words' documents and, in
//! each document holding all of them, decodes and compares their positions. For a phrase of two
//! rare words that is a few documents; for two frequent ones (`"الله صلى"`, `"قال رسول"`)
//! it is most of the archive, each document with many positions of each word — 40 ms at a
//! million articles where a one-word query takes 5. Lucene's answer is `CommonGramsFilter`
//! (and Elasticsearch's `index_phrases`): index word pairs as terms of their own. Indexing
//! every pair would double the postings, and a pair with one rare word is cheap to match
//! anyway (the rare word leads), so only the pairs of two *common* words are indexed — the
//! [`common_words`], the most frequent of Arabic — in the `body_pairs` field, with their
//! counts (no positions: a pair's count in a document is the phrase's count there). At 1M
//! articles that is 0.6% more index, and a phrase of two frequent words takes 3 ms instead of
//! 40 (BENCHMARKS.md).
//!
//! [`CommonPairs`] runs after the exact view's steps (normalization, stopwords) and pairs tokens
//! at adjacent positions only: a stopword removed between two words leaves a gap, and the
//! phrase query then has a gap too, so neither pairs them. To spare the indexer a third
//! analysis of each body, the exact view notes the pairs as it goes (`RecordPairs`) and
//! [`CommonPairs`] takes them. The searcher (`arshif-search`'s `pair_phrase`) answers a
//! two-word phrase of common words from the pair's postings, scored exactly as tantivy scores
//! the phrase.

use std::cell::RefCell;
use std::sync::OnceLock;

use rustc_hash::FxHashSet;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::handoff::{HandOff, Record};
use super::stopwords::{is_stopword, list_words};

/// The list the common words come from (most frequent first; sources in the file).
const LIST: &str = include_str!("../../data/common-ar.txt");

/// What separates the two words of a pair term: tokens never contain a space.
pub const SEPARATOR: char = ' ';

/// The common words, normalized, stopwords excluded (they are not in the exact view at all).
pub fn common_words() -> &'static FxHashSet<String> {
    static SET: OnceLock<FxHashSet<String>> = OnceLock::new();
    SET.get_or_init(|| list_words(LIST).filter(|word| !is_stopword(word)).collect())
}

/// Whether the normalized `word` is common: its pairs with other common words are indexed.
pub fn is_common(word: &str) -> bool {
    common_words().contains(word)
}

/// The term of the pair `first second`, as the filter indexes it.
pub fn pair_term(first: &str, second: &str) -> String {
    let mut term = String::with_capacity(first.len() + 1 + second.len());
    push_pair_term(&mut term, first, second);
    term
}

/// Pushes the term of the pair `first second` onto `out`.
fn push_pair_term(out: &mut String, first: &str, second: &str) {
    out.push_str(first);
    out.push(SEPARATOR);
    out.push_str(second);
}

/// The pairs of common words of one text, found one exact-view token at a time: their terms end
/// to end, and where each ends, stands and spans.
#[derive(Clone, Debug, Default)]
pub(crate) struct TextPairs {
    /// The text they were found in (set when it has been read to its end).
    text: String,
    terms: String,
    pairs: Vec<PairSpan>,
    /// The last token, if it was a common word: its text here, its position and start offset
    /// in `previous_at`.
    previous: String,
    previous_at: Option<(usize, usize)>,
}

/// Where one pair of [`TextPairs`] ends in its terms, stands and spans.
#[derive(Clone, Copy, Debug)]
struct PairSpan {
    end: usize,
    position: usize,
    from: usize,
    to: usize,
}

impl TextPairs {
    /// Writes its `n`th pair into `token`; false past the last.
    fn pair(&self, n: usize, token: &mut Token) -> bool {
        let Some(pair) = self.pairs.get(n) else {
            return false;
        };
        let start = n.checked_sub(1).map_or(0, |p| self.pairs[p].end);
        token.text.clear();
        token.text.push_str(&self.terms[start..pair.end]);
        token.position = pair.position;
        token.position_length = 2;
        token.offset_from = pair.from;
        token.offset_to = pair.to;
        true
    }
}

thread_local! {
    /// The pairs of the text the exact view analysed last on this thread (see `RecordPairs`).
    static LAST_EXACT: RefCell<TextPairs> = RefCell::new(TextPairs::default());
}

/// The notes of the exact view: it passes its tokens through unchanged and notes the pairs among
/// them, so that the pairs field of the same text need not be analysed again.
///
/// tantivy indexes a document's fields one after the other on one thread, `body_exact` before
/// `body_pairs`, each through its own analyzer: without this the body would be tokenized and
/// normalized a third time (12% more indexing time at 100k articles). When the stream has been
/// read to its end, the pairs and the text they came from are left in a thread-local;
/// [`CommonPairs`] takes them if its text is that very text (compared in full: an address could
/// be reused by another text), and otherwise analyses its text itself.
pub(crate) type RecordPairs = Record<TextPairs>;

impl HandOff for TextPairs {
    fn clear(&mut self) {
        self.text.clear();
        self.terms.clear();
        self.pairs.clear();
        self.previous.clear();
        self.previous_at = None;
    }

    /// Takes the next token of the text: notes a pair if it and the token before it are common
    /// words at adjacent positions.
    fn record(&mut self, token: &Token) {
        if !common_words().contains(token.text.as_str()) {
            self.previous_at = None;
            return;
        }
        if let Some((position, from)) = self.previous_at {
            if position + 1 == token.position {
                push_pair_term(&mut self.terms, &self.previous, &token.text);
                self.pairs.push(PairSpan {
                    end: self.terms.len(),
                    position,
                    from,
                    to: token.offset_to,
                });
            }
        }
        self.previous.clear();
        self.previous.push_str(&token.text);
        self.previous_at = Some((token.position, token.offset_from));
    }

    fn keep(&mut self, text: &str) {
        self.text.push_str(text);
        LAST_EXACT.with(|last| std::mem::swap(&mut *last.borrow_mut(), self));
    }
}

/// A token filter that turns a stream of exact-view tokens into the pairs of adjacent common
/// words: `first second` at the first word's position, its offsets spanning both. If the exact
/// view has just analysed the same text (`RecordPairs`), its pairs are taken instead and the
/// stream below is not read.
#[derive(Clone, Copy, Debug, Default)]
pub struct CommonPairs;

impl TokenFilter for CommonPairs {
    type Tokenizer<T: Tokenizer> = CommonPairsFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CommonPairsFilter<T> {
        CommonPairsFilter {
            inner: tokenizer,
            found: TextPairs::default(),
            token: Token::default(),
        }
    }
}

#[derive(Clone)]
pub struct CommonPairsFilter<T> {
    inner: T,
    /// Reused from one text to the next.
    found: TextPairs,
    token: Token,
}

impl<T: Tokenizer> Tokenizer for CommonPairsFilter<T> {
    type TokenStream<'a> = CommonPairsStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.token.reset();
        let noted = LAST_EXACT.with(|last| {
            let mut last = last.borrow_mut();
            let same = last.text == text;
            if same {
                std::mem::swap(&mut *last, &mut self.found);
                last.clear();
            }
            same
        });
        if !noted {
            self.found.clear();
            let mut tokens = self.inner.token_stream(text);
            while tokens.advance() {
                self.found.record(tokens.token());
            }
        }
        CommonPairsStream {
            next: 0,
            found: &self.found,
            token: &mut self.token,
        }
    }
}

/// The pairs of a text, one after the other.
pub struct CommonPairsStream<'a> {
    next: usize,
    found: &'a TextPairs,
    token: &'a mut Token,
}

impl TokenStream for CommonPairsStream<'_> {
    fn advance(&mut self) -> bool {
        let more = self.found.pair(self.next, self.token);
        self.next += usize::from(more);
        more
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{arabic_pairs_analyzer, normalize, tokens_with_text};

    fn pairs(text: &str) -> Vec<(String, String, usize)> {
        tokens_with_text(&mut arabic_pairs_analyzer(), text)
    }

    #[test]
    fn the_list_is_normalized_and_holds_no_stopwords() {
        let set = common_words();
        assert!(set.len() > 300, "{}", set.len());
        for word in set {
            assert_eq!(&normalize(word), word);
            assert!(!is_stopword(word), "{word}");
        }
        // Frequent content words are in it, rare ones and stopwords are not.
        for word in ["الله", "رئيس", "اليوم", "رسول"] {
            assert!(is_common(&normalize(word)), "{word}");
        }
        for word in ["سلاحف", "أرمينيا", "في", "من"] {
            assert!(!is_common(&normalize(word)), "{word}");
        }
    }

    #[test]
    fn adjacent_common_words_are_paired_across_spellings() {
        // Vowelled as in a hadith, bare as in the news: the same pair.
        let vowelled = pairs("قَالَ رَسُولُ اللَّهِ صلى اللَّهُ عَلَيْهِ وَسَلَّمَ");
        let terms: Vec<&str> = vowelled.iter().map(|(t, _, _)| t.as_str()).collect();
        assert!(terms.contains(&"الله صلي"), "{terms:?}");
        let bare = pairs("قال رسول الله صلى الله عليه وسلم");
        assert_eq!(
            vowelled.iter().map(|(t, _, p)| (t, p)).collect::<Vec<_>>(),
            bare.iter().map(|(t, _, p)| (t, p)).collect::<Vec<_>>()
        );
        // The pair spans its two words in the original text, at the first word's position.
        let (_, original, _) = vowelled.iter().find(|(t, _, _)| t == "الله صلي").unwrap();
        assert_eq!(original, "اللَّهِ صلى");
    }

    #[test]
    fn rare_words_and_gaps_break_pairs() {
        // A rare word between two common ones: no pair.
        assert_eq!(pairs("قال سلاحف رئيس"), vec![]);
        // A stopword removed between them leaves a gap: no pair either.
        assert_eq!(pairs("الله في اليوم"), vec![]);
        // Three common words in a row: two overlapping pairs, positions 0 and 1.
        let three: Vec<(String, usize)> = pairs("قال رسول الله")
            .into_iter()
            .map(|(t, _, p)| (t, p))
            .collect();
        assert_eq!(
            three,
            vec![("قال رسول".to_string(), 0), ("رسول الله".to_string(), 1)]
        );
        assert_eq!(pairs(""), vec![]);
    }

    #[test]
    fn pairs_noted_by_the_exact_view_are_the_pairs_found_afresh() {
        let text = "قال رسول اللَّهِ صلى الله عليه وسلم، ثم قال رسول الله في الرئيس اليوم";
        let fresh = pairs(text);
        assert!(fresh.len() >= 4, "{fresh:?}");
        let noted = || LAST_EXACT.with(|last| last.borrow().text.clone());
        // The exact view reads the text to its end and leaves its pairs; the pairs analyzer
        // takes them (its own stream below is not read) and they are the same.
        let mut exact = crate::arabic_exact_analyzer();
        let terms = crate::run(&mut exact, text);
        assert_eq!(terms, crate::exact_terms(text));
        assert_eq!(noted(), text);
        assert_eq!(pairs(text), fresh);
        assert_eq!(noted(), "");
        // Another text, even of the same length, is analysed afresh.
        let other = "قال رسول اللَّهِ صلى الله عليه وسلم، ثم قال رسول الله في اليوم الرئيس";
        assert_eq!(other.len(), text.len());
        let other_pairs = pairs(other);
        crate::run(&mut exact, text);
        assert_eq!(pairs(other), other_pairs);
        assert_ne!(other_pairs, fresh);
        // A stream left before its end notes nothing.
        crate::run(&mut exact, "قال رسول");
        let mut stream = exact.token_stream(text);
        assert!(stream.advance());
        drop(stream);
        assert_eq!(noted(), "قال رسول");
    }

    #[test]
    fn a_pair_term_is_what_the_filter_indexes() {
        let indexed = pairs("رسول الله");
        assert_eq!(indexed[0].0, pair_term("رسول", "الله"));
    }
}
