//! Counting the values of a string fast field over the matching documents.
//!
//! tantivy's `FacetCollector` counts facet fields; `source` is a plain string field (so that it
//! can be matched exactly and sorted), and its counts come from its fast-field column: one
//! array increment per matching document, term strings looked up once per segment.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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
        let mut total = HashMap::new();
        for fruit in fruits {
            for (value, count) in fruit {
                *total.entry(value).or_insert(0) += count;
            }
        }
        Ok(total)
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
        let mut out = HashMap::new();
        let Some(column) = self.column else {
            return out;
        };
        let mut value = String::new();
        for (ord, &count) in self.counts.iter().enumerate() {
            if count > 0 && matches!(column.ord_to_str(ord as u64, &mut value), Ok(true)) {
                out.insert(value.clone(), count);
            }
        }
        out
    }
}
