//! Handing what one analyzer read to the next analyzer of the same text: a pass-through token
//! filter, [`Record`], that records the tokens it passes, for a later analyzer of the same text
//! to reuse instead of analysing it again.
//!
//! tantivy indexes a document's fields one after the other on one thread, each through its own
//! analyzer, so an article's Arabic body goes through three analyzers that share their first
//! steps: the stemmed view, the exact view and the pairs view. Two of them take notes with this
//! filter — the stemmed view of the tokens it stems ([`super::replay`]), the exact view of the
//! pairs among its tokens ([`super::pairs`]) — and once the stream has been read to its end,
//! the notes are left in a thread-local for the next analyzer, which takes them if its text is
//! that very text.

use std::marker::PhantomData;

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// What a [`Record`] filter writes down, and where it leaves it for the next analyzer: the
/// tokens to replay ([`super::replay`]) or the pairs among them ([`super::pairs`]).
pub(crate) trait HandOff: Clone + Default + Send + Sync + 'static {
    /// Forgets the previous text's notes (their buffers are reused).
    fn clear(&mut self);
    /// Takes the next token of the text.
    fn record(&mut self, token: &Token);
    /// The stream of `text` has been read to its end: leave the notes where the next analyzer
    /// looks for them (a stream left before its end leaves nothing).
    fn keep(&mut self, text: &str);
}

/// The token filter: passes its tokens through unchanged, noting each into an `N`.
pub(crate) struct Record<N>(PhantomData<fn() -> N>);

impl<N> Record<N> {
    pub(crate) fn new() -> Record<N> {
        Record(PhantomData)
    }
}

impl<N> Clone for Record<N> {
    fn clone(&self) -> Record<N> {
        Record::new()
    }
}

impl<N: HandOff> TokenFilter for Record<N> {
    type Tokenizer<T: Tokenizer> = RecordFilter<T, N>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> RecordFilter<T, N> {
        RecordFilter {
            inner: tokenizer,
            notes: N::default(),
        }
    }
}

#[derive(Clone)]
pub(crate) struct RecordFilter<T, N> {
    inner: T,
    /// Reused from one text to the next.
    notes: N,
}

impl<T: Tokenizer, N: HandOff> Tokenizer for RecordFilter<T, N> {
    type TokenStream<'a> = RecordStream<'a, T::TokenStream<'a>, N>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.notes.clear();
        RecordStream {
            inner: self.inner.token_stream(text),
            text: Some(text),
            notes: &mut self.notes,
        }
    }
}

pub(crate) struct RecordStream<'a, S, N> {
    inner: S,
    /// The text, until the stream ends and the notes are kept.
    text: Option<&'a str>,
    notes: &'a mut N,
}

impl<S: TokenStream, N: HandOff> TokenStream for RecordStream<'_, S, N> {
    fn advance(&mut self) -> bool {
        if self.inner.advance() {
            self.notes.record(self.inner.token());
            return true;
        }
        if let Some(text) = self.text.take() {
            self.notes.keep(text);
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}
