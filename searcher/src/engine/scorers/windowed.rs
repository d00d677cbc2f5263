//! An AND of dense clauses, worked out a window of 4,096 documents at a time.
//!
//! tantivy's intersection leapfrogs: the cheapest clause leads, and every other clause is sought
//! to each of its documents in turn. When the words are frequent (`الطريق AND الموقع AND نارية`
//! matches one article in seven of a million) the other clauses are walking unions, and a seek
//! into a union's buffered window steps through its documents one at a time: at a million
//! articles that stepping was 42% of such a query's time and the unions' refills another 25%
//! (perf), for the AND queries that made the class's p99.
//!
//! [`Windowed`] works the other way round. For each window it walks the leading clause and
//! notes its documents in a bitset, then takes each other clause in turn, either walking it (and
//! scoring only the documents still in the bitset) or seeking it to just those documents —
//! whichever reads less, chosen per clause and window from how many documents are left — and
//! ANDs its bitset in. What is left matches every clause; its scores were added up on the way.
//!
//! Matches and scores are those of tantivy's intersection over the same clauses: a clause's
//! score is its scorers' scores added in order from 0.0 (as tantivy's `SumCombiner` and
//! [`super::field_union`]'s jumping union do), and the clauses' scores are added in the order of
//! their costs, the first two and then the sum of the rest (as tantivy's `Intersection::score`).

use tantivy::query::Scorer;
use tantivy::{DocId, DocSet, Score, TERMINATED};

// A clause seeks to the documents left rather than walking through the window when it is
// expected to hold more than WALK_RATIO documents for each of them: the ratio at which the
// field unions choose between walking and jumping.
use super::cost::{self, WALK_RATIO, WINDOW};

/// 64-bit words of a window's bitset.
const WORDS: usize = WINDOW as usize / 64;

/// One required clause: scorers whose scores for a document are added up in order from 0.0 (a
/// word's fields), or a single scorer.
struct Clause {
    scorers: Vec<Box<dyn Scorer>>,
    /// The clause's documents in the current window (those looked at)...
    bits: [u64; WORDS],
    /// ...and their scores, by offset in the window.
    scores: Box<[Score; WINDOW as usize]>,
    /// Expected documents per window.
    per_window: f32,
    cost: u64,
    size_hint: u32,
}

impl Clause {
    fn new(scorers: Vec<Box<dyn Scorer>>, num_docs: u32) -> Clause {
        let scorers: Vec<Box<dyn Scorer>> = scorers
            .into_iter()
            .filter(|s| s.doc() != TERMINATED)
            .collect();
        let cost = scorers.iter().map(|s| s.cost()).sum();
        let size_hint = match scorers.as_slice() {
            [one] => one.size_hint(),
            many => cost::estimate_union(many.iter().map(|s| s.size_hint()), num_docs),
        };
        Clause {
            scorers,
            bits: [0; WORDS],
            scores: Box::new([0.0; WINDOW as usize]),
            per_window: cost as f32 / num_docs.max(1) as f32 * WINDOW as f32,
            cost,
            size_hint,
        }
    }

    /// Notes `doc` (at `delta` in the window) with `score` added to its sum.
    #[inline]
    fn add(&mut self, delta: usize, score: Score) {
        let (word, bit) = (delta / 64, 1u64 << (delta % 64));
        if self.bits[word] & bit == 0 {
            self.bits[word] |= bit;
            self.scores[delta] = 0.0 + score;
        } else {
            self.scores[delta] += score;
        }
    }

    /// Reads every document of the window `start..end`, scoring those in `keep` (all if none).
    fn walk(&mut self, start: DocId, end: DocId, keep: Option<&[u64; WORDS]>) {
        self.bits = [0; WORDS];
        for i in 0..self.scorers.len() {
            let mut doc = self.scorers[i].doc();
            if doc < start {
                doc = self.scorers[i].seek(start);
            }
            while doc < end {
                let delta = (doc - start) as usize;
                if keep.is_none_or(|k| k[delta / 64] & (1 << (delta % 64)) != 0) {
                    let score = self.scorers[i].score();
                    self.add(delta, score);
                }
                doc = self.scorers[i].advance();
            }
        }
    }

    /// Seeks to the documents of `keep` in the window `start..end`, scoring those it has. Each
    /// scorer and the bitset leapfrog: a scorer past some of `keep` skips them in the bitset.
    fn jump(&mut self, start: DocId, end: DocId, keep: &[u64; WORDS]) {
        self.bits = [0; WORDS];
        for i in 0..self.scorers.len() {
            let mut doc = self.scorers[i].doc();
            let mut next = next_set(keep, 0);
            while let Some(delta) = next {
                let target = start + delta as u32;
                if doc < target {
                    doc = self.scorers[i].seek(target);
                }
                if doc == target {
                    let score = self.scorers[i].score();
                    self.add(delta, score);
                    next = next_set(keep, delta + 1);
                } else if doc < end {
                    next = next_set(keep, (doc - start) as usize);
                } else {
                    break;
                }
            }
        }
    }
}

/// The first offset at or after `from` whose bit is set.
#[inline]
fn next_set(bits: &[u64; WORDS], from: usize) -> Option<usize> {
    let mut word = from / 64;
    if word >= WORDS {
        return None;
    }
    let mut rest = bits[word] & (u64::MAX << (from % 64));
    loop {
        if rest != 0 {
            return Some(word * 64 + rest.trailing_zeros() as usize);
        }
        word += 1;
        if word == WORDS {
            return None;
        }
        rest = bits[word];
    }
}

/// The intersection of two or more clauses, a window at a time (see the module's doc).
pub struct Windowed {
    /// In the order of their costs; the first leads.
    clauses: Vec<Clause>,
    /// The current window: `start..start + WINDOW`.
    start: DocId,
    /// The window's matches not yet visited.
    left: [u64; WORDS],
    /// The word of `left` holding the next match.
    word: usize,
    doc: DocId,
    num_docs: u32,
}

impl Windowed {
    /// The intersection of `clauses` (each given as the scorers whose scores it adds up),
    /// positioned on its first match. At least two clauses.
    pub fn new(clauses: Vec<Vec<Box<dyn Scorer>>>, num_docs: u32) -> Windowed {
        let mut clauses: Vec<Clause> = clauses
            .into_iter()
            .map(|scorers| Clause::new(scorers, num_docs))
            .collect();
        // As `tantivy::query::intersect_scorers` orders them (a stable sort).
        clauses.sort_by_key(|c| c.cost);
        let mut windowed = Windowed {
            clauses,
            start: 0,
            left: [0; WORDS],
            word: WORDS,
            doc: 0,
            num_docs,
        };
        windowed.doc = windowed.fill(0);
        windowed
    }

    /// Works out the first window from `from` on that has matches; returns its first match.
    fn fill(&mut self, mut from: DocId) -> DocId {
        loop {
            // No match comes before the furthest of the clauses' next documents.
            let mut start = from;
            for clause in &self.clauses {
                let next = clause.scorers.iter().map(|s| s.doc()).min();
                start = start.max(next.unwrap_or(TERMINATED));
            }
            if start >= TERMINATED {
                self.start = TERMINATED;
                self.left = [0; WORDS];
                self.word = WORDS;
                return TERMINATED;
            }
            let end = start + WINDOW;
            let (lead, others) = self.clauses.split_at_mut(1);
            lead[0].walk(start, end, None);
            let mut left = lead[0].bits;
            for clause in others {
                let candidates: u32 = left.iter().map(|w| w.count_ones()).sum();
                if candidates == 0 {
                    break;
                }
                if clause.per_window > candidates as f32 * WALK_RATIO {
                    clause.jump(start, end, &left);
                } else {
                    clause.walk(start, end, Some(&left));
                }
                for (l, c) in left.iter_mut().zip(&clause.bits) {
                    *l &= c;
                }
            }
            self.start = start;
            self.left = left;
            self.word = 0;
            if let Some(doc) = self.pop() {
                return doc;
            }
            from = end;
        }
    }

    /// The next match left in the current window.
    fn pop(&mut self) -> Option<DocId> {
        while self.word < WORDS {
            let word = self.left[self.word];
            if word != 0 {
                self.left[self.word] = word & (word - 1);
                return Some(self.start + self.word as u32 * 64 + word.trailing_zeros());
            }
            self.word += 1;
        }
        None
    }
}

impl DocSet for Windowed {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.doc = match self.pop() {
            Some(doc) => doc,
            None => self.fill(self.start + WINDOW),
        };
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let delta = target - self.start;
        if delta >= WINDOW {
            self.doc = self.fill(target);
            return self.doc;
        }
        // Drop the matches before the target, then take the next.
        let word = delta as usize / 64;
        for w in &mut self.left[self.word.min(word)..word] {
            *w = 0;
        }
        self.left[word] &= u64::MAX << (delta % 64);
        self.word = self.word.max(word);
        self.doc = match self.pop() {
            Some(doc) => doc,
            None => self.fill(self.start + WINDOW),
        };
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// tantivy's estimate for an intersection (`estimate_intersection`).
    fn size_hint(&self) -> u32 {
        if self.num_docs == 0 {
            return 0;
        }
        let mut sizes = self.clauses.iter().map(|c| c.size_hint);
        let Some(first) = sizes.next() else {
            return 0;
        };
        let (mut estimate, mut smallest, mut co_location) = (first as f64, first as f64, 1.3f64);
        for size in sizes {
            co_location = (co_location - 0.1).max(1.0);
            estimate *= size as f64 / self.num_docs as f64 * co_location;
            smallest = smallest.min(size as f64);
        }
        estimate.round().min(smallest) as u32
    }

    /// As tantivy's intersection: the leading clause's cost.
    fn cost(&self) -> u64 {
        self.clauses.first().map_or(0, |c| c.cost)
    }
}

impl Scorer for Windowed {
    fn score(&mut self) -> Score {
        let delta = (self.doc - self.start) as usize;
        let score = |c: &Clause| c.scores[delta];
        match self.clauses.as_slice() {
            [left, right, others @ ..] => {
                score(left) + score(right) + others.iter().map(score).sum::<Score>()
            }
            [one] => score(one),
            [] => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::query::{BooleanQuery, EnableScoring, Occur, Query, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, TEXT};
    use tantivy::{doc, Index, Searcher, SegmentReader, Term};

    /// Words and how often a document has each, in its title and in its body: from almost
    /// every document to a few per window, so that clauses lead, walk and jump.
    const WORDS: [(&str, f64, f64); 5] = [
        ("common", 0.3, 0.8),
        ("half", 0.1, 0.5),
        ("tenth", 0.02, 0.1),
        ("rare", 0.0, 0.01),
        ("late", 0.0, 0.0),
    ];

    /// 30,000 documents in one segment (plus "late" in the last 50 only: a clause that starts
    /// many windows in).
    fn index() -> (Index, [tantivy::schema::Field; 2]) {
        let mut schema = Schema::builder();
        let title = schema.add_text_field("title", TEXT);
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(1, 50_000_000).unwrap();
        let mut state = 11u64;
        let mut chance = move |p: f64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) < p
        };
        for i in 0..30_000 {
            let (mut t, mut b) = (Vec::new(), vec!["filler"]);
            for (word, in_title, in_body) in WORDS {
                let late = word == "late" && i >= 29_950;
                if chance(in_title) {
                    t.push(word);
                }
                // Repeated, so that term frequencies (and scores) vary.
                for _ in 0..1 + (i % 3) {
                    if late || chance(in_body) {
                        b.push(word);
                    }
                }
            }
            writer
                .add_document(doc!(title => t.join(" "), body => b.join(" ")))
                .unwrap();
        }
        writer.commit().unwrap();
        (index, [title, body])
    }

    /// A word in both fields, as the query parser makes it: a union of two term queries.
    fn union(fields: [tantivy::schema::Field; 2], word: &str) -> Vec<Box<dyn Query>> {
        fields
            .iter()
            .map(|&f| {
                Box::new(TermQuery::new(
                    Term::from_field_text(f, word),
                    IndexRecordOption::WithFreqs,
                )) as Box<dyn Query>
            })
            .collect()
    }

    /// tantivy's scorer for the AND of the words' unions, and ours.
    fn scorers(
        searcher: &Searcher,
        segment: &SegmentReader,
        fields: [tantivy::schema::Field; 2],
        words: &[&str],
    ) -> (Box<dyn Scorer>, Windowed) {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let tantivy = BooleanQuery::new(
            words
                .iter()
                .map(|w| {
                    let should = union(fields, w).into_iter().map(|q| (Occur::Should, q));
                    (
                        Occur::Must,
                        Box::new(BooleanQuery::new(should.collect())) as Box<dyn Query>,
                    )
                })
                .collect(),
        );
        let reference = tantivy
            .weight(scoring)
            .unwrap()
            .scorer(segment, 1.0)
            .unwrap();
        let clauses = words
            .iter()
            .map(|w| {
                union(fields, w)
                    .iter()
                    .map(|q| q.weight(scoring).unwrap().scorer(segment, 1.0).unwrap())
                    .collect()
            })
            .collect();
        (reference, Windowed::new(clauses, segment.num_docs()))
    }

    const QUERIES: [&[&str]; 7] = [
        &["common", "half"],
        &["half", "common"],
        &["tenth", "common", "half"],
        &["rare", "common"],
        &["common", "half", "tenth", "rare"],
        &["late", "common"],
        &["rare", "late"],
    ];

    #[test]
    fn matches_and_scores_to_the_bit_as_tantivy_s_intersection() {
        let (index, fields) = index();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        for words in QUERIES {
            let (mut reference, mut windowed) = scorers(&searcher, segment, fields, words);
            let mut matches = 0;
            loop {
                assert_eq!(windowed.doc(), reference.doc(), "{words:?}");
                if reference.doc() == TERMINATED {
                    break;
                }
                assert_eq!(
                    windowed.score().to_bits(),
                    reference.score().to_bits(),
                    "{words:?} at {}",
                    reference.doc()
                );
                matches += 1;
                reference.advance();
                windowed.advance();
            }
            assert!(matches > 0 || words.contains(&"late"), "{words:?}");
            assert_eq!(windowed.advance(), TERMINATED);
        }
    }

    #[test]
    fn seeks_as_tantivy_s_intersection() {
        let (index, fields) = index();
        let searcher = index.reader().unwrap().searcher();
        let segment = &searcher.segment_readers()[0];
        let mut state = 3u32;
        for words in QUERIES {
            let (mut reference, mut windowed) = scorers(&searcher, segment, fields, words);
            let mut target = 0;
            // Steps within a window, to its edge and far past it.
            for step in [1, 2, 63, 64, 65, 700, 4095, 4096, 4097, 9000]
                .iter()
                .cycle()
                .take(200)
            {
                state = state.wrapping_mul(1103515245).wrapping_add(12345);
                target += step + (state >> 16) % 7;
                let expected = reference.seek(target.max(reference.doc()));
                assert_eq!(windowed.seek(target), expected, "{words:?} seek {target}");
                if expected == TERMINATED {
                    break;
                }
                assert_eq!(windowed.score().to_bits(), reference.score().to_bits());
                target = expected;
            }
        }
    }
}
