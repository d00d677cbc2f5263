//! One tokenization for both Arabic views: the stemmed view notes the tokens it stems, and the
//! exact view of the same text replays them instead of tokenizing and normalizing it again.
//!
//! An Arabic title or body is indexed twice: stemmed (`title`, `body`) and exact
//! (`title_exact`, `body_exact`). Both views share their first steps — tokenizer, long-token
//! removal, normalization, stopwords (`exact_steps`) — and those steps are most of
//! the analysis's cost (the exact view is nothing else). tantivy indexes a document's fields in
//! the order of their ids, on one thread, each through its own analyzer: `title`, `body`, then
//! `title_exact`, `body_exact`. So `RecordTokens`, placed in the stemmed analyzer just before
//! the stemmer, keeps the tokens of the last two texts it read to their end in a thread-local
//! (two: the title's and the body's), and [`ReplayTokens`], placed in the exact analyzer just
//! after those steps, hands them out again when its text is one of those very texts (compared
//! in full: an address could be reused by another text), and otherwise runs the steps itself.
//! The tokens are the same either way, which the tests check; only the work differs.
//!
//! The same pattern spares the pairs view a third analysis ([`super::pairs`]); both take their
//! notes with the `note` module.

use std::cell::RefCell;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::handoff::{HandOff, Record};

/// How many texts are kept: a document's Arabic title and body.
const KEPT: usize = 2;

/// The tokens of one text: their terms end to end, and where each ends, stands and spans.
#[derive(Clone, Debug, Default)]
pub(crate) struct Recorded {
    /// The text they came from (set when it has been read to its end).
    text: String,
    terms: String,
    tokens: Vec<RecordedToken>,
}

#[derive(Clone, Copy, Debug)]
struct RecordedToken {
    /// Where its term ends in [`Recorded::terms`].
    end: usize,
    offset_from: usize,
    offset_to: usize,
    position: usize,
    position_length: usize,
}

impl Recorded {
    /// Writes its `n`th token into `token`; false past the last.
    fn token(&self, n: usize, token: &mut Token) -> bool {
        let Some(recorded) = self.tokens.get(n) else {
            return false;
        };
        let start = n.checked_sub(1).map_or(0, |p| self.tokens[p].end);
        token.text.clear();
        token.text.push_str(&self.terms[start..recorded.end]);
        token.offset_from = recorded.offset_from;
        token.offset_to = recorded.offset_to;
        token.position = recorded.position;
        token.position_length = recorded.position_length;
        true
    }
}

thread_local! {
    /// The tokens of the last texts the stemmed view read on this thread, oldest first.
    static LAST_STEMMED: RefCell<Vec<Recorded>> = const { RefCell::new(Vec::new()) };
}

/// Keeps `recorded` as the newest text of this thread; leaves the evicted one's buffers (or
/// new ones) in its place. (Keeping the replayed texts' buffers for reuse too measured as no
/// gain: 2.95 → 2.90 s on 3,000 articles, within noise.)
fn keep(recorded: &mut Recorded) {
    LAST_STEMMED.with(|last| {
        let mut last = last.borrow_mut();
        let spare = if last.len() == KEPT {
            let mut oldest = last.remove(0);
            oldest.clear();
            oldest
        } else {
            Recorded::default()
        };
        last.push(std::mem::replace(recorded, spare));
    });
}

/// Takes the tokens of `text` if the stemmed view has just read it on this thread, moving
/// them into `into`.
fn take(text: &str, into: &mut Recorded) -> bool {
    LAST_STEMMED.with(|last| {
        let mut last = last.borrow_mut();
        let Some(i) = last.iter().position(|r| r.text == text) else {
            return false;
        };
        *into = last.remove(i);
        true
    })
}

/// The notes of the stemmed view: it passes its tokens through unchanged and, once its stream
/// has been read to the end, keeps them for [`ReplayTokens`] (see the module's documentation).
pub(crate) type RecordTokens = Record<Recorded>;

impl HandOff for Recorded {
    fn clear(&mut self) {
        self.text.clear();
        self.terms.clear();
        self.tokens.clear();
    }

    fn record(&mut self, token: &Token) {
        self.terms.push_str(&token.text);
        self.tokens.push(RecordedToken {
            end: self.terms.len(),
            offset_from: token.offset_from,
            offset_to: token.offset_to,
            position: token.position,
            position_length: token.position_length,
        });
    }

    fn keep(&mut self, text: &str) {
        self.text.push_str(text);
        keep(self);
    }
}

/// A token filter that, for a text `RecordTokens` has just read on this thread, gives the
/// tokens it kept instead of reading the stream below; for any other text, it passes that
/// stream through.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReplayTokens;

impl TokenFilter for ReplayTokens {
    type Tokenizer<T: Tokenizer> = ReplayTokensFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ReplayTokensFilter<T> {
        ReplayTokensFilter {
            inner: tokenizer,
            recorded: Recorded::default(),
            token: Token::default(),
        }
    }
}

#[derive(Clone)]
pub struct ReplayTokensFilter<T> {
    inner: T,
    /// The tokens being replayed (their buffers are reused from one text to the next).
    recorded: Recorded,
    token: Token,
}

impl<T: Tokenizer> Tokenizer for ReplayTokensFilter<T> {
    type TokenStream<'a> = ReplayTokensStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        if take(text, &mut self.recorded) {
            self.token.reset();
            ReplayTokensStream(Source::Replayed {
                next: 0,
                recorded: &self.recorded,
                token: &mut self.token,
            })
        } else {
            ReplayTokensStream(Source::Live(self.inner.token_stream(text)))
        }
    }
}

/// The token stream of [`ReplayTokensFilter`].
pub struct ReplayTokensStream<'a, S>(Source<'a, S>);

enum Source<'a, S> {
    /// Tokens kept by `RecordTokens`, one after the other.
    Replayed {
        next: usize,
        recorded: &'a Recorded,
        token: &'a mut Token,
    },
    /// The steps below, run on a text no one kept.
    Live(S),
}

impl<S: TokenStream> TokenStream for ReplayTokensStream<'_, S> {
    fn advance(&mut self) -> bool {
        match &mut self.0 {
            Source::Replayed {
                next,
                recorded,
                token,
            } => {
                let more = recorded.token(*next, token);
                *next += usize::from(more);
                more
            }
            Source::Live(inner) => inner.advance(),
        }
    }

    fn token(&self) -> &Token {
        match &self.0 {
            Source::Replayed { token, .. } => token,
            Source::Live(inner) => inner.token(),
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match &mut self.0 {
            Source::Replayed { token, .. } => token,
            Source::Live(inner) => inner.token_mut(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::exact_steps;
    use crate::{arabic_analyzer, arabic_exact_analyzer, run, tokens_with_text};

    /// The exact view's tokens as the steps give them, with nothing kept to replay.
    fn afresh(text: &str) -> Vec<(String, String, usize)> {
        tokens_with_text(&mut exact_steps().build(), text)
    }

    fn kept() -> Vec<String> {
        LAST_STEMMED.with(|last| last.borrow().iter().map(|r| r.text.clone()).collect())
    }

    #[test]
    fn the_exact_view_replays_what_the_stemmed_view_read() {
        let title = "الأرمن يتهمون أذربيجان بقصف «مدن» في عمق أراضيهم";
        let body = "قال رسولُ اللَّهِ صلى الله عليه وسلم… واتهمت وزارة الدفاع الأرمينية، \
                    الثلاثاء 13/09/2022، أذربيجان بشن هجوم https://example.org/x على 7 مدن";
        let mut stemmed = arabic_analyzer(crate::test_nouns());
        let mut exact = arabic_exact_analyzer();
        // A document: its title and body stemmed, then their exact views.
        let stems = [run(&mut stemmed, title), run(&mut stemmed, body)];
        assert_eq!(kept(), vec![title, body]);
        assert_eq!(tokens_with_text(&mut exact, title), afresh(title));
        assert_eq!(kept(), vec![body], "a replayed text is taken");
        assert_eq!(tokens_with_text(&mut exact, body), afresh(body));
        assert!(kept().is_empty());
        // The stemmed view did stem: replaying did not hand out stems as exact terms.
        assert_ne!(stems[1], run(&mut exact, body));
        // Offsets and positions survive the replay (highlighting and phrases need them).
        let replayed = {
            run(&mut stemmed, body);
            tokens_with_text(&mut exact, body)
        };
        assert!(replayed
            .iter()
            .any(|(_, original, _)| original == "الأرمينية"));
        assert_eq!(replayed, afresh(body));
    }

    #[test]
    fn only_the_last_two_texts_read_to_their_end_are_kept() {
        let mut stemmed = arabic_analyzer(crate::test_nouns());
        let mut exact = arabic_exact_analyzer();
        for text in ["أولى الكلمات", "ثاني النصوص", "ثالث المقالات"]
        {
            run(&mut stemmed, text);
        }
        assert_eq!(kept(), vec!["ثاني النصوص", "ثالث المقالات"]);
        // The first was evicted: analysed afresh, and the same.
        assert_eq!(
            tokens_with_text(&mut exact, "أولى الكلمات"),
            afresh("أولى الكلمات")
        );
        // Another text of the same length is not mistaken for a kept one.
        let other = "ثاني النصوا";
        assert_eq!(other.len(), "ثاني النصوص".len());
        assert_eq!(tokens_with_text(&mut exact, other), afresh(other));
        assert_eq!(kept(), vec!["ثاني النصوص", "ثالث المقالات"]);
        // A stream left before its end keeps nothing.
        LAST_STEMMED.with(|last| last.borrow_mut().clear());
        let mut stream = stemmed.token_stream("رابع الأخبار اليوم");
        assert!(stream.advance());
        drop(stream);
        assert!(kept().is_empty());
        // Nor does an empty text read to its end replay anything but nothing.
        run(&mut stemmed, "");
        assert_eq!(run(&mut exact, ""), Vec::<String>::new());
    }

    #[test]
    fn replayed_pairs_are_the_pairs_found_afresh() {
        let body = "قال رسول الله صلى الله عليه وسلم ثم قال رسول الله في الرئيس اليوم";
        let fresh = tokens_with_text(&mut crate::arabic_pairs_analyzer(), body);
        assert!(fresh.len() >= 3, "{fresh:?}");
        run(&mut arabic_analyzer(crate::test_nouns()), body);
        run(&mut arabic_exact_analyzer(), body);
        let noted = tokens_with_text(&mut crate::arabic_pairs_analyzer(), body);
        assert_eq!(noted, fresh);
    }
}
