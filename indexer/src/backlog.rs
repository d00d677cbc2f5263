//! A bound, in bytes, on the documents handed to tantivy's writer and not yet indexed.
//!
//! `IndexWriter::add_document` queues up to 10,000 documents for the writer's indexing threads
//! (a constant of tantivy's). Parsing outruns indexing, so that queue sits full for the whole
//! run: ~90 MB of long news articles, outside the writer's `--memory` budget, and held at the
//! moment a full segment is flushed — when the process peaks. The parsing threads now wait
//! until the documents in flight take less than a share of `--memory` ([`Backlog::for_budget`])
//! before handing over another one; a document's [`Queued`] gives its bytes back when tantivy
//! has indexed it and drops it.
//!
//! No document is ever refused: one larger than the whole bound goes in alone. Nor can the
//! bound hang a run: if no document at all is indexed for [`STALLED`] (the writer's threads
//! died — tantivy keeps what they had not read — or are stuck), the next one goes in anyway,
//! and tantivy's own queue and `add_document`'s error take over, as without the bound.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use arshif_schema::ArticleDocument;
use tantivy::schema::document::Document;

/// Bytes of documents in flight, and the most there may be.
pub struct Backlog {
    state: Mutex<State>,
    freed: Condvar,
    limit: usize,
    /// [`STALLED`], shorter in the tests.
    stalled: Duration,
}

#[derive(Default)]
struct State {
    /// Bytes of the documents admitted and not yet dropped.
    held: usize,
    /// Threads waiting for room. A drop wakes them only if there are any, and only once a
    /// quarter of the bound is free: waking a parser for every indexed document (a system call
    /// and a context switch each) cost a fifth more system time.
    waiting: usize,
    /// Documents dropped so far: a waiter that sees none for [`STALLED`] stops waiting.
    dropped: u64,
}

/// How long without a single indexed document before a waiting parser stops waiting: far
/// longer than a segment flush, during which the writer's other threads keep indexing.
pub const STALLED: Duration = Duration::from_secs(10);

impl Backlog {
    /// The share of `--memory` that documents waiting for the writer may take: a quarter
    /// (64 MiB at the default 256M, ~7,000 long articles — seconds of indexing, so the
    /// writer's threads never wait for parsing), and never less than 16 MiB.
    pub fn for_budget(memory: usize) -> Arc<Backlog> {
        Backlog::new((memory / 4).max(16 << 20), STALLED)
    }

    /// A backlog of at most `limit` bytes whose waiters give up after `stalled` without a drop.
    fn new(limit: usize, stalled: Duration) -> Arc<Backlog> {
        Arc::new(Backlog {
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
            limit,
            stalled,
        })
    }

    /// `doc`, once there is room for it (waiting until there is).
    pub fn admit(self: &Arc<Self>, doc: ArticleDocument) -> Queued {
        let bytes = doc.heap_bytes();
        let mut state = self.lock();
        while state.held > 0 && state.held + bytes > self.limit {
            let dropped = state.dropped;
            state.waiting += 1;
            let (next, wait) = self
                .freed
                .wait_timeout(state, self.stalled)
                .unwrap_or_else(|p| p.into_inner());
            state = next;
            state.waiting -= 1;
            if wait.timed_out() && state.dropped == dropped {
                break;
            }
        }
        state.held += bytes;
        Queued {
            doc,
            backlog: Arc::clone(self),
        }
    }

    /// Bytes in flight now.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.lock().held
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A document in flight; dropping it (tantivy does, once indexed) makes room for the next.
pub struct Queued {
    doc: ArticleDocument,
    backlog: Arc<Backlog>,
}

impl Drop for Queued {
    fn drop(&mut self) {
        let mut state = self.backlog.lock();
        state.held = state.held.saturating_sub(self.doc.heap_bytes());
        state.dropped += 1;
        if state.waiting > 0 && state.held <= self.backlog.limit - self.backlog.limit / 4 {
            self.backlog.freed.notify_all();
        }
    }
}

impl Document for Queued {
    type Value<'a> = <ArticleDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <ArticleDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    use arshif_schema::{schema, Article, Fields};

    fn doc(fields: &Fields, body: &str) -> ArticleDocument {
        let article = Article {
            id: "a".into(),
            body: body.into(),
            lang: Some("ar".into()),
            ..Article::default()
        };
        article.to_index_document(fields)
    }

    #[test]
    fn waits_for_room_and_gives_bytes_back_on_drop() {
        let fields = Fields::new(&schema::build()).unwrap();
        let body = "اشتباكات على حدود أرمينيا ".repeat(40);
        let one = doc(&fields, &body).heap_bytes();
        assert!(one > body.len(), "a document holds at least its body");
        let backlog = Backlog::new(one * 2, STALLED);
        let first = backlog.admit(doc(&fields, &body));
        let second = backlog.admit(doc(&fields, &body));
        assert_eq!(backlog.held(), one * 2);

        let admitted = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _third = backlog.admit(doc(&fields, &body));
                admitted.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(100));
            assert!(!admitted.load(Ordering::SeqCst), "no room: the third waits");
            drop(first);
        });
        assert!(admitted.load(Ordering::SeqCst));
        drop(second);
        assert_eq!(backlog.held(), 0, "every document gave its bytes back");
    }

    #[test]
    fn a_writer_that_indexes_nothing_does_not_hang_the_parsers() {
        let fields = Fields::new(&schema::build()).unwrap();
        let backlog = Backlog::new(10, Duration::from_millis(50));
        let _stuck = backlog.admit(doc(&fields, "خبر"));
        // Nothing is ever dropped: the second waits for the stall, then goes in.
        let _next = backlog.admit(doc(&fields, "خبر آخر"));
        assert!(backlog.held() > 10);
    }

    #[test]
    fn a_document_larger_than_the_bound_goes_in_alone() {
        let fields = Fields::new(&schema::build()).unwrap();
        let backlog = Backlog::new(10, STALLED);
        let big = backlog.admit(doc(&fields, &"كلمة ".repeat(100)));
        assert!(backlog.held() > 10);
        drop(big);
        let _next = backlog.admit(doc(&fields, "خبر"));
    }

    #[test]
    fn tantivy_indexes_a_queued_document_as_the_article_itself() {
        let index = tantivy::Index::create_in_ram(schema::build());
        arshif_schema::analyzers::register(&index);
        let fields = Fields::new(&index.schema()).unwrap();
        let backlog = Backlog::new(1 << 20, STALLED);
        let mut writer: tantivy::IndexWriter<Queued> = index.writer(15_000_000).unwrap();
        writer
            .add_document(backlog.admit(doc(&fields, "اشتباكات على حدود أرمينيا")))
            .unwrap();
        writer.commit().unwrap();
        assert_eq!(backlog.held(), 0, "indexed and dropped");
        let searcher = index.reader().unwrap().searcher();
        for field in [fields.body, fields.body_exact] {
            let query = tantivy::query::QueryParser::for_index(&index, vec![field])
                .parse_query("أرمينيا")
                .unwrap();
            let hits = searcher.search(&query, &tantivy::collector::Count).unwrap();
            assert_eq!(
                hits,
                1,
                "found through {:?}",
                index.schema().get_field_name(field)
            );
        }
    }
}
