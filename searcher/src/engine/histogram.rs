//! Matches over time: how many matching articles fall in each month or year.
//!
//! A collector reads each matching document's `date` from its fast-field column (no stored
//! document is loaded) and counts it in its bucket; articles without a date are counted apart.
//! Empty months between the first and the last are kept, with a count of zero: gaps in an
//! archive's coverage are what a researcher needs to see.

use arshif_schema::schema::field;
use std::collections::BTreeMap;
use std::str::FromStr;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::engine::query;
use crate::engine::request::SearchRequest;
use crate::engine::search::SearchError;

/// The size of a histogram's buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Month,
    Year,
}

impl FromStr for Unit {
    type Err = String;
    fn from_str(s: &str) -> Result<Unit, String> {
        match s {
            "date:month" | "month" => Ok(Unit::Month),
            "date:year" | "year" => Ok(Unit::Year),
            other => Err(format!(
                "unknown histogram {other:?}: use date:month or date:year"
            )),
        }
    }
}

impl Unit {
    /// The bucket of a date: months since year 0, or the year.
    fn key(self, date: DateTime) -> i64 {
        let d = date.into_utc();
        match self {
            Unit::Month => i64::from(d.year()) * 12 + i64::from(u8::from(d.month())) - 1,
            Unit::Year => i64::from(d.year()),
        }
    }

    /// A bucket's label: `2022-09` or `2022`.
    pub fn label(self, key: i64) -> String {
        match self {
            Unit::Month => format!("{:04}-{:02}", key.div_euclid(12), key.rem_euclid(12) + 1),
            Unit::Year => format!("{key:04}"),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// Matching articles per time bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Histogram {
    pub unit: Unit,
    /// `(label, count)` from the earliest bucket to the latest, empty buckets included.
    pub buckets: Vec<(String, u64)>,
    /// Matching articles without a date.
    pub undated: u64,
}

/// Counts the matches of `request` on `opened` per `unit`: of the query the search runs
/// ([`crate::engine::search::plan`]: relaxed or expanded if the search is).
pub fn histogram(
    opened: &arshif_schema::Opened,
    request: &SearchRequest,
    unit: Unit,
    gazetteer: &arshif_entities::Gazetteer,
) -> Result<Histogram, SearchError> {
    let searcher = opened.searcher()?;
    let statistics = query::PerLanguageStatistics::new(&searcher, &opened.fields)?;
    let built =
        crate::engine::search::plan(&searcher, &opened.fields, request, gazetteer, &statistics)?
            .built;
    let (counts, undated) = searcher.search(&*built.full, &DateCounts { unit })?;
    let mut buckets = Vec::new();
    if let (Some((&first, _)), Some((&last, _))) =
        (counts.first_key_value(), counts.last_key_value())
    {
        for key in first..=last {
            buckets.push((unit.label(key), counts.get(&key).copied().unwrap_or(0)));
        }
    }
    Ok(Histogram {
        unit,
        buckets,
        undated,
    })
}

/// Counts matching documents per date bucket, and those without a date.
pub struct DateCounts {
    pub unit: Unit,
}

/// Per-segment state of [`DateCounts`].
pub struct SegmentDateCounts {
    unit: Unit,
    column: Column<DateTime>,
    counts: BTreeMap<i64, u64>,
    undated: u64,
}

type Fruit = (BTreeMap<i64, u64>, u64);

impl Collector for DateCounts {
    type Fruit = Fruit;
    type Child = SegmentDateCounts;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentDateCounts> {
        Ok(SegmentDateCounts {
            unit: self.unit,
            column: reader.fast_fields().date(field::DATE)?,
            counts: BTreeMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut total = BTreeMap::new();
        let mut undated = 0;
        for (counts, none) in fruits {
            undated += none;
            for (key, count) in counts {
                *total.entry(key).or_insert(0) += count;
            }
        }
        Ok((total, undated))
    }
}

impl SegmentCollector for SegmentDateCounts {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.first(doc) {
            Some(date) => *self.counts.entry(self.unit.key(date)).or_insert(0) += 1,
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Fruit {
        (self.counts, self.undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_labelled_by_month_and_year() {
        let date = DateTime::from_utc(time::macros::datetime!(2022-09-13 03:00 UTC));
        let month = Unit::Month.key(date);
        assert_eq!(Unit::Month.label(month), "2022-09");
        assert_eq!(Unit::Month.label(month + 4), "2023-01");
        assert_eq!(Unit::Year.label(Unit::Year.key(date)), "2022");
        assert_eq!("date:year".parse::<Unit>(), Ok(Unit::Year));
        assert!("date:week".parse::<Unit>().is_err());
    }
}
