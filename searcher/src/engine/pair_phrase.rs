//! Two-word phrases of common words, answered from the index of their pairs.
//!
//! tantivy matches `"الله صلى"` from positions: in every document holding both words it decodes
//! both words' positions and intersects them. When both words are frequent that is most of the
//! archive — 40 ms at a million articles (perf: 70% of it in position decoding and matching),
//! where a one-word query takes 5. The indexer also writes, in `body_pairs`, each pair of
//! adjacent common words as one term with its count
//! ([`arshif_analysis::arabic::pairs`]); such a phrase is then one posting list to read.
//!
//! The answer must be the phrase's, to the bit. A pair's documents are the phrase's documents,
//! and its count in a document is the phrase's count there (both are "the first word at `p`,
//! the second at `p + 1`", over the same tokens). [`PairPhrase`] scores a document as tantivy's
//! phrase scorer does: BM25 with the two words' summed idf, from the same statistics, over
//! `body_exact`'s document lengths, and explains it the same way.
//!
//! How it gets into a query: tantivy's parser wraps each boosted field's query in a
//! `BoostQuery`, whose inside cannot be reached afterwards, so the phrase cannot be swapped
//! once parsed. Instead [`QueryPairs::field_for`] sends an eligible phrase to `body_pairs` in
//! the syntax tree (the parser makes it a plain `TermQuery` there: one token, no boost), and
//! [`resolve`] replaces that term with the boosted [`PairPhrase`] the phrase would have been.
//! A phrase under a boost the user wrote (`"الله صلى"^2`) is left to positions: the term would
//! be out of [`resolve`]'s reach inside that boost.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::SegmentPostings;
use tantivy::query::{
    Bm25Weight, BooleanQuery, BoostQuery, ConstScorer, EmptyScorer, EnableScoring, Explanation,
    Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

use arshif_analysis::arabic::pairs;
use arshif_analysis::arabic_exact_analyzer;
use arshif_schema::schema::field;
use arshif_schema::Fields;

/// Which phrases of a query go to the pairs field: the index's, if it has one.
#[derive(Clone, Copy, Debug)]
pub struct QueryPairs {
    exact: Field,
    pairs: Option<Field>,
    /// The boost the query parser gives `exact`.
    boost: Score,
}

impl QueryPairs {
    pub fn new(fields: &Fields, boost: Score) -> Self {
        QueryPairs {
            exact: fields.body_exact,
            pairs: fields.body_pairs,
            boost,
        }
    }

    /// The name of the field a phrase literal meant for `body_exact` should search instead:
    /// `body_pairs` when `phrase` is two adjacent common words searched exactly (no slop, no
    /// prefix) and the index has pairs.
    pub fn field_for(&self, phrase: &str, slop: u32, prefix: bool) -> Option<&'static str> {
        self.pairs?;
        if slop != 0 || prefix {
            return None;
        }
        let mut analyzer = arabic_exact_analyzer();
        let mut stream = analyzer.token_stream(phrase);
        let mut words: Vec<(String, usize)> = Vec::with_capacity(2);
        while stream.advance() {
            let token = stream.token();
            if words.len() == 2 || !pairs::is_common(&token.text) {
                return None;
            }
            words.push((token.text.clone(), token.position));
        }
        match words.as_slice() {
            [(_, first), (_, second)] if first + 1 == *second => Some(field::BODY_PAIRS),
            _ => None,
        }
    }
}

/// `query` with each `body_pairs` term (put there by [`QueryPairs::field_for`]) replaced by the
/// phrase it stands for, boosted as the parser boosts `body_exact`.
pub fn resolve(query: Box<dyn Query>, pairs: &QueryPairs) -> Box<dyn Query> {
    let Some(field) = pairs.pairs else {
        return query;
    };
    if let Some(term) = query.downcast_ref::<TermQuery>() {
        if term.term().field() != field {
            return query;
        }
        let Some(phrase) = PairPhrase::of_pair(term.term(), pairs.exact) else {
            return query;
        };
        return if (pairs.boost - 1.0).abs() < Score::EPSILON {
            Box::new(phrase)
        } else {
            Box::new(BoostQuery::new(Box::new(phrase), pairs.boost))
        };
    }
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    Box::new(BooleanQuery::with_minimum_required_clauses(
        boolean
            .clauses()
            .iter()
            .map(|(occur, clause)| (*occur, resolve(clause.box_clone(), pairs)))
            .collect(),
        boolean.get_minimum_number_should_match(),
    ))
}

/// The phrase of two words of `body_exact`, matched and counted from their pair's postings.
#[derive(Clone, Debug)]
pub struct PairPhrase {
    /// The two words in the exact view, in order.
    words: [Term; 2],
    /// Their pair in the pairs field.
    pair: Term,
}

impl PairPhrase {
    /// The phrase of the pair term `pair`, its words in `exact`.
    fn of_pair(pair: &Term, exact: Field) -> Option<PairPhrase> {
        let value = pair.value();
        let text = value.as_str()?;
        let (first, second) = text.split_once(pairs::SEPARATOR)?;
        Some(PairPhrase {
            words: [
                Term::from_field_text(exact, first),
                Term::from_field_text(exact, second),
            ],
            pair: pair.clone(),
        })
    }
}

impl Query for PairPhrase {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // As tantivy's `PhraseQuery::phrase_weight`.
        let similarity = match enable_scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &self.words)?),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(PairPhraseWeight {
            exact: self.words[0].field(),
            pair: self.pair.clone(),
            similarity,
        }))
    }

    /// The phrase's words, with positions: what snippets highlight.
    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for word in &self.words {
            visitor(word, true);
        }
    }
}

struct PairPhraseWeight {
    exact: Field,
    pair: Term,
    similarity: Option<Bm25Weight>,
}

impl PairPhraseWeight {
    fn postings(
        &self,
        reader: &SegmentReader,
        option: IndexRecordOption,
    ) -> tantivy::Result<Option<SegmentPostings>> {
        Ok(reader
            .inverted_index(self.pair.field())?
            .read_postings(&self.pair, option)?)
    }

    /// The pair's scorer, or `None` where scoring is disabled or the pair is absent.
    fn pair_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<Option<PairScorer>> {
        let Some(similarity) = &self.similarity else {
            return Ok(None);
        };
        let Some(postings) = self.postings(reader, IndexRecordOption::WithFreqs)? else {
            return Ok(None);
        };
        // As tantivy's `PhraseWeight::fieldnorm_reader`: the exact view's lengths.
        let fieldnorms = match reader.fieldnorms_readers().get_field(self.exact)? {
            Some(fieldnorms) => fieldnorms,
            None => FieldNormReader::constant(reader.max_doc(), 1),
        };
        Ok(Some(PairScorer {
            postings,
            fieldnorms,
            similarity: similarity.boost_by(boost),
        }))
    }
}

impl Weight for PairPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        if self.similarity.is_none() {
            // Unscored (counting, filtering): the documents alone, scored 1 as tantivy's
            // phrase scorer does.
            return Ok(match self.postings(reader, IndexRecordOption::Basic)? {
                Some(postings) => Box::new(ConstScorer::new(postings, 1.0)),
                None => Box::new(EmptyScorer),
            });
        }
        Ok(match self.pair_scorer(reader, boost)? {
            Some(scorer) => Box::new(scorer),
            None => Box::new(EmptyScorer),
        })
    }

    /// The explanation tantivy's phrase weight gives.
    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let does_not_match =
            || TantivyError::InvalidArgument(format!("Document #({doc}) does not match"));
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.doc() > doc || scorer.seek(doc) != doc {
            return Err(does_not_match());
        }
        let mut explanation = Explanation::new("Phrase Scorer", scorer.score());
        if let Some(mut pair) = self.pair_scorer(reader, 1.0)? {
            pair.postings.seek(doc);
            explanation.add_detail(
                pair.similarity
                    .explain(pair.fieldnorm_id(), pair.pair_count()),
            );
        }
        Ok(explanation)
    }
}

/// A pair's postings scored as its phrase: BM25 of its count, over the exact view's length.
struct PairScorer {
    postings: SegmentPostings,
    fieldnorms: FieldNormReader,
    similarity: Bm25Weight,
}

impl PairScorer {
    fn fieldnorm_id(&self) -> u8 {
        self.fieldnorms.fieldnorm_id(self.postings.doc())
    }

    fn pair_count(&self) -> u32 {
        use tantivy::postings::Postings;
        self.postings.term_freq()
    }
}

impl DocSet for PairScorer {
    fn advance(&mut self) -> DocId {
        self.postings.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.postings.seek(target)
    }

    fn doc(&self) -> DocId {
        self.postings.doc()
    }

    fn size_hint(&self) -> u32 {
        self.postings.size_hint()
    }
}

impl Scorer for PairScorer {
    fn score(&mut self) -> Score {
        self.similarity
            .score(self.fieldnorm_id(), self.pair_count())
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::PhraseQuery;
    use tantivy::{DocAddress, Searcher};

    use super::*;
    use crate::engine::query::{build, PerLanguageStatistics, EXACT_BOOST};
    use crate::testing::two_segment_archive;
    use crate::SearchRequest;
    use arshif_entities::Gazetteer;
    use arshif_schema::Article;

    /// Articles in which pairs of common words occur once, twice, reversed, repeated, split by
    /// a stopword or a rare word, vowelled or bare, in the title only — over two segments and
    /// bodies of different lengths.
    fn archive() -> (tantivy::Index, Fields) {
        let fragments = [
            "قال رسول الله صلى الله عليه وسلم",
            "حدثنا قال رسول اللَّهِ صَلَّى اللَّهُ عَلَيْهِ وَسَلَّمَ ثم قال رسول الله صلى الله",
            "الله في صلى",
            "صلى الله الله الله",
            "سلاحف البحر في الخليج",
            "الله سلاحف صلى",
            "قال رئيس الوزراء اليوم إن الله صلى",
        ];
        two_segment_archive(40, 17, |i| Article {
            id: format!("a{i}"),
            title: if i % 9 == 0 {
                "الله صلى".into()
            } else {
                "خبر".into()
            },
            body: (0..=(i % 5))
                .map(|k| fragments[(i * 3 + k) % fragments.len()])
                .collect::<Vec<_>>()
                .join(" و "),
            lang: Some("ar".into()),
            ..Article::default()
        })
    }

    fn exact_phrase(fields: &Fields, words: [&str; 2]) -> Box<dyn Query> {
        let terms = words.map(|w| Term::from_field_text(fields.body_exact, w));
        Box::new(BoostQuery::new(
            Box::new(PhraseQuery::new(terms.to_vec())),
            EXACT_BOOST,
        ))
    }

    fn pair_phrase(fields: &Fields, words: [&str; 2]) -> Box<dyn Query> {
        let pair = Term::from_field_text(
            fields.body_pairs.unwrap(),
            &pairs::pair_term(words[0], words[1]),
        );
        let query = resolve(
            Box::new(TermQuery::new(pair, IndexRecordOption::WithFreqs)),
            &QueryPairs::new(fields, EXACT_BOOST),
        );
        assert!(query.is::<BoostQuery>());
        query
    }

    /// Every match with its score's bits, as the search scores it (per-language statistics).
    fn matches(searcher: &Searcher, fields: &Fields, query: &dyn Query) -> Vec<(DocAddress, u32)> {
        let stats = PerLanguageStatistics::new(searcher, fields).unwrap();
        let scoring = EnableScoring::enabled_from_statistics_provider(&stats, searcher);
        let weight = query.weight(scoring).unwrap();
        let mut found = Vec::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            weight
                .for_each(segment, &mut |doc, score| {
                    found.push((DocAddress::new(ord as u32, doc), score.to_bits()))
                })
                .unwrap();
        }
        found
    }

    #[test]
    fn a_pair_matches_scores_and_explains_as_its_phrase() {
        let (index, fields) = archive();
        let searcher = index.reader().unwrap().searcher();
        for words in [
            ["الله", "صلي"],
            ["صلي", "الله"],
            ["الله", "الله"],
            ["رسول", "الله"],
            ["قال", "رسول"],
        ] {
            let (phrase, pair) = (exact_phrase(&fields, words), pair_phrase(&fields, words));
            let expected = matches(&searcher, &fields, phrase.as_ref());
            assert_eq!(
                matches(&searcher, &fields, pair.as_ref()),
                expected,
                "{words:?}"
            );
            assert_eq!(
                searcher.search(&pair, &Count).unwrap(),
                searcher.search(&phrase, &Count).unwrap()
            );
            // (tantivy's phrase weight cannot explain a document it does not match in a debug
            // build: see `crate::engine::explain`.)
            let addresses = searcher
                .segment_readers()
                .iter()
                .enumerate()
                .flat_map(|(ord, s)| (0..s.max_doc()).map(move |d| DocAddress::new(ord as u32, d)));
            for address in addresses {
                let pair_explained = pair.explain(&searcher, address);
                if expected.iter().any(|(a, _)| *a == address) {
                    assert_eq!(
                        pair_explained.unwrap().to_pretty_json(),
                        phrase.explain(&searcher, address).unwrap().to_pretty_json(),
                        "{words:?} {address:?}"
                    );
                } else {
                    assert!(pair_explained.is_err(), "{words:?} {address:?}");
                }
            }
        }
        // The phrases that occur do match, some documents twice or more (a count above 1).
        let twice = matches(
            &searcher,
            &fields,
            exact_phrase(&fields, ["الله", "صلي"]).as_ref(),
        );
        assert!(twice.len() >= 10, "{}", twice.len());
        let repeated = matches(
            &searcher,
            &fields,
            exact_phrase(&fields, ["الله", "الله"]).as_ref(),
        );
        assert!(!repeated.is_empty());
        // A phrase with a rare word has no pair (and is never sent to the pairs field).
        assert!(matches(
            &searcher,
            &fields,
            pair_phrase(&fields, ["الله", "سلاحف"]).as_ref()
        )
        .is_empty());
    }

    #[test]
    fn only_two_adjacent_common_words_searched_exactly_go_to_the_pairs() {
        let (index, fields) = archive();
        let pairs = QueryPairs::new(&fields, EXACT_BOOST);
        assert_eq!(pairs.field_for("اللَّهِ صلى", 0, false), Some("body_pairs"));
        assert_eq!(pairs.field_for("في الله صلى", 0, false), Some("body_pairs"));
        for (phrase, slop, prefix) in [
            ("الله صلى", 1, false),
            ("الله صلى", 0, true),
            ("رسول الله صلى", 0, false),
            ("الله في صلى", 0, false),
            ("الله سلاحف", 0, false),
            ("الله", 0, false),
            ("", 0, false),
        ] {
            assert_eq!(
                pairs.field_for(phrase, slop, prefix),
                None,
                "{phrase} ~{slop}"
            );
        }
        // An index without pairs (built before them) searches every phrase from positions.
        let without = QueryPairs::new(
            &Fields {
                body_pairs: None,
                ..fields
            },
            EXACT_BOOST,
        );
        assert_eq!(without.field_for("الله صلى", 0, false), None);
        drop(index);
    }

    #[test]
    fn a_query_finds_and_ranks_the_same_with_pairs_as_from_positions() {
        let (index, fields) = archive();
        let searcher = index.reader().unwrap().searcher();
        // The same index, its pairs ignored (as for an index built before them).
        let without_pairs = Fields {
            body_pairs: None,
            ..fields
        };
        let top = |fields: &Fields, query: &str| {
            let request = SearchRequest {
                query: query.into(),
                ..SearchRequest::default()
            };
            let built = build(&searcher, fields, &request, Gazetteer::builtin()).unwrap();
            let stats = PerLanguageStatistics::new(&searcher, fields).unwrap();
            let top = TopDocs::with_limit(50).order_by_score();
            let (total, hits) = searcher
                .search_with_statistics_provider(&*built.full, &(Count, top), &stats)
                .unwrap();
            let hits: Vec<(DocAddress, u32)> =
                hits.into_iter().map(|(s, a)| (a, s.to_bits())).collect();
            let paired = format!("{:?}", built.full).contains("PairPhrase");
            (hits, total, paired)
        };
        for query in [
            r#""اللَّهِ صلى""#,
            r#"رسول "الله صلى""#,
            r#"body:"الله صلى""#,
            r#"-"الله صلى" الله"#,
            r#""الله صلى" OR "قال رسول""#,
            r#""الله الله"~0"#,
        ] {
            let (found, total, paired) = top(&fields, query);
            let (expected, expected_total, positional) = top(&without_pairs, query);
            assert!(paired && !positional, "{query}");
            assert_eq!((found, total), (expected, expected_total), "{query}");
            assert!(total > 0, "{query}");
        }
        // A boost the user wrote keeps the phrase on positions.
        assert!(!top(&fields, r#""الله صلى"^2"#).2);
    }
}
