//! Counting the values of a string or facet fast field over the matching documents.
//!
//! Both count from the field's fast-field column: one array increment per value of each matching
//! document, then the values that were seen are resolved to their strings in **one sorted pass**
//! over the segment's dictionary (`sorted_ords_to_term_cb`). tantivy's `FacetCollector` resolves
//! each counted facet with its own `ord_to_term`, which decompresses a dictionary block (and
//! creates a zstd context) per facet: with thousands of actors that was most of a faceted
//! query's time (see BENCHMARKS.md, "Against Lucene and plain tantivy").

use std::hash::Hash;

use rustc_hash::FxHashMap as HashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::column_index::MultiValueIndex;
use tantivy::columnar::{ColumnIndex, StrColumn};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Calls `each(bytes, count)` for every ordinal counted at least once, walking the dictionary
/// once in ordinal order.
fn resolve(column: &ColumnOrds, counts: &[u64], mut each: impl FnMut(&[u8], u64)) {
    let column = &column.column;
    let ords: Vec<u64> = (0..counts.len() as u64)
        .filter(|&ord| counts[ord as usize] > 0)
        .collect();
    let mut seen = ords.iter();
    // An I/O error here means a damaged index file; the counts found so far are kept.
    let _ = column.dictionary().sorted_ords_to_term_cb(&ords, |bytes| {
        if let Some(&ord) = seen.next() {
            each(bytes, counts[ord as usize]);
        }
    });
}

/// Reads the term ordinals of matching documents from a string column, a block of documents
/// at a time where it can.
///
/// `StrColumn::term_ords` makes, per document, three virtual calls to find its rows (a rank in
/// the column's optional index, two row offsets) and one per value. A facet query at a million
/// articles reads millions of them: per-value and per-document calls were two thirds of its
/// time. For a sorted block of documents (what tantivy hands a collector in an unscored pass)
/// this finds every rank in one batched call, reads the row offsets of the block's span and
/// its values in one bulk read each, then slices them per document. A sparse block — matches
/// far apart, whose span would be mostly other documents' values — is read document by
/// document.
pub(crate) struct ColumnOrds {
    column: StrColumn,
    docs: Vec<DocId>,
    ranks: Vec<u32>,
    starts: Vec<u32>,
    values: Vec<u64>,
}

/// A block is read in bulk if its span holds at most this many documents with values per
/// matching one.
const BULK_SPAN: usize = 4;

impl ColumnOrds {
    pub(crate) fn new(column: StrColumn) -> Self {
        ColumnOrds {
            column,
            docs: Vec::new(),
            ranks: Vec::new(),
            starts: Vec::new(),
            values: Vec::new(),
        }
    }

    /// The ordinals of `doc`, sorted as the column stores them.
    pub(crate) fn of_doc(&mut self, doc: DocId) -> &[u64] {
        let ords = self.column.ords();
        let rows = ords.index.value_row_ids(doc);
        let n = rows.len();
        if self.values.len() < n {
            self.values.resize(n, 0);
        }
        if n > 0 {
            ords.values
                .get_range(u64::from(rows.start), &mut self.values[..n]);
        }
        &self.values[..n]
    }

    /// Calls `each` with the ordinals of every document of `docs` (sorted) that has any.
    pub(crate) fn for_each(&mut self, docs: &[DocId], mut each: impl FnMut(&[u64])) {
        let ords = self.column.ords();
        self.docs.clear();
        self.ranks.clear();
        // Each document with values has a rank; a multi-valued column maps a rank to its rows
        // through an offset column, a single-valued one (a source, a language) stores the
        // rank's value at row = rank.
        let (present, offsets) = match &ords.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(index)) => {
                (&index.optional_index, Some(&index.start_index_column))
            }
            ColumnIndex::Optional(index) => (index, None),
            _ => return self.one_by_one(docs, each),
        };
        present.rank_if_exists_batch(docs, &mut self.docs, &mut self.ranks);
        let (Some(&first), Some(&last)) = (self.ranks.first(), self.ranks.last()) else {
            return;
        };
        // The ranks first..=last (and, with offsets, the end of the last).
        let extra = usize::from(offsets.is_some());
        let span = (last - first) as usize + 1 + extra;
        if span > BULK_SPAN * self.ranks.len() + extra {
            let docs = std::mem::take(&mut self.docs);
            self.one_by_one(&docs, each);
            self.docs = docs;
            return;
        }
        let (row_start, row_end) = match offsets {
            Some(offsets) => {
                self.starts.resize(span, 0);
                offsets.get_range(u64::from(first), &mut self.starts);
                (self.starts[0], self.starts[span - 1])
            }
            None => (first, last + 1),
        };
        let rows = (row_end - row_start) as usize;
        if self.values.len() < rows {
            self.values.resize(rows, 0);
        }
        ords.values
            .get_range(u64::from(row_start), &mut self.values[..rows]);
        for &rank in &self.ranks {
            let i = (rank - first) as usize;
            let (start, end) = match offsets {
                Some(_) => (self.starts[i] - row_start, self.starts[i + 1] - row_start),
                None => (i as u32, i as u32 + 1),
            };
            each(&self.values[start as usize..end as usize]);
        }
    }

    fn one_by_one(&mut self, docs: &[DocId], mut each: impl FnMut(&[u64])) {
        for &doc in docs {
            let ords = self.of_doc(doc);
            if !ords.is_empty() {
                each(ords);
            }
        }
    }
}

/// One more for each of a document's values.
fn count_values(counts: &mut [u64], ords: &[u64]) {
    for &ord in ords {
        if let Some(count) = counts.get_mut(ord as usize) {
            *count += 1;
        }
    }
}

/// One more for each of a document's facets: its ordinals come sorted, and a repeated facet
/// counts once (as in tantivy's `FacetCollector`).
fn count_facets(counts: &mut [u64], ords: &[u64]) {
    let mut previous = u64::MAX;
    for &ord in ords {
        if ord != previous {
            if let Some(count) = counts.get_mut(ord as usize) {
                *count += 1;
            }
        }
        previous = ord;
    }
}

/// The per-segment counts of one collector added up, value by value.
fn sum_counts<K: Hash + Eq>(fruits: Vec<HashMap<K, u64>>) -> HashMap<K, u64> {
    let mut total = HashMap::default();
    for fruit in fruits {
        for (value, count) in fruit {
            *total.entry(value).or_insert(0) += count;
        }
    }
    total
}

/// How one kind of string fast field is counted: what a document's ordinals add (`count`) and
/// which key each ordinal's bytes count under (`add`). The two kinds — plain values (`source`,
/// `lang`) and facets under roots (`/country/AM`) — share the collector ([`OrdCounts`]).
pub trait Counted: Clone + Send + Sync + 'static {
    type Key: Hash + Eq + Send + Sync + 'static;
    /// One more for what a document's ordinals name.
    fn count(counts: &mut [u64], ords: &[u64]);
    /// Adds `count` for the value whose bytes are `bytes` to `out`.
    fn add(&self, bytes: &[u8], count: u64, out: &mut HashMap<Self::Key, u64>);
}

/// Counts the matching documents per value of the string fast field `field`, the way
/// `counted` says (see [`ValueCounts`], [`FacetCounts`]).
pub struct OrdCounts<C: Counted> {
    pub field: String,
    pub counted: C,
}

/// Per-segment state of [`OrdCounts`].
pub struct SegmentOrdCounts<C: Counted> {
    column: Option<ColumnOrds>,
    counts: Vec<u64>,
    counted: C,
}

impl<C: Counted> Collector for OrdCounts<C> {
    type Fruit = HashMap<C::Key, u64>;
    type Child = SegmentOrdCounts<C>;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentOrdCounts<C>> {
        let column = reader.fast_fields().str(&self.field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentOrdCounts {
            column: column.map(ColumnOrds::new),
            counts: vec![0; terms],
            counted: self.counted.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<C::Key, u64>>) -> tantivy::Result<Self::Fruit> {
        Ok(sum_counts(fruits))
    }
}

impl<C: Counted> SegmentCollector for SegmentOrdCounts<C> {
    type Fruit = HashMap<C::Key, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &mut self.column {
            C::count(&mut self.counts, column.of_doc(doc));
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(column) = &mut self.column {
            column.for_each(docs, |ords| C::count(&mut self.counts, ords));
        }
    }

    fn harvest(self) -> HashMap<C::Key, u64> {
        let mut out = HashMap::default();
        if let Some(column) = &self.column {
            resolve(column, &self.counts, |bytes, count| {
                self.counted.add(bytes, count, &mut out)
            });
        }
        out
    }
}

/// Plain values: each value of a document counts once per occurrence.
#[derive(Clone, Copy, Debug)]
pub struct Values;

impl Counted for Values {
    type Key = String;

    fn count(counts: &mut [u64], ords: &[u64]) {
        count_values(counts, ords)
    }

    fn add(&self, bytes: &[u8], count: u64, out: &mut HashMap<String, u64>) {
        if let Ok(value) = std::str::from_utf8(bytes) {
            out.insert(value.to_string(), count);
        }
    }
}

/// Counts, for each value of the string fast field `field`, the matching documents that have it.
pub type ValueCounts = OrdCounts<Values>;

impl ValueCounts {
    pub fn of(field: impl Into<String>) -> ValueCounts {
        OrdCounts {
            field: field.into(),
            counted: Values,
        }
    }
}

/// The number of segments of `facet` (`/` has none, `/country/AM` two), counted on its encoded
/// form: a harvest meets thousands of facets per segment, and `Facet::to_path` allocates.
fn depth(facet: &Facet) -> usize {
    let encoded = facet.encoded_str();
    if encoded.is_empty() {
        0
    } else {
        encoded.bytes().filter(|&b| b == 0).count() + 1
    }
}

/// Facets, counted under the child of the root each is under.
#[derive(Clone, Debug)]
pub struct Children {
    pub roots: Vec<Facet>,
}

impl Counted for Children {
    type Key = Facet;

    fn count(counts: &mut [u64], ords: &[u64]) {
        count_facets(counts, ords)
    }

    fn add(&self, bytes: &[u8], count: u64, out: &mut HashMap<Facet, u64>) {
        let Ok(facet) = Facet::from_encoded(bytes.to_vec()) else {
            return;
        };
        // The child of the root it is under: a deeper facet would count for its ancestor at
        // that depth, as in FacetCollector (Arshif's facets are all exactly one level below a
        // root, so leaves and children are the same).
        for root in &self.roots {
            if root.is_prefix_of(&facet) {
                let depth = depth(root) + 1;
                // The common case needs no new facet: the facet is the child.
                let child = if self::depth(&facet) == depth {
                    facet.clone()
                } else {
                    Facet::from_path(facet.to_path().into_iter().take(depth))
                };
                *out.entry(child).or_insert(0) += count;
            }
        }
    }
}

/// Counts, for the facet field `field`, the matching documents under each child of `roots`
/// (`/country` → `/country/AM`, `/actor/person` → `/actor/person/nikol-pashinyan`): the same
/// counts as tantivy's `FacetCollector` with `add_facet(root)`.
pub type FacetCounts = OrdCounts<Children>;

impl FacetCounts {
    pub fn under(field: impl Into<String>, roots: Vec<Facet>) -> FacetCounts {
        OrdCounts {
            field: field.into(),
            counted: Children { roots },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::two_segment_archive;
    use arshif_schema::{Actor, ActorKind, Article, Fields};
    use tantivy::collector::{FacetCollector, TopDocs};
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, Term};

    const COUNTRIES: [&str; 7] = ["AM", "AZ", "LB", "JO", "MA", "FR", "TR"];

    /// 6,000 articles in two segments: 0–4 countries each (repeats included), 0–3 actors, a
    /// source on most; `rare`, `even` and `run` pick sparse, alternate and clustered matches.
    fn archive() -> (Index, Fields) {
        two_segment_archive(6_000, 3_500, |i| {
            let mut words = vec!["all"];
            if i % 97 == 0 {
                words.push("rare");
            }
            if i % 2 == 0 {
                words.push("even");
            }
            if (i / 300) % 2 == 0 {
                words.push("run");
            }
            Article {
                id: format!("a{i}"),
                body: words.join(" "),
                lang: Some("en".into()),
                source: (i % 7 != 0).then(|| format!("source-{}", i % 13)),
                countries: (0..(i + i / 3) % 5)
                    .map(|k| COUNTRIES[(i + k * k) % COUNTRIES.len()].to_string())
                    .collect(),
                actors: (0..i % 4)
                    .map(|k| Actor::new(ActorKind::ALL[k % 3], format!("actor-{}", (i * k) % 41)))
                    .collect(),
                ..Article::default()
            }
        })
    }

    /// tantivy's `FacetCollector` counts under `roots`, every root's children in one map (a
    /// child under two nested roots counted once per root it is under, as ours does).
    fn tantivy_facets(
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        field: &str,
        roots: &[&str],
    ) -> HashMap<Facet, u64> {
        let mut out: HashMap<Facet, u64> = HashMap::default();
        // One collector a root: tantivy refuses nested roots in one.
        for root in roots {
            let mut collector = FacetCollector::for_field(field);
            collector.add_facet(*root);
            let counts = searcher.search(query, &collector).unwrap();
            for (facet, count) in counts.get(root) {
                *out.entry(facet.clone()).or_insert(0) += count;
            }
        }
        out
    }

    #[test]
    fn block_reads_count_as_tantivy_does() {
        let (index, fields) = archive();
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let word = |w: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(fields.of(arshif_analysis::Lang::En).body, w),
                IndexRecordOption::Basic,
            ))
        };
        let queries: Vec<(&str, Box<dyn Query>)> = vec![
            ("all", Box::new(AllQuery)),
            ("rare", word("rare")),
            ("even", word("even")),
            ("run", word("run")),
        ];
        for (name, query) in queries {
            let countries = || FacetCounts::under("countries", vec![Facet::from("/country")]);
            let sources = || ValueCounts::of("source");
            // Unscored: tantivy hands the collectors blocks of documents (the bulk reads).
            let (blocks, block_sources) =
                searcher.search(&query, &(countries(), sources())).unwrap();
            // Scored: one document at a time.
            let (_, one_by_one, one_by_one_sources) = searcher
                .search(
                    &query,
                    &(
                        TopDocs::with_limit(1).order_by_score(),
                        countries(),
                        sources(),
                    ),
                )
                .unwrap();
            let theirs = tantivy_facets(&searcher, &*query, "countries", &["/country"]);
            assert!(!theirs.is_empty(), "{name}");
            assert_eq!(blocks, theirs, "{name}");
            assert_eq!(one_by_one, theirs, "{name}");
            // The other roots of the same fields (the main countries and actors every article
            // has), several roots at once and nested roots count as tantivy counts them too.
            let kinds = |root: &str| -> Vec<String> {
                ActorKind::ALL
                    .iter()
                    .map(|kind| format!("{root}/{}", kind.as_str()))
                    .collect()
            };
            let (actor_kinds, main_kinds) = (kinds("/actor"), kinds("/main-actor"));
            let cases: Vec<(&str, Vec<&str>)> = vec![
                ("countries", vec!["/main-country"]),
                ("actors", actor_kinds.iter().map(String::as_str).collect()),
                ("actors", main_kinds.iter().map(String::as_str).collect()),
                ("actors", vec!["/actor", "/actor/person"]),
            ];
            for (field, roots) in cases {
                let ours = searcher
                    .search(
                        &query,
                        &FacetCounts::under(field, roots.iter().map(|r| Facet::from(*r)).collect()),
                    )
                    .unwrap();
                let theirs = tantivy_facets(&searcher, &*query, field, &roots);
                assert!(!theirs.is_empty(), "{name} {roots:?}");
                assert_eq!(ours, theirs, "{name} {roots:?}");
            }
            assert_eq!(block_sources, one_by_one_sources, "{name}");
            let total: u64 = block_sources.values().sum();
            let with_source = searcher.search(&query, &tantivy::collector::Count).unwrap();
            assert!(
                total > 0 && total < with_source as u64,
                "{name}: {total} of {with_source}"
            );
        }
    }
}
