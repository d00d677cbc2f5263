//! The cost model the scorers of an AND share: how many documents a union of fields holds,
//! when a union inside an intersection walks rather than jumps ([`super::field_union`]), and
//! when a whole AND is worked out a window of documents at a time instead
//! ([`super::windowed`]). One place, so that the two files choose by the same numbers.

/// Documents per window: tantivy's buffered union uses the same.
pub(crate) const WINDOW: u32 = 4096;

/// A union walks if at most this many of its documents come per document the leading clause
/// visits: reading them a window at a time then costs less than seeking every field each time.
pub(crate) const WALK_RATIO: f32 = 4.0;

/// The leading union walks if at least this share of its documents are expected to match all
/// the other clauses (and be scored anyway).
pub(crate) const WALK_SHARE: f32 = 0.5;

/// The leading clause is dense enough for windows if it is expected to hold at least this many
/// documents per window: below that, a window's fixed costs (its bitsets) weigh more than the
/// seeks they save, and leapfrogging is as good.
pub(crate) const MIN_LEAD_PER_WINDOW: f32 = 64.0;

/// Whether a leading clause of `cost` in a segment of `num_docs` suits windows.
pub(crate) fn suits_windows(lead_cost: u64, num_docs: u32) -> bool {
    lead_cost as f32 / num_docs.max(1) as f32 * WINDOW as f32 >= MIN_LEAD_PER_WINDOW
}

/// tantivy's estimate of a union's size (`estimate_union`, private to tantivy).
pub(crate) fn estimate_union(sizes: impl Iterator<Item = u32>, num_docs: u32) -> u32 {
    let num_docs = num_docs.max(1) as f64;
    let mut outside = 1.0f64;
    for size in sizes {
        outside *= 1.0 - size as f64 / num_docs * 0.8;
    }
    (num_docs * (1.0 - outside)).round().min(num_docs) as u32
}
