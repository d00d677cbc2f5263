//! The index as its own manifest.
//!
//! Every document records the file it came from — corpus root, path, size, modification time and
//! a content hash — so that a rerun can tell, from the index alone, which files are new, changed,
//! unchanged or gone. Keeping this inside the index (rather than in a side file) means the
//! manifest and the documents are committed together, atomically: after a crash they cannot
//! disagree.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use crate::schema::Fields;

/// What the index knows about one source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileStamp {
    /// The corpus root, as given to the indexer and made absolute.
    pub corpus: String,
    /// The file's absolute path (corpus root + relative path): the unit of replacement.
    pub file: String,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// xxh3-64 of the file's bytes.
    pub hash: u64,
}

impl FileStamp {
    /// Adds the stamp's fields to a document built from this file.
    pub fn add_to(&self, doc: &mut TantivyDocument, fields: &Fields) {
        doc.add_text(fields.corpus, &self.corpus);
        doc.add_text(fields.file, &self.file);
        doc.add_u64(fields.file_size, self.size);
        doc.add_i64(fields.mtime, self.mtime);
        doc.add_u64(fields.hash, self.hash);
    }
}

/// One indexed file: its stamp and how many documents it produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indexed {
    pub stamp: FileStamp,
    pub documents: u64,
}

/// The files of one corpus that the index holds, by absolute path.
pub type Manifest = HashMap<String, Indexed>;

/// The term that selects every document of a file (for deleting or replacing them).
pub fn file_term(fields: &Fields, file: &str) -> Term {
    Term::from_field_text(fields.file, file)
}

/// Reads the manifest of `corpus` from the committed index seen by `searcher`.
/// Costs one pass over fast-field columns of that corpus's documents; no stored document is read.
pub fn load(searcher: &Searcher, fields: &Fields, corpus: &str) -> tantivy::Result<Manifest> {
    let query = TermQuery::new(
        Term::from_field_text(fields.corpus, corpus),
        IndexRecordOption::Basic,
    );
    let mut manifest = searcher.search(&query, &ManifestCollector)?;
    for indexed in manifest.values_mut() {
        indexed.stamp.corpus = corpus.to_string();
    }
    Ok(manifest)
}

struct ManifestCollector;

struct SegmentManifest {
    file: Option<StrColumn>,
    size: Column<u64>,
    mtime: Column<i64>,
    hash: Column<u64>,
    /// ordinal of the file term → (stamp values, documents)
    found: HashMap<u64, (u64, i64, u64, u64)>,
}

impl Collector for ManifestCollector {
    type Fruit = Manifest;
    type Child = SegmentManifest;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentManifest> {
        let fast = reader.fast_fields();
        Ok(SegmentManifest {
            file: fast.str("file")?,
            size: fast.u64("file_size")?,
            mtime: fast.i64("mtime")?,
            hash: fast.u64("hash")?,
            found: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Manifest>) -> tantivy::Result<Manifest> {
        let mut all = Manifest::new();
        for fruit in fruits {
            for (file, indexed) in fruit {
                all.entry(file)
                    .and_modify(|e| e.documents += indexed.documents)
                    .or_insert(indexed);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentManifest {
    type Fruit = Manifest;

    fn collect(&mut self, doc: DocId, _: Score) {
        let Some(file) = &self.file else { return };
        let Some(ord) = file.term_ords(doc).next() else {
            return;
        };
        let entry = self.found.entry(ord).or_insert_with(|| {
            (
                self.size.first(doc).unwrap_or(0),
                self.mtime.first(doc).unwrap_or(0),
                self.hash.first(doc).unwrap_or(0),
                0,
            )
        });
        entry.3 += 1;
    }

    fn harvest(self) -> Manifest {
        let mut out = Manifest::with_capacity(self.found.len());
        let Some(column) = self.file else { return out };
        // One sequential pass over the term dictionary instead of a lookup per file.
        let mut found: Vec<(u64, (u64, i64, u64, u64))> = self.found.into_iter().collect();
        found.sort_unstable_by_key(|(ord, _)| *ord);
        let ords: Vec<u64> = found.iter().map(|(ord, _)| *ord).collect();
        let mut values = found.into_iter().map(|(_, v)| v);
        let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
            let Some((size, mtime, hash, documents)) = values.next() else {
                return;
            };
            let path = String::from_utf8_lossy(bytes).into_owned();
            out.insert(
                path.clone(),
                Indexed {
                    stamp: FileStamp {
                        corpus: String::new(),
                        file: path,
                        size,
                        mtime,
                        hash,
                    },
                    documents,
                },
            );
        });
        out
    }
}
