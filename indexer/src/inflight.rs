//! Bounding the documents queued inside tantivy's index writer.
//!
//! tantivy's `IndexWriter` queues up to 10,000 added documents for its indexing threads
//! (`PIPELINE_MAX_SIZE_IN_DOCS`, not configurable). Parsing outruns indexing, so the queue sits
//! full, and an Arshif document carries its text twice (the stemmed and the exact view): at
//! ~20 KB a news article that is ~200 MB no `--memory` budget accounted for.
//!
//! The writer does not say how far it has got, but its analysis does: an indexing thread runs
//! the `raw` tokenizer on every value of a `STRING` field (`id`, `source`, `lang`, `corpus`,
//! `file`) when it takes the document. [`InFlight::install`] registers a `raw` tokenizer that
//! counts those values on the writer's index; [`InFlight::admit`] holds a producer while more
//! than [`MAX_QUEUED_DOCS`] documents' worth of values wait.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::schema::{FieldType, Schema};
use tantivy::tokenizer::{RawTokenizer, TextAnalyzer, Tokenizer};
use tantivy::{Index, TantivyDocument};

/// How many documents may wait in the writer's queue: enough to keep its threads busy between
/// two files' batches, a tenth of tantivy's own bound.
pub const MAX_QUEUED_DOCS: u64 = 3_000;

/// The longest a producer waits for the queue to drain. A writer whose threads stopped must
/// not hang the run: after one wait this long nobody waits again (tantivy's own bound still
/// applies, and the writer reports its failure when the document is added).
const MAX_WAIT: Duration = Duration::from_secs(10);

/// tantivy's name of the tokenizer of `STRING` fields.
const RAW: &str = "raw";

/// Counts the `raw`-analyzed values added to, and taken by, one index writer.
pub struct InFlight {
    /// The fields analyzed by `raw`, by field id.
    raw: Vec<bool>,
    added: AtomicU64,
    taken: Arc<AtomicU64>,
    /// Values per document, measured on the first one admitted (0 until then).
    per_doc: AtomicU64,
    /// A wait ran out: the writer is not taking documents.
    stalled: AtomicBool,
}

impl InFlight {
    /// Registers the counting `raw` tokenizer on `index`; call it before making the writer.
    pub fn install(index: &Index) -> InFlight {
        let taken = Arc::new(AtomicU64::new(0));
        index.tokenizers().register(
            RAW,
            TextAnalyzer::from(CountingRaw {
                taken: taken.clone(),
                raw: RawTokenizer::default(),
            }),
        );
        InFlight {
            raw: raw_fields(&index.schema()),
            added: AtomicU64::new(0),
            taken,
            per_doc: AtomicU64::new(0),
            stalled: AtomicBool::new(false),
        }
    }

    /// Waits until `doc` may join the writer's queue, and counts it in.
    pub fn admit(&self, doc: &TantivyDocument) {
        let values = doc
            .field_values()
            .filter(|(field, _)| self.raw.get(field.field_id() as usize) == Some(&true))
            .count() as u64;
        let per_doc = match self.per_doc.load(Ordering::Relaxed) {
            0 => {
                self.per_doc.store(values.max(1), Ordering::Relaxed);
                values.max(1)
            }
            n => n,
        };
        let limit = MAX_QUEUED_DOCS * per_doc;
        let added = self.added.fetch_add(values, Ordering::Relaxed);
        let started = Instant::now();
        while added.saturating_sub(self.taken.load(Ordering::Relaxed)) > limit
            && !self.stalled.load(Ordering::Relaxed)
        {
            if started.elapsed() > MAX_WAIT {
                self.stalled.store(true, Ordering::Relaxed);
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Values added and taken so far (for tests).
    pub fn counts(&self) -> (u64, u64) {
        (
            self.added.load(Ordering::Relaxed),
            self.taken.load(Ordering::Relaxed),
        )
    }
}

/// Which fields of `schema` (by id) are indexed with the `raw` tokenizer.
fn raw_fields(schema: &Schema) -> Vec<bool> {
    schema
        .fields()
        .map(|(_, entry)| match entry.field_type() {
            FieldType::Str(options) => options
                .get_indexing_options()
                .is_some_and(|i| i.tokenizer() == RAW),
            _ => false,
        })
        .collect()
}

/// tantivy's `raw` tokenizer, counting the values it is given.
#[derive(Clone)]
struct CountingRaw {
    taken: Arc<AtomicU64>,
    raw: RawTokenizer,
}

impl Tokenizer for CountingRaw {
    type TokenStream<'a> = <RawTokenizer as Tokenizer>::TokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.taken.fetch_add(1, Ordering::Relaxed);
        self.raw.token_stream(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arshif_schema::{Article, Fields};

    #[test]
    fn the_writer_s_threads_report_every_document_they_take() {
        let index = Index::create_in_ram(arshif_schema::schema::build());
        arshif_schema::analysis::register(&index);
        let fields = Fields::new(&index.schema()).unwrap();
        let inflight = InFlight::install(&index);
        let mut writer: tantivy::IndexWriter = index.writer(30_000_000).unwrap();
        for i in 0..50 {
            let article = Article {
                id: format!("a{i}"),
                title: "اشتباكات على حدود أرمينيا".into(),
                body: "أسفرت الاشتباكات على الحدود بين أرمينيا وأذربيجان عن مقتل جنود".into(),
                lang: Some("ar".into()),
                // Every other article without a source: fewer raw values.
                source: (i % 2 == 0).then(|| "reuters".into()),
                ..Article::default()
            };
            let doc = article.to_document(&fields);
            inflight.admit(&doc);
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let (added, taken) = inflight.counts();
        // id and lang on every article, a source on half of them.
        assert_eq!(added, 50 * 2 + 25);
        assert_eq!(taken, added);
    }
}
