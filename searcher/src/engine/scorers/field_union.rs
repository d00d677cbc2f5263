//! A word's fields, OR-ed, in a form an intersection can skip through cheaply.
//!
//! Every word of a query searches several fields (in Arabic: title and body, stemmed and
//! exact), which tantivy's query parser makes a `BooleanQuery` of SHOULD clauses, run by a
//! `BufferedUnionScorer`. That scorer *walks*: it reads the next 4,096 documents of every
//! clause at once and scores them all. In an AND query the rarest word leads and the others are
//! sought to its matches; a seek past the buffered window throws the window away and reads and
//! scores a new one, to use one document of it. At a million articles that was two thirds of an
//! AND query's time (perf: `buffered_union::refill` and `seek`).
//!
//! A [`FieldUnion`] can also *jump*: seek each clause's own scorer to the target, and add up a
//! score only for the documents the intersection matches. Which is cheaper depends on the
//! other words, so an [`Intersection`] chooses, per segment, from the clauses' document
//! counts: a union walks when it would visit most of its documents anyway (two frequent words,
//! whose intersection is a quarter of the archive), and jumps otherwise. Walking is tantivy's
//! own scorer, unwrapped — except that where a frequent word leads and another would walk, the
//! whole AND is worked out a window of documents at a time instead ([`crate::engine::scorers::windowed`]), which
//! needs no seeks into walking unions at all. Either way a union's score is the same to the bit: its matching
//! clauses' scores added in clause order from 0.0, as tantivy's `SumCombiner` does. (An
//! intersection adds its clauses' scores in the order of their costs, and tantivy's buffered
//! union reports as its cost only the fields still running after its first window, a jumping
//! union all of them: with three or more words the additions can come in another order, and a
//! score differ in its last bit — never the matches or the totals.)
//!
//! [`for_intersections`] puts these in place of the AND queries whose clauses include such
//! unions, and of the unions a query excludes (`-word`); a union that drives a search alone (a
//! one-word query, an OR) keeps tantivy's scorer.

use std::sync::Arc;

use tantivy::query::{
    intersect_scorers, AllScorer, BooleanQuery, BooleanWeight, BoostQuery, EmptyScorer,
    EnableScoring, Explanation, Occur, PhraseQuery, Query, Scorer, SumCombiner, TermQuery, Weight,
};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use super::cost::{self, WALK_RATIO, WALK_SHARE};
use super::windowed::Windowed;

/// `query` with its AND queries over unions of fields made [`Intersection`]s and its excluded
/// unions [`FieldUnion`]s; everything else is kept as it is.
pub fn for_intersections(query: Box<dyn Query>) -> Box<dyn Query> {
    rewrite(query, false)
}

/// `sought`: whether the scorer of `query` will be sought (by an intersection or exclusion)
/// rather than walked through.
fn rewrite(query: Box<dyn Query>, sought: bool) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    if sought && is_field_union(boolean) {
        return Box::new(FieldUnion {
            clauses: boolean
                .clauses()
                .iter()
                .map(|(_, clause)| clause.box_clone())
                .collect(),
            minimum_should_match: boolean.get_minimum_number_should_match(),
        });
    }
    let clauses = boolean.clauses();
    let all_must = clauses.len() >= 2 && clauses.iter().all(|(o, _)| *o == Occur::Must);
    let rewritten: Vec<(Occur, Box<dyn Query>)> = clauses
        .iter()
        .map(|(occur, clause)| {
            let sought = match occur {
                // A lone clause is its boolean's scorer (tantivy returns it unwrapped).
                _ if clauses.len() == 1 => sought,
                Occur::Must => all_must,
                Occur::MustNot => true,
                Occur::Should => false,
            };
            (*occur, rewrite(clause.box_clone(), sought))
        })
        .collect();
    let rewritten = BooleanQuery::with_minimum_required_clauses(
        rewritten,
        boolean.get_minimum_number_should_match(),
    );
    if all_must
        && rewritten
            .clauses()
            .iter()
            .any(|(_, c)| has_field_union(c.as_ref()))
    {
        return Box::new(Intersection(rewritten));
    }
    Box::new(rewritten)
}

/// The `BooleanQuery` that an [`Intersection`] or a [`FieldUnion`] stands for: what tantivy
/// runs the same clauses as, and explains them with.
pub fn as_boolean(query: &dyn Query) -> Option<BooleanQuery> {
    if let Some(intersection) = query.downcast_ref::<Intersection>() {
        return Some(intersection.0.clone());
    }
    query.downcast_ref::<FieldUnion>().map(|union| {
        BooleanQuery::with_minimum_required_clauses(
            union
                .clauses
                .iter()
                .map(|c| (Occur::Should, c.box_clone()))
                .collect(),
            union.minimum_should_match,
        )
    })
}

/// Whether `boolean` is what the query parser makes of one word searched in several fields:
/// two or more SHOULD clauses, at most one of them required, each a term or phrase (boosted or
/// not).
fn is_field_union(boolean: &BooleanQuery) -> bool {
    let clauses = boolean.clauses();
    clauses.len() >= 2
        && boolean.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, clause)| {
            *occur == Occur::Should
                && (clause.is::<TermQuery>()
                    || clause.is::<PhraseQuery>()
                    || clause.is::<BoostQuery>())
        })
}

/// Whether `query`'s scorer may be a [`UnionScorer`]: a union, or a boolean of one clause.
fn has_field_union(query: &dyn Query) -> bool {
    query.is::<FieldUnion>()
        || query.downcast_ref::<BooleanQuery>().is_some_and(|b| {
            matches!(b.clauses(), [(o, c)] if *o != Occur::MustNot && has_field_union(c.as_ref()))
        })
}

/// An AND of clauses (a `BooleanQuery` of MUST clauses, as written), some of them
/// [`FieldUnion`]s, each of which walks or jumps as suits the segment.
#[derive(Clone, Debug)]
pub struct Intersection(BooleanQuery);

impl Query for Intersection {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses: Vec<Arc<dyn Weight>> = self
            .0
            .clauses()
            .iter()
            .map(|(_, clause)| clause.weight(enable_scoring).map(Arc::from))
            .collect::<tantivy::Result<_>>()?;
        // What `BooleanQuery::weight` makes, on the same clause weights: it explains, and it
        // scores the segments where a clause matches everything or nothing.
        let boolean = BooleanWeight::with_minimum_number_should_match(
            clauses
                .iter()
                .map(|w| (Occur::Must, Box::new(Shared(w.clone())) as Box<dyn Weight>))
                .collect(),
            self.0.get_minimum_number_should_match(),
            enable_scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        Ok(Box::new(IntersectionWeight { boolean, clauses }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct IntersectionWeight {
    boolean: BooleanWeight<SumCombiner>,
    clauses: Vec<Arc<dyn Weight>>,
}

impl Weight for IntersectionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            let scorer = clause.scorer(reader, boost)?;
            if scorer.is::<AllScorer>() || scorer.is::<EmptyScorer>() {
                // tantivy's own handling of the clause that matches everything or nothing.
                return self.boolean.scorer(reader, boost);
            }
            scorers.push(scorer);
        }
        let num_docs = reader.num_docs().max(1) as f32;
        let costs: Vec<f32> = scorers.iter().map(|s| s.cost() as f32).collect();
        let lead = (0..costs.len())
            .min_by(|&a, &b| costs[a].total_cmp(&costs[b]))
            .unwrap_or(0);
        // The share of the leading clause's documents that every other clause has, were they
        // independent.
        let share: f32 = (0..costs.len())
            .filter(|&i| i != lead)
            .map(|i| (costs[i] / num_docs).min(1.0))
            .product();
        // Windows pay off where a union would walk inside the leapfrog (see `windowed`).
        let walkers = (0..costs.len()).any(|i| i != lead && costs[i] <= costs[lead] * WALK_RATIO);
        if walkers && cost::suits_windows(costs[lead] as u64, reader.num_docs()) {
            let clauses = scorers
                .into_iter()
                .map(|scorer| match scorer.downcast::<UnionScorer>() {
                    Ok(union) => union.into_scorers(),
                    Err(other) => vec![other],
                })
                .collect();
            return Ok(Box::new(Windowed::new(clauses, reader.num_docs())));
        }
        let scorers = scorers
            .into_iter()
            .enumerate()
            .map(|(i, scorer)| {
                let walk = if i == lead {
                    share >= WALK_SHARE
                } else {
                    costs[i] <= costs[lead] * WALK_RATIO
                };
                match scorer.downcast::<UnionScorer>() {
                    Ok(union) if walk => union.into_walk(),
                    Ok(union) => union,
                    Err(other) => other,
                }
            })
            .collect();
        Ok(intersect_scorers(scorers, reader.num_docs()))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.boolean.explain(reader, doc)
    }
}

/// Matches a document if any clause does; scores it with the sum of its matching clauses'
/// scores: a `BooleanQuery` of SHOULD clauses, with a scorer that can also jump.
#[derive(Debug)]
pub struct FieldUnion {
    clauses: Vec<Box<dyn Query>>,
    minimum_should_match: usize,
}

impl Clone for FieldUnion {
    fn clone(&self) -> Self {
        FieldUnion {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
            minimum_should_match: self.minimum_should_match,
        }
    }
}

impl Query for FieldUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses: Vec<Arc<dyn Weight>> = self
            .clauses
            .iter()
            .map(|clause| clause.weight(enable_scoring).map(Arc::from))
            .collect::<tantivy::Result<_>>()?;
        // What `BooleanQuery::weight` makes, on the same clause weights.
        let boolean = BooleanWeight::with_minimum_number_should_match(
            clauses
                .iter()
                .map(|w| {
                    (
                        Occur::Should,
                        Box::new(Shared(w.clone())) as Box<dyn Weight>,
                    )
                })
                .collect(),
            self.minimum_should_match,
            enable_scoring.is_scoring_enabled(),
            Box::new(SumCombiner::default),
        );
        Ok(Box::new(FieldUnionWeight {
            boolean: Arc::new(boolean),
            clauses,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

/// A clause weight that a boolean weight and the jumping scorers share.
struct Shared(Arc<dyn Weight>);

impl Weight for Shared {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct FieldUnionWeight {
    /// tantivy's weight for the union: it walks, and it explains.
    boolean: Arc<BooleanWeight<SumCombiner>>,
    /// The clauses' weights, for the scorers that jump.
    clauses: Vec<Arc<dyn Weight>>,
}

impl Weight for FieldUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            let scorer = clause.scorer(reader, boost)?;
            let doc = scorer.doc();
            if doc != TERMINATED {
                scorers.push((scorer, doc));
            }
        }
        let mut union = UnionScorer {
            scorers,
            walk: (self.boolean.clone(), reader.clone(), boost),
            doc: TERMINATED,
            num_docs: reader.num_docs(),
        };
        union.doc = union.smallest();
        Ok(Box::new(union))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.boolean.explain(reader, doc)
    }
}

/// A union that jumps: each clause's scorer is sought to the target, the smallest document is
/// the union's, and its score is added up only when asked for.
struct UnionScorer {
    /// Each clause's scorer (terminated ones left out, the others in clause order, which is
    /// the order their scores are added in) and its document.
    scorers: Vec<(Box<dyn Scorer>, DocId)>,
    /// What making the walking scorer instead takes.
    walk: (Arc<BooleanWeight<SumCombiner>>, SegmentReader, Score),
    doc: DocId,
    num_docs: u32,
}

impl UnionScorer {
    fn smallest(&self) -> DocId {
        self.scorers
            .iter()
            .map(|&(_, doc)| doc)
            .min()
            .unwrap_or(TERMINATED)
    }

    /// The clauses' scorers, in clause order.
    fn into_scorers(self: Box<Self>) -> Vec<Box<dyn Scorer>> {
        self.scorers.into_iter().map(|(scorer, _)| scorer).collect()
    }

    /// tantivy's walking scorer for the same union, from the start of the segment; this one
    /// if it cannot be made (it then only jumps, to the same documents and scores).
    fn into_walk(self: Box<Self>) -> Box<dyn Scorer> {
        let (weight, reader, boost) = &self.walk;
        match weight.scorer(reader, *boost) {
            Ok(walk) => walk,
            Err(_) => self,
        }
    }
}

impl DocSet for UnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.seek(self.doc + 1)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut smallest = TERMINATED;
        for (scorer, doc) in &mut self.scorers {
            if *doc < target {
                *doc = scorer.seek(target);
            }
            smallest = smallest.min(*doc);
        }
        self.doc = smallest;
        smallest
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    /// tantivy's estimate for a union (`estimate_union`).
    fn size_hint(&self) -> u32 {
        cost::estimate_union(
            self.scorers.iter().map(|(s, _)| s.size_hint()),
            self.num_docs,
        )
    }

    /// The sum of the running clauses' costs, as for tantivy's union.
    fn cost(&self) -> u64 {
        self.scorers
            .iter()
            .filter(|&&(_, doc)| doc != TERMINATED)
            .map(|(s, _)| s.cost())
            .sum()
    }
}

impl Scorer for UnionScorer {
    fn score(&mut self) -> Score {
        let mut sum: Score = 0.0;
        for (scorer, doc) in &mut self.scorers {
            if *doc == self.doc {
                sum += scorer.score();
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::query::build;
    use crate::testing::two_segment_archive;
    use crate::SearchRequest;
    use arshif_entities::Gazetteer;
    use arshif_schema::{Article, Fields};
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::ConstScoreQuery;
    use tantivy::schema::{Facet, IndexRecordOption};
    use tantivy::{DocAddress, Index, Searcher};

    const ARTICLES: [&str; 2] = [
        include_str!("../../../../data-samples/armenia-azerbaijan-clashes.txt"),
        include_str!("../../../../data-samples/2019-11-12-lebanon-banks-strike.txt"),
    ];

    /// Enough articles made of the samples' sentences that a union is sought far past
    /// tantivy's 4,096-document window, in two commits; every third one about Armenia.
    fn archive() -> (Index, Fields) {
        let sentences: Vec<&str> = ARTICLES
            .iter()
            .flat_map(|a| a.split(['\n', '.', '،']))
            .map(str::trim)
            .filter(|s| s.split_whitespace().count() >= 4)
            .collect();
        let mut state = 7u64;
        let mut pick = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            sentences[(state >> 33) as usize % sentences.len()]
        };
        // Each segment larger than tantivy's 4,096-document window.
        two_segment_archive(16_000, 9_000, |i| Article {
            id: format!("a{i}"),
            title: pick().to_string(),
            body: [pick(), pick(), pick()].join(". "),
            lang: Some("ar".into()),
            countries: if i % 3 == 0 {
                vec!["AM".into()]
            } else {
                vec![]
            },
            ..Article::default()
        })
    }

    /// Every match of `query` with its score's bits, and the total.
    fn ranked(searcher: &Searcher, query: &dyn Query) -> (usize, Vec<(u32, DocAddress)>) {
        let all = TopDocs::with_limit(searcher.num_docs() as usize).order_by_score();
        let (total, docs) = searcher.search(query, &(Count, all)).unwrap();
        (
            total,
            docs.into_iter().map(|(s, d)| (s.to_bits(), d)).collect(),
        )
    }

    /// The [`FieldUnion`]s in `query`.
    fn unions(query: &dyn Query) -> usize {
        if query.is::<FieldUnion>() {
            return 1;
        }
        let boolean = query
            .downcast_ref::<Intersection>()
            .map(|i| &i.0)
            .or_else(|| query.downcast_ref::<BooleanQuery>());
        boolean.map_or(0, |b| {
            b.clauses().iter().map(|(_, c)| unions(c.as_ref())).sum()
        })
    }

    #[test]
    fn sought_unions_match_and_score_to_the_bit_as_tantivy_s() {
        let (index, fields) = archive();
        let searcher = index.reader().unwrap().searcher();
        let sizes: Vec<u32> = searcher
            .segment_readers()
            .iter()
            .map(|s| s.max_doc())
            .collect();
        assert!(
            sizes.len() == 2 && sizes.iter().all(|&n| n > 6_000),
            "{sizes:?}"
        );
        let text = |query: &str| {
            let request = SearchRequest {
                query: query.into(),
                ..SearchRequest::default()
            };
            build(&searcher, &fields, &request, Gazetteer::builtin())
                .unwrap()
                .text
        };
        let armenia: Box<dyn Query> = Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(
                Term::from_facet(fields.countries, &Facet::from("/country/AM")),
                IndexRecordOption::Basic,
            )),
            0.0,
        ));
        let filtered = |query: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(vec![
                (Occur::Must, text(query)),
                (Occur::Must, armenia.box_clone()),
            ]))
        };
        // (query, unions it should have after the rewrite, whether scores stay bitwise equal):
        // with three or more required clauses, an intersection adds their scores in the order
        // of their costs, and tantivy's buffered union reports as its cost only the clauses
        // still running after its first 4,096-document window (a quirk), this union all of
        // them — so the order of the additions, and the last bit of a score, can differ.
        let cases: Vec<(Box<dyn Query>, usize, bool)> = vec![
            (text("أرمينيا أذربيجان"), 2, true),
            // A rare word leads: the frequent one's union is sought across whole windows.
            (text("جيرموك أذربيجان"), 2, true),
            (text("أذربيجان جيرموك"), 2, true),
            (text("المصارف AND الدولار AND الحدود"), 3, false),
            (text("قالت -المصارف"), 1, true),
            (text("\"واسع النطاق\" أذربيجان"), 2, true),
            (text("(أرمينيا OR لبنان) الثلاثاء"), 1, true),
            (filtered("الاشتباكات"), 1, true),
            (filtered("المصارف أبوابها"), 2, true),
            // Driving the search alone, a union keeps tantivy's scorer.
            (text("أرمينيا"), 0, true),
            (text("أرمينيا OR المصارف"), 0, true),
        ];
        for (original, want_unions, bitwise) in cases {
            let rewritten = for_intersections(original.box_clone());
            assert_eq!(unions(rewritten.as_ref()), want_unions, "{original:?}");
            let (total, mut docs) = ranked(&searcher, original.as_ref());
            assert!(total > 0, "{original:?} matches nothing");
            let (new_total, mut new_docs) = ranked(&searcher, rewritten.as_ref());
            assert_eq!(new_total, total, "{original:?}");
            let explain = |q: &dyn Query, address| q.explain(&searcher, address).unwrap();
            if bitwise {
                assert!(docs == new_docs, "{original:?}: scores or order differ");
                for &(_, address) in docs.iter().take(3).chain(docs.last()) {
                    assert_eq!(
                        explain(original.as_ref(), address).to_pretty_json(),
                        explain(rewritten.as_ref(), address).to_pretty_json(),
                    );
                }
            } else {
                docs.sort_by_key(|&(_, address)| address);
                new_docs.sort_by_key(|&(_, address)| address);
                for (&(old, address), &(new, new_address)) in docs.iter().zip(&new_docs) {
                    assert_eq!(address, new_address);
                    let (old, new) = (f32::from_bits(old), f32::from_bits(new));
                    assert!(
                        (old - new).abs() <= old * 1e-6,
                        "{address:?}: {old} vs {new}"
                    );
                    let explained = explain(rewritten.as_ref(), address).value();
                    assert!((explained - new).abs() <= new * 1e-6);
                }
            }
            let mut terms = (Vec::new(), Vec::new());
            original.query_terms(&mut |t, p| terms.0.push((t.clone(), p)));
            rewritten.query_terms(&mut |t, p| terms.1.push((t.clone(), p)));
            assert_eq!(terms.0, terms.1);
        }
    }
}
