//! How the indexer merges segments: tantivy's log merges, with the merged segment's size capped.
//!
//! tantivy's default `LogMergePolicy` merges *every* segment of a size level once the level holds
//! eight. On a large archive its last merges therefore read most of the index at once, through
//! memory maps: at a million articles (9.6 GB of index) `arshif-index --memory 256M` peaked at
//! 8.5 GB of resident memory, almost all of it the merge's mapped input (BENCHMARKS.md), and the
//! disk saw bursts of the same size. [`BoundedMerges`] keeps tantivy's levels — segments of
//! similar size merged together, so that each document is rewritten a logarithmic number of
//! times — but splits a level's merge so that no merged segment holds more than
//! [`MAX_MERGED_DOCS`] documents, and never merges a segment that already holds half of that.
//! A merge then reads at most that many documents' worth of index, whatever the archive's size.
//!
//! The price is more segments in a large index (at least one per [`MAX_MERGED_DOCS`]
//! documents); a search visits each segment's term dictionary once per term, which costs
//! microseconds per segment. Scores do not depend on how documents are split into segments
//! (BM25 statistics are index-wide), so results stay the same.

use std::collections::HashMap;
use std::mem;

use tantivy::index::SegmentId;
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::SegmentMeta;

/// The most documents a merge may produce. At the benchmark corpus's ~9.6 KB of index per
/// article that is about 1 GB; ordinary news articles are shorter.
pub const MAX_MERGED_DOCS: u32 = 100_000;

/// tantivy's log merge policy with a cap on the merged segment's size; see the module
/// documentation.
#[derive(Debug)]
pub struct BoundedMerges {
    log: LogMergePolicy,
    max_docs: u32,
}

impl BoundedMerges {
    /// A policy whose merges produce segments of at most `max_docs` documents.
    pub fn new(max_docs: u32) -> BoundedMerges {
        let mut log = LogMergePolicy::default();
        // A segment of more than half the cap could only merge into more than the cap.
        log.set_max_docs_before_merge((max_docs / 2) as usize);
        BoundedMerges { log, max_docs }
    }
}

impl Default for BoundedMerges {
    fn default() -> BoundedMerges {
        BoundedMerges::new(MAX_MERGED_DOCS)
    }
}

impl MergePolicy for BoundedMerges {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        let docs: HashMap<SegmentId, u32> =
            segments.iter().map(|s| (s.id(), s.num_docs())).collect();
        let size = |id: &SegmentId| docs.get(id).copied().unwrap_or(0);
        let mut merges = Vec::new();
        for MergeCandidate(mut level) in self.log.compute_merge_candidates(segments) {
            // Smallest first, cut into runs that fit under the cap; a run of one is no merge.
            level.sort_by_key(size);
            let mut run: Vec<SegmentId> = Vec::new();
            let mut total = 0u32;
            for id in level {
                let n = size(&id);
                if !run.is_empty() && total.saturating_add(n) > self.max_docs {
                    if run.len() > 1 {
                        merges.push(MergeCandidate(mem::take(&mut run)));
                    }
                    run.clear();
                    total = 0;
                }
                run.push(id);
                total = total.saturating_add(n);
            }
            if run.len() > 1 {
                merges.push(MergeCandidate(run));
            }
        }
        merges
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::Schema;
    use tantivy::Index;

    use super::*;

    fn segments(sizes: &[u32]) -> Vec<SegmentMeta> {
        let index = Index::create_in_ram(Schema::builder().build());
        sizes
            .iter()
            .map(|&n| index.new_segment_meta(SegmentId::generate_random(), n))
            .collect()
    }

    fn merged_sizes(policy: &BoundedMerges, metas: &[SegmentMeta]) -> Vec<Vec<u32>> {
        let docs: HashMap<SegmentId, u32> = metas.iter().map(|s| (s.id(), s.num_docs())).collect();
        let mut out: Vec<Vec<u32>> = policy
            .compute_merge_candidates(metas)
            .into_iter()
            .map(|MergeCandidate(ids)| ids.iter().map(|id| docs[id]).collect())
            .collect();
        out.sort();
        out
    }

    #[test]
    fn small_levels_merge_as_tantivy_merges_them() {
        let metas = segments(&[5_000; 8]);
        let policy = BoundedMerges::default();
        assert_eq!(merged_sizes(&policy, &metas), vec![vec![5_000; 8]]);
        // Fewer than eight of a size: nothing to do yet, as with tantivy's policy.
        assert!(merged_sizes(&policy, &segments(&[5_000; 7])).is_empty());
    }

    #[test]
    fn a_level_too_large_for_one_merge_is_split_under_the_cap() {
        // tantivy's policy would merge these twelve into one segment of 480,000 documents.
        let metas = segments(&[40_000; 12]);
        let mut unbounded = LogMergePolicy::default();
        unbounded.set_max_docs_before_merge(10_000_000);
        assert_eq!(unbounded.compute_merge_candidates(&metas)[0].0.len(), 12);
        let merges = merged_sizes(&BoundedMerges::new(100_000), &metas);
        assert_eq!(merges.len(), 6);
        for merge in &merges {
            assert!(merge.iter().sum::<u32>() <= 100_000, "{merge:?}");
            assert!(merge.len() >= 2);
        }
    }

    #[test]
    fn segments_of_half_the_cap_or_more_are_left_alone() {
        let metas = segments(&[60_000; 10]);
        assert!(merged_sizes(&BoundedMerges::new(100_000), &metas).is_empty());
    }
}
