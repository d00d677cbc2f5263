//! Building the tantivy query for a request.
//!
//! The text query is parsed with tantivy's query grammar, with AND as the default operator — a
//! news archive is large, and every word the user types should narrow it. Each word then searches
//! both views of the text (see `arshif_schema::schema`): the stemmed `title`/`body` for recall
//! (`لأوكرانيا` finds `أوكرانيا`, `المفاوضات` finds `مفاوضة`) and the exact
//! `title_exact`/`body_exact`, boosted, so that articles with the very form typed rank first.
//! A `"quoted phrase"` searches the exact view only: whoever quotes wants those words. Titles are
//! boosted in both views: a word in the title says more about what the article is about.
//! `title:` and `body:` name a field in both views. Filters are added as required clauses with a
//! constant score of zero, so they narrow the set without changing the ranking.

use std::ops::Bound;

use arshif_schema::document::{actor_facet, country_facet};
use arshif_schema::gazetteer::slug;
use arshif_schema::{ActorKind, Fields, Gazetteer};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, Index, Term};

use crate::request::SearchRequest;

/// How much more a match in the title weighs than one in the body.
pub const TITLE_BOOST: f32 = 2.0;

/// How much more a match in the exact view weighs than one in the stemmed view.
pub const EXACT_BOOST: f32 = 1.5;

/// The longest query accepted, in bytes: far beyond any typed query, short of a pasted article.
pub const MAX_QUERY_BYTES: usize = 4096;

/// The deepest parenthesis nesting accepted. tantivy's query grammar is a recursive-descent
/// parser: two thousand nested parentheses overflow the stack, which aborts the process.
pub const MAX_NESTING: usize = 16;

/// The most terms a parsed query may hold (each word counts once per searched field).
pub const MAX_TERMS: usize = 512;

/// Why a request cannot become a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("empty query: give words to search for, or '*' to match every article (e.g. with --country)")]
    Empty,
    #[error("query is {0} bytes long; the limit is {MAX_QUERY_BYTES}")]
    TooLong(usize),
    #[error("query nests parentheses {0} deep; the limit is {MAX_NESTING}")]
    TooDeep(usize),
    #[error("query has {0} terms; the limit is {MAX_TERMS}")]
    TooManyTerms(usize),
    #[error("cannot parse query {query:?}: {reason}. Quote phrases (\"...\") and escape special characters (+ - : ( ) [ ] {{ }} ^ ~ \") with a backslash")]
    Parse { query: String, reason: String },
}

/// The parts of a request's query: the text query alone (for snippets) and the full query.
pub struct BuiltQuery {
    pub text: Box<dyn Query>,
    pub full: Box<dyn Query>,
}

/// Builds the query for `request` against `index`.
pub fn build(
    index: &Index,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<BuiltQuery, QueryError> {
    let text = request.query.trim();
    if text.is_empty() {
        return Err(QueryError::Empty);
    }
    if text.len() > MAX_QUERY_BYTES {
        return Err(QueryError::TooLong(text.len()));
    }
    let depth = nesting(text);
    if depth > MAX_NESTING {
        return Err(QueryError::TooDeep(depth));
    }
    let parse_error = |reason: String| QueryError::Parse {
        query: text.to_string(),
        reason,
    };
    let ast =
        query_grammar::parse_query(text).map_err(|_| parse_error("syntax error".to_string()))?;
    let mut parser = QueryParser::for_index(index, vec![fields.title, fields.body]);
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser.set_field_boost(fields.title_exact, TITLE_BOOST * EXACT_BOOST);
    parser.set_field_boost(fields.body_exact, EXACT_BOOST);
    parser.set_conjunction_by_default();
    // Count the terms as the user wrote them (each word once per searched field), before the
    // two-views rewrite multiplies them.
    let as_written = parser
        .build_query_from_user_input_ast(ast.clone())
        .map_err(|e| parse_error(e.to_string()))?;
    let mut terms = 0;
    as_written.query_terms(&mut |_, _| terms += 1);
    if terms > MAX_TERMS {
        return Err(QueryError::TooManyTerms(terms));
    }
    let text_query = parser
        .build_query_from_user_input_ast(two_views(ast))
        .map_err(|e| parse_error(e.to_string()))?;
    // Building a query from the syntax tree does not check every field it names (`x:*` asks
    // whether field `x` exists at all); making its weight does. Found by the query fuzzer:
    // `datZ TO -01-01T00:*` failed at search time instead of as a query error.
    text_query
        .weight(EnableScoring::disabled_from_schema(&index.schema()))
        .map_err(|e| parse_error(e.to_string()))?;

    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    for group in &request.countries {
        let facets = group
            .iter()
            .map(|c| country_facet(&gazetteer.country_id(c)));
        filters.push(any_facet(fields.countries, facets));
    }
    for group in &request.actors {
        // A known actor has one facet; a name the gazetteer does not know may be in metadata
        // under any kind.
        let facets = group.iter().flat_map(|a| match gazetteer.actor(a) {
            Some(e) => vec![actor_facet(ActorKind::of(e.kind), &e.id)],
            None => ActorKind::ALL
                .into_iter()
                .map(|k| actor_facet(k, &slug(a)))
                .collect(),
        });
        filters.push(any_facet(fields.actors, facets));
    }
    if !request.sources.is_empty() {
        filters.push(any_term(
            request
                .sources
                .iter()
                .map(|s| Term::from_field_text(fields.source, s)),
        ));
    }
    if !request.langs.is_empty() {
        filters.push(any_term(request.langs.iter().map(|l| {
            Term::from_field_text(fields.lang, &l.to_ascii_lowercase())
        })));
    }
    if request.from.is_some() || request.to.is_some() {
        let bound = |d: Option<time::OffsetDateTime>, inclusive: bool| match d {
            None => Bound::Unbounded,
            Some(d) => {
                let term = Term::from_field_date(fields.date, DateTime::from_utc(d));
                if inclusive {
                    Bound::Included(term)
                } else {
                    Bound::Excluded(term)
                }
            }
        };
        filters.push(Box::new(RangeQuery::new(
            bound(request.from, true),
            bound(request.to, false),
        )));
    }

    let full: Box<dyn Query> = if filters.is_empty() {
        text_query.box_clone()
    } else {
        let mut clauses = vec![(Occur::Must, text_query.box_clone())];
        clauses.extend(filters.into_iter().map(|f| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>,
            )
        }));
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(BuiltQuery {
        text: text_query,
        full,
    })
}

/// The deepest nesting of parentheses outside quoted phrases. Unbalanced text counts as written:
/// the parser reports it.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Rewrites every literal of the query to search the views it should (see the module
/// documentation).
fn two_views(ast: UserInputAst) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, two_views(sub)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => UserInputAst::Boost(Box::new(two_views(*sub)), boost),
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => literal_views(literal),
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The fields a literal searches: (stemmed, exact) pairs, by the field the user named, if any.
fn literal_views(literal: UserInputLiteral) -> UserInputAst {
    let pairs: &[(&str, &str)] = match literal.field_name.as_deref() {
        None => &[("title", "title_exact"), ("body", "body_exact")],
        Some("title") => &[("title", "title_exact")],
        Some("body") => &[("body", "body_exact")],
        // Any other field (or a misspelt one, which the parser reports) is left as written.
        Some(_) => return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
    };
    let phrase = literal.delimiter != Delimiter::None;
    let mut views = Vec::new();
    for (stemmed, exact) in pairs {
        if !phrase {
            views.push(*stemmed);
        }
        views.push(*exact);
    }
    UserInputAst::Clause(
        views
            .into_iter()
            .map(|field| {
                let leaf = UserInputLeaf::Literal(UserInputLiteral {
                    field_name: Some(field.to_string()),
                    ..literal.clone()
                });
                (Some(Occur::Should), UserInputAst::Leaf(Box::new(leaf)))
            })
            .collect(),
    )
}

fn any_facet(field: tantivy::schema::Field, facets: impl Iterator<Item = Facet>) -> Box<dyn Query> {
    any_term(facets.map(|f| Term::from_facet(field, &f)))
}

fn any_term(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_counts_parentheses_outside_phrases() {
        assert_eq!(nesting("a (b (c) d)"), 2);
        assert_eq!(nesting("\"((((\" x"), 0);
        assert_eq!(nesting("\\( \\( x"), 0);
        assert_eq!(nesting(")))((("), 3);
    }

    #[test]
    fn hostile_queries_are_refused_before_parsing() {
        let index = tantivy::Index::create_in_ram(arshif_schema::schema::build());
        arshif_schema::analysis::register(&index);
        let fields = Fields::new(&index.schema()).unwrap();
        let request = |q: String| SearchRequest {
            query: q,
            ..SearchRequest::default()
        };
        let deep = format!("{}x{}", "(".repeat(2000), ")".repeat(2000));
        assert!(matches!(
            build(
                &index,
                &fields,
                &request(deep),
                arshif_schema::Gazetteer::builtin()
            ),
            Err(QueryError::TooDeep(2000))
        ));
        let long = "كلمة ".repeat(1000);
        assert!(matches!(
            build(
                &index,
                &fields,
                &request(long),
                arshif_schema::Gazetteer::builtin()
            ),
            Err(QueryError::TooLong(_))
        ));
        let many = (0..400)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        assert!(matches!(
            build(
                &index,
                &fields,
                &request(many),
                arshif_schema::Gazetteer::builtin()
            ),
            Err(QueryError::TooManyTerms(_))
        ));
        let missing_field = request("datZ TO -01-01T00:*".into());
        let built = build(
            &index,
            &fields,
            &missing_field,
            arshif_schema::Gazetteer::builtin(),
        );
        assert!(matches!(built, Err(QueryError::Parse { .. })));
        assert!(build(
            &index,
            &fields,
            &request("(أرمينيا OR (روسيا AND تركيا))".into()),
            arshif_schema::Gazetteer::builtin()
        )
        .is_ok());
    }
}
