//! `--explain`: why each hit scored what it did.
//!
//! tantivy's [`Query::explain`](tantivy::query::Query::explain) gives a tree of the BM25
//! computation (sum over clauses, each term's idf × tf factor, boosts). It is computed again for
//! each shown hit, on the same index, with the same query as the search.

use arshif_analysis::Lang;
use arshif_schema::Opened;
use serde_json::Value;
use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Query, Scorer, TermQuery, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term};

use crate::engine::answer::Hit;
use crate::engine::query;
use crate::engine::request::SearchRequest;
use crate::engine::search::SearchError;
use arshif_entities::Gazetteer;

/// Explains hits of one request on one open index.
pub struct Explainer {
    /// The request's query restricted to each language: a hit is matched and scored by its own
    /// language's branch only (see `query`), so that branch gives the same score, and explaining
    /// it does not seek the other languages' scorers (which trips an assertion in tantivy 0.27's
    /// debug builds).
    queries: Vec<(Lang, Box<dyn tantivy::query::Query>)>,
    searcher: tantivy::Searcher,
    schema: tantivy::schema::Schema,
    fields: arshif_schema::Fields,
}

impl Explainer {
    /// Each language's query is the one the search runs ([`crate::engine::search::plan`]: relaxed or
    /// expanded if the search is), so that the explained score is the score.
    pub fn new(
        opened: &Opened,
        request: &SearchRequest,
        gazetteer: &Gazetteer,
    ) -> Result<Explainer, SearchError> {
        let searcher = opened.searcher()?;
        let mut queries = Vec::new();
        for lang in Lang::ALL {
            let mut only = request.clone();
            only.langs = vec![lang.code().to_string()];
            let in_request = request.langs.is_empty()
                || request.langs.iter().any(|l| Lang::parse(l) == Ok(lang));
            if in_request {
                let statistics = query::PerLanguageStatistics::new(&searcher, &opened.fields)?;
                let built = crate::engine::search::plan(
                    &searcher,
                    &opened.fields,
                    &only,
                    gazetteer,
                    &statistics,
                )?
                .built;
                queries.push((lang, guarded(built.full)));
            }
        }
        Ok(Explainer {
            queries,
            searcher,
            schema: opened.index.schema(),
            fields: opened.fields,
        })
    }

    /// The score explanation of a hit, as tantivy's JSON tree
    /// (`{"value", "description", "details": [...], "context": [...]}`).
    ///
    /// Should tantivy still panic explaining a hit (see [`guarded`]), the hit gets `{"value":
    /// null, "description": "…could not explain…"}` instead of failing the search.
    pub fn explain(&self, hit: &Hit) -> Result<Value, SearchError> {
        // With the statistics the search ranked by, so that the explained score is the score.
        let lang = hit
            .article
            .lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Ar);
        let Some((_, query)) = self.queries.iter().find(|(l, _)| *l == lang) else {
            return Ok(serde_json::json!({
                "value": null,
                "description": format!("no query for language {lang}"),
            }));
        };
        let explained = arshif_schema::guard::catch(|| -> tantivy::Result<Explanation> {
            let statistics = query::PerLanguageStatistics::new(&self.searcher, &self.fields)?;
            let weight = query.weight(EnableScoring::enabled_from_statistics_provider(
                &statistics,
                &self.searcher,
            ))?;
            let reader = self.searcher.segment_reader(hit.address.segment_ord);
            weight.explain(reader, hit.address.doc_id)
        });
        let explanation = match explained {
            Ok(result) => result?,
            Err(panic) => {
                return Ok(serde_json::json!({
                    "value": null,
                    "description": format!("tantivy could not explain this hit ({panic})"),
                }))
            }
        };
        let mut tree = serde_json::to_value(&explanation).unwrap_or(Value::Null);
        name_fields(&mut tree, &self.schema);
        Ok(tree)
    }
}

/// tantivy writes terms as `Term(field=1, type=Str, "ارمينيا")`; this makes them
/// `title:"ارمينيا"`, the way a query names them.
fn name_fields(node: &mut Value, schema: &tantivy::schema::Schema) {
    if let Some(contexts) = node.get_mut("context").and_then(Value::as_array_mut) {
        for c in contexts.iter_mut() {
            if let Some(text) = c.as_str() {
                *c = Value::String(readable_term(text, schema));
            }
        }
    }
    if let Some(children) = node.get_mut("details").and_then(Value::as_array_mut) {
        for child in children {
            name_fields(child, schema);
        }
    }
}

fn readable_term(text: &str, schema: &tantivy::schema::Schema) -> String {
    let parse = || -> Option<String> {
        let rest = text.split_once("Term(field=")?.1;
        let (id, rest) = rest.split_once(',')?;
        let value = rest.split_once(", ")?.1.strip_suffix(')')?;
        let field = tantivy::schema::Field::from_field_id(id.trim().parse().ok()?);
        let name = schema
            .fields()
            .find(|(f, _)| *f == field)?
            .1
            .name()
            .to_string();
        let prefix = text.split("Term(field=").next().unwrap_or("");
        Some(format!("{prefix}{name}:{value}"))
    };
    parse().unwrap_or_else(|| text.to_string())
}

/// The score explanation of each hit.
pub fn explain(
    opened: &Opened,
    request: &SearchRequest,
    hits: &[Hit],
    gazetteer: &Gazetteer,
) -> Result<Vec<Value>, SearchError> {
    let explainer = Explainer::new(opened, request, gazetteer)?;
    hits.iter().map(|h| explainer.explain(h)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::two_segment_archive;
    use arshif_schema::Article;
    use tantivy::collector::TopDocs;

    #[test]
    fn explains_hits_that_a_clause_s_scorer_starts_past() {
        // One segment: the first article has أرمينيا only; the second has لبنان only in its
        // stemmed body (as بلبنان), so that word's scorer in this segment is a bare term scorer
        // starting at the second article — explaining the first one sought it backwards.
        let articles = [
            (
                "اشتباكات في أرمينيا",
                "قالت وزارة الدفاع إن الاشتباكات تجددت في أرمينيا",
            ),
            ("إضراب المصارف", "أضربت المصارف بلبنان احتجاجا على القيود"),
        ];
        let (index, fields) = two_segment_archive(2, 2, |i| Article {
            id: format!("a{i}"),
            title: articles[i].0.into(),
            body: articles[i].1.into(),
            lang: Some("ar".into()),
            ..Article::default()
        });
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 1);
        for text in [
            "أرمينيا OR لبنان",
            "لبنان OR أرمينيا",
            "(أرمينيا OR لبنان) -القيود",
        ] {
            let request = SearchRequest {
                query: text.into(),
                ..SearchRequest::default()
            };
            let built = query::build(&searcher, &fields, &request, Gazetteer::builtin()).unwrap();
            let hits = searcher
                .search(
                    built.full.as_ref(),
                    &TopDocs::with_limit(10).order_by_score(),
                )
                .unwrap();
            assert!(!hits.is_empty(), "{text}");
            let explaining = guarded(built.full.box_clone());
            for (score, address) in hits {
                let explained = arshif_schema::guard::catch(|| {
                    explaining.explain(&searcher, address).map(|e| e.value())
                });
                match explained {
                    Ok(Ok(value)) => {
                        assert!((value - score).abs() < 1e-4, "{text}: {value} vs {score}")
                    }
                    other => panic!("{text}: {address:?} not explained: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn terms_name_their_field() {
        let mut builder = tantivy::schema::Schema::builder();
        builder.add_text_field("title", tantivy::schema::TEXT);
        builder.add_text_field("body", tantivy::schema::TEXT);
        let schema = builder.build();
        assert_eq!(
            readable_term("Term=Term(field=1, type=Str, \"ارمينيا\")", &schema),
            "Term=body:\"ارمينيا\""
        );
        assert_eq!(readable_term("something else", &schema), "something else");
    }
}

/// `query` as tantivy's own booleans (not the [`crate::engine::scorers::field_union`] rewrites, whose
/// explanations are tantivy's anyway), each of its compound parts [`Guarded`].
fn guarded(query: Box<dyn Query>) -> Box<dyn Query> {
    if query.is::<TermQuery>() {
        // A term's weight guards itself.
        return query;
    }
    let boolean = crate::engine::scorers::field_union::as_boolean(query.as_ref())
        .or_else(|| query.downcast_ref::<BooleanQuery>().cloned());
    let Some(boolean) = boolean else {
        return Box::new(Guarded(query));
    };
    let clauses = boolean
        .clauses()
        .iter()
        .map(|(occur, clause)| (*occur, guarded(clause.box_clone())))
        .collect();
    Box::new(Guarded(Box::new(
        BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ),
    )))
}

/// A query explained only for documents its scorer has not already passed.
///
/// tantivy 0.27's boolean and phrase weights explain a document by seeking a fresh scorer to it,
/// without first checking, as its term weight does, that the scorer does not start past it
/// (when the document does not match that clause): a seek backwards, which its scorers assert
/// against — so in a debug build explaining some hits panicked, and in a release build a
/// clause could report a document it matches as not matching. The check is made here, before
/// the weight is asked.
#[derive(Debug)]
struct Guarded(Box<dyn Query>);

impl Clone for Guarded {
    fn clone(&self) -> Self {
        Guarded(self.0.box_clone())
    }
}

impl Query for Guarded {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(GuardedWeight(self.0.weight(enable_scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct GuardedWeight(Box<dyn Weight>);

impl Weight for GuardedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        self.0.scorer(reader, boost)
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.0.scorer(reader, 1.0)?.doc() > doc {
            return Err(TantivyError::InvalidArgument(format!(
                "Document #({doc}) does not match"
            )));
        }
        self.0.explain(reader, doc)
    }
}
