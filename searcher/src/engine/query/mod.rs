//! Building the tantivy query for a request.
//!
//! The text query is parsed with tantivy's query grammar, with AND as the default operator — a
//! news archive is large, and every word the user types should narrow it. When no article has
//! every word, [`relax`] makes the plain words optional, ranked by how many an article has
//! (`crate::engine::search::plan` decides; a misspelt or differently spelt word must not empty the
//! answer), and [`expanded`] adds the terms of pseudo-relevance feedback.
//!
//! **Languages.** Each article's text is in the fields of its language (see
//! `arshif_schema::schema`). The query is built once per searched language (all, or those of
//! `--lang`): every word analysed by that language's analyzer, and the whole query required to
//! match together with `lang:<code>` (needless, and left out, in an archive of one language);
//! the per-language queries are then OR-ed. So a document is
//! matched and scored by its own language's query only: `the clashes` is `clash` in English
//! (`the` is a stopword there) and `the` AND `clashes` in Arabic, where nothing is dropped — one
//! query per word across languages would instead require `the` of every English article. Scores
//! stay comparable across languages in two ways: each language's fields get BM25 statistics
//! from that language's documents ([`PerLanguageStatistics`]), and a language with one view
//! is boosted like a word found in both of Arabic's ([`SINGLE_VIEW_BOOST`]). An Arabic word
//! does not match English text and vice versa (names written in both scripts reach both through
//! the country and actor facets), so an Arabic query's hits are Arabic articles.
//!
//! **Arabic's two views.** Each word searches
//! both views of the text (see `arshif_schema::schema`): the stemmed `title`/`body` for recall
//! (`لأوكرانيا` finds `أوكرانيا`, `المفاوضات` finds `مفاوضة`) and the exact
//! `title_exact`/`body_exact`, boosted, so that articles with the very form typed rank first.
//! A `"quoted phrase"` searches the exact view only: whoever quotes wants those words. Titles are
//! boosted in both views: a word in the title says more about what the article is about.
//! `title:` and `body:` name a field in both views. Filters are added as required clauses with a
//! constant score of zero, so they narrow the set without changing the ranking.
//!
//! The parts, one concern each: `limits` (what a query may be: bytes, nesting, terms),
//! `parsed` (the syntax tree, the parser and the searched languages every query of a request
//! shares), `views` (each word over the fields of each language and view), `relax` (as many of
//! the words as an article has, and the words no article has), `filters` (the filters as
//! zero-scoring required clauses), `statistics` (BM25 statistics per language).

mod filters;
mod limits;
mod parsed;
mod relax;
mod statistics;
#[cfg(test)]
mod tests;
mod views;

use filters::filtered;
pub use limits::{MAX_NESTING, MAX_QUERY_BYTES, MAX_TERMS};
pub(crate) use parsed::langs_in_index;
use parsed::Prepared;
pub use relax::{relax, unmatched_words, WORD_MATCH_SCORE};
pub use statistics::PerLanguageStatistics;

use arshif_entities::Gazetteer;
use arshif_schema::Fields;
use tantivy::query::{BooleanQuery, Occur, Query};
use tantivy::Searcher;

use crate::engine::request::SearchRequest;

/// How much more a match in the title weighs than one in the body.
pub const TITLE_BOOST: f32 = 2.0;

/// How much more a match in the exact view weighs than one in the stemmed view.
pub const EXACT_BOOST: f32 = 1.5;

/// How much more a match in a language with one view (every language but Arabic) weighs: a
/// word found as typed scores the same in every language — in Arabic it matches both views
/// (1 + [`EXACT_BOOST`]), elsewhere its one view, boosted by as much.
pub const SINGLE_VIEW_BOOST: f32 = 1.0 + EXACT_BOOST;

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
    #[error("--lang: {0}")]
    Lang(arshif_analysis::lang::UnknownLang),
    #[error("nothing to search for in {0:?}: its words are all function words (في, من, كانت …) or punctuation, which the search ignores; add a word that says what the articles are about")]
    NothingToSearch(String),
    #[error("cannot parse query {query:?}: {reason}. Quote phrases (\"...\") and escape special characters (+ - : ( ) [ ] {{ }} ^ ~ \") with a backslash")]
    Parse { query: String, reason: String },
    #[error("cannot read the index's languages: {0}")]
    Index(tantivy::TantivyError),
    /// A filter value or article id that names nothing, with the closest that do.
    #[error(transparent)]
    Unknown(#[from] crate::engine::suggest::Unknown),
}

/// The parts of a request's query: the text query alone (for snippets) and the full query.
pub struct BuiltQuery {
    /// As tantivy's query parser makes it: what snippets highlight.
    pub text: Box<dyn Query>,
    /// The text query as it ranks, before the filters: `text` itself, or for a relaxed query
    /// `text` counting the words matched, or with the terms of pseudo-relevance feedback.
    pub ranked: Box<dyn Query>,
    /// The text query with the filters, its ANDs over words' fields made
    /// [`crate::engine::scorers::field_union::Intersection`]s: the query that is run.
    pub full: Box<dyn Query>,
}

/// Builds the query for `request` against the index `searcher` reads: every word required.
///
/// The searcher tells which languages the index holds: a query is analysed only for those (when
/// `--lang` does not choose), so an archive without Chinese articles never loads jieba's
/// dictionary, which took 130 ms of every `arshif-search` start.
pub fn build(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<BuiltQuery, QueryError> {
    let text_query = match &request.like {
        Some(id) => crate::engine::like::query(searcher, fields, id)?,
        None => {
            let prepared = Prepared::new(searcher, fields, request)?;
            prepared.text_query(prepared.ast.clone())?
        }
    };
    let full = filtered(text_query.box_clone(), fields, request, gazetteer);
    Ok(BuiltQuery {
        ranked: text_query.box_clone(),
        text: text_query,
        full: crate::engine::scorers::field_union::for_intersections(full),
    })
}

/// `built` ranking also by `expansion` (the terms of pseudo-relevance feedback, see
/// [`crate::engine::feedback`]): an optional clause, so the articles that match `built` still match and
/// those that match only the expansion come after, as their scores say; snippets still
/// highlight the query's own words.
pub fn expanded(
    built: &BuiltQuery,
    expansion: Box<dyn Query>,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> BuiltQuery {
    let ranked: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
        (Occur::Should, built.ranked.box_clone()),
        (Occur::Should, expansion),
    ]));
    let full = filtered(ranked.box_clone(), fields, request, gazetteer);
    BuiltQuery {
        text: built.text.box_clone(),
        ranked,
        full: crate::engine::scorers::field_union::for_intersections(full),
    }
}
