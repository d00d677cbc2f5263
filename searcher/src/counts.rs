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
use tantivy::columnar::StrColumn;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Calls `each(bytes, count)` for every ordinal counted at least once, walking the dictionary
/// once in ordinal order.
fn resolve(column: &StrColumn, counts: &[u64], mut each: impl FnMut(&[u8], u64)) {
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

/// Counts, for each value of the string fast field `field`, the matching documents that have it.
pub struct ValueCounts {
    pub field: String,
}

/// Per-segment state of [`ValueCounts`].
pub struct SegmentValueCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl Collector for ValueCounts {
    type Fruit = HashMap<String, u64>;
    type Child = SegmentValueCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentValueCounts> {
        let column = reader.fast_fields().str(&self.field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentValueCounts {
            column,
            counts: vec![0; terms],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<String, u64>>) -> tantivy::Result<Self::Fruit> {
        Ok(sum_counts(fruits))
    }
}

impl SegmentCollector for SegmentValueCounts {
    type Fruit = HashMap<String, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            for ord in column.term_ords(doc) {
                if let Some(count) = self.counts.get_mut(ord as usize) {
                    *count += 1;
                }
            }
        }
    }

    fn harvest(self) -> HashMap<String, u64> {
        let mut out = HashMap::default();
        if let Some(column) = &self.column {
            resolve(column, &self.counts, |bytes, count| {
                if let Ok(value) = std::str::from_utf8(bytes) {
                    out.insert(value.to_string(), count);
                }
            });
        }
        out
    }
}

/// Counts, for the facet field `field`, the matching documents under each child of `root`
/// (`/country` → `/country/AM`, `/actor/person` → `/actor/person/nikol-pashinyan`): the same
/// counts as tantivy's `FacetCollector` with `add_facet(root)`.
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

pub struct FacetCounts {
    pub field: String,
    pub roots: Vec<Facet>,
}

/// Per-segment state of [`FacetCounts`].
pub struct SegmentFacetCounts {
    column: Option<StrColumn>,
    counts: Vec<u64>,
    roots: Vec<Facet>,
}

impl Collector for FacetCounts {
    type Fruit = HashMap<Facet, u64>;
    type Child = SegmentFacetCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounts> {
        let column = reader.fast_fields().str(&self.field)?;
        let terms = column.as_ref().map_or(0, |c| c.num_terms());
        Ok(SegmentFacetCounts {
            column,
            counts: vec![0; terms],
            roots: self.roots.clone(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<Facet, u64>>) -> tantivy::Result<Self::Fruit> {
        Ok(sum_counts(fruits))
    }
}

impl SegmentCollector for SegmentFacetCounts {
    type Fruit = HashMap<Facet, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(column) = &self.column {
            // A document's ordinals come sorted; a repeated facet counts once (as in
            // FacetCollector).
            let mut previous = u64::MAX;
            for ord in column.term_ords(doc) {
                if ord != previous {
                    if let Some(count) = self.counts.get_mut(ord as usize) {
                        *count += 1;
                    }
                }
                previous = ord;
            }
        }
    }

    fn harvest(self) -> HashMap<Facet, u64> {
        let mut out = HashMap::default();
        let Some(column) = &self.column else {
            return out;
        };
        resolve(column, &self.counts, |bytes, count| {
            let Ok(facet) = Facet::from_encoded(bytes.to_vec()) else {
                return;
            };
            // The child of the root it is under: a deeper facet would count for its ancestor
            // at that depth, as in FacetCollector (Arshif's facets are all exactly one level
            // below a root, so leaves and children are the same).
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
        });
        out
    }
}
