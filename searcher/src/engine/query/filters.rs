//! The request's filters (countries, actors, sources, files, dates) as required clauses that
//! score zero: they narrow the set without changing the ranking.

use std::ops::Bound;

use arshif_entities::gazetteer::slug;
use arshif_entities::Gazetteer;
use arshif_schema::document::{actor_facet, country_facet};
use arshif_schema::{ActorKind, Fields};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::engine::request::SearchRequest;

/// `text_query` narrowed by the request's filters: required clauses with a constant score of
/// zero, so that they narrow the set without changing the ranking.
pub(super) fn filtered(
    text_query: Box<dyn Query>,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Box<dyn Query> {
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
    if let Some(files) = &request.within_files {
        // One term set, not a clause a file: a round may add thousands of files.
        filters.push(Box::new(TermSetQuery::new(
            files.iter().map(|f| Term::from_field_text(fields.file, f)),
        )));
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

    if filters.is_empty() {
        text_query
    } else {
        let mut clauses = vec![(Occur::Must, text_query)];
        clauses.extend(filters.into_iter().map(|f| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>,
            )
        }));
        Box::new(BooleanQuery::new(clauses))
    }
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
