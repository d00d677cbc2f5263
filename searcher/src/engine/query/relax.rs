//! As many of the words as an article has ([`relax`]), and the words no article has
//! ([`unmatched_words`], for did you mean).

use arshif_analysis::Lang;
use arshif_entities::Gazetteer;
use arshif_schema::Fields;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::query_grammar::{Delimiter, UserInputAst, UserInputLeaf};
use tantivy::Searcher;

use super::filters::filtered;
use super::{BuiltQuery, Prepared, QueryError};
use crate::engine::request::SearchRequest;

/// What each query word an article has adds to its score in a relaxed query ([`relax`]): more
/// than the BM25 of all the words together can reach (a word's is at most a few hundred: idf ≤
/// ln(1 + N) ≈ 14 at a million articles, times k1 + 1 = 2.2, times the boosts of the four
/// fields it searches, 7.5), so an article with more of the words always ranks above one with
/// fewer, and among articles with as many, BM25 decides.
pub const WORD_MATCH_SCORE: f32 = 10_000.0;

/// The most words a relaxed query ranks by ([`WORD_MATCH_SCORE`] must stay above their BM25).
pub const MAX_RELAXED_WORDS: usize = 24;

/// A request's query asking for as many of its words as an article has, instead of all.
pub struct RelaxedQuery {
    /// The query to run: ranked by how many of the words match, then by BM25.
    pub built: BuiltQuery,
    /// The words that may be missing, as typed (`title:word` with its field).
    pub words: Vec<String>,
    /// The query of each word, as in the strict query: to tell which words a hit has.
    pub word_queries: Vec<Box<dyn Query>>,
}

/// The relaxed form of `request`'s query, for when requiring every word finds (almost) nothing
/// — what Elasticsearch's `minimum_should_match` and Meilisearch's matching strategy do. Only
/// the words typed plainly may be missing: quoted phrases, `+word`, `-word` and `AND` keep
/// their meaning, and a query with `OR` is not relaxed. `None` when nothing can be relaxed (a
/// single word, or a query with `OR`).
pub fn relax(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<Option<RelaxedQuery>, QueryError> {
    if request.like.is_some() {
        return Ok(None);
    }
    let prepared = Prepared::new(searcher, fields, request)?;
    let UserInputAst::Clause(items) = &prepared.ast else {
        return Ok(None);
    };
    let mut kept: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let (mut words, mut word_queries) = (Vec::new(), Vec::new());
    for (occur, sub) in items {
        let query = match prepared.text_query(sub.clone()) {
            Ok(query) => query,
            // A word that analyses to nothing (a stopword) is not a word that can be missing; a
            // required part that does is left to the strict query's error.
            Err(_) if occur.is_none() => continue,
            Err(_) => return Ok(None),
        };
        match (occur, plain_word(sub)) {
            (None, Some(word)) => {
                let mut terms = 0;
                query.query_terms(&mut |_, _| terms += 1);
                if terms > 0 {
                    words.push(word);
                    word_queries.push(query);
                }
            }
            (Some(Occur::Should), _) => return Ok(None),
            (Some(Occur::MustNot), _) => kept.push((Occur::MustNot, query)),
            _ => kept.push((Occur::Must, query)),
        }
    }
    let required = kept.iter().any(|(occur, _)| *occur == Occur::Must);
    if words.is_empty() || (words.len() == 1 && !required) || words.len() > MAX_RELAXED_WORDS {
        return Ok(None);
    }
    let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut scored: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (occur, query) in &kept {
        text.push((*occur, query.box_clone()));
        scored.push((*occur, query.box_clone()));
    }
    for query in &word_queries {
        text.push((Occur::Should, query.box_clone()));
        scored.push((Occur::Should, query.box_clone()));
        let counted = ConstScoreQuery::new(query.box_clone(), WORD_MATCH_SCORE);
        scored.push((Occur::Should, Box::new(counted)));
    }
    let ranked: Box<dyn Query> = Box::new(BooleanQuery::new(scored));
    let full = filtered(ranked.box_clone(), fields, request, gazetteer);
    Ok(Some(RelaxedQuery {
        built: BuiltQuery {
            text: Box::new(BooleanQuery::new(text)),
            ranked,
            full: crate::engine::scorers::field_union::for_intersections(full),
        },
        words,
        word_queries,
    }))
}

/// The plain words of `request`'s query (not phrases, not excluded) that no article has in any
/// field of any searched language, and the languages searched: the words to suggest others for
/// ([`crate::engine::suggest::words`]).
pub fn unmatched_words(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<(Vec<String>, Vec<Lang>), QueryError> {
    if request.like.is_some() {
        return Ok((Vec::new(), Vec::new()));
    }
    let prepared = Prepared::new(searcher, fields, request)?;
    let mut leaves = Vec::new();
    plain_leaves(&prepared.ast, &mut leaves);
    let mut unmatched = Vec::new();
    for (word, leaf) in leaves {
        let Ok(query) = prepared.text_query(leaf) else {
            continue;
        };
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() != fields.lang {
                terms.push(term.clone());
            }
        });
        let mut found = terms.is_empty();
        for term in &terms {
            if searcher.doc_freq(term).map_err(QueryError::Index)? > 0 {
                found = true;
                break;
            }
        }
        if !found && !unmatched.contains(&word) {
            unmatched.push(word);
        }
    }
    Ok((unmatched, prepared.langs.clone()))
}

/// The plain words of a query (as typed, and as a leaf to analyse), outside exclusions.
fn plain_leaves(ast: &UserInputAst, out: &mut Vec<(String, UserInputAst)>) {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (occur, sub) in clauses {
                if *occur != Some(Occur::MustNot) {
                    plain_leaves(sub, out);
                }
            }
        }
        UserInputAst::Boost(sub, _) => plain_leaves(sub, out),
        UserInputAst::Leaf(_) => {
            if let Some(word) = plain_word(ast) {
                out.push((word, ast.clone()));
            }
        }
    }
}

/// The word of a clause that is a plain word (not a phrase), as typed.
fn plain_word(ast: &UserInputAst) -> Option<String> {
    let UserInputAst::Leaf(leaf) = ast else {
        return None;
    };
    let UserInputLeaf::Literal(literal) = &**leaf else {
        return None;
    };
    if literal.delimiter != Delimiter::None {
        return None;
    }
    Some(match &literal.field_name {
        Some(field) => format!("{field}:{}", literal.phrase),
        None => literal.phrase.clone(),
    })
}
