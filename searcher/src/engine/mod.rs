//! # The engine: from a request to an [`Answer`]
//!
//! In the order a search runs through them:
//! - [`request`] — what the user asked for: query text, filters, paging, sorting, facets;
//! - [`query`] — the request as a tantivy query: input limits, parsing, the fan-out to each
//!   language's fields and views, filters, and BM25 statistics per language;
//! - [`pair_phrase`] — two-word phrases of common words, answered from the index of their pairs;
//! - [`scorers`] — the scorers of an AND of words in several fields (`field_union`, `windowed`)
//!   and the one cost model they share (`cost`);
//! - [`search`] — opening the index (with retries), deciding the query (strict, relaxed,
//!   expanded), ranking, snippets and labels, facets: the [`Answer`];
//! - [`feedback`] — pseudo-relevance feedback: a query widened by the words its best hits share;
//! - [`counts`] — collectors counting the values of string and facet fast fields (facets);
//! - [`histogram`] — a collector counting matches per month or year (`--facets date:month`);
//! - [`snippet`] — the best fragment of a hit's text, its query words marked;
//! - [`explain`] — the score breakdown of each hit (`--explain`);
//! - [`suggest`] — did you mean: the closest known names for an unknown filter value, the
//!   index's words for a query word no article has;
//! - [`article`] — one article by its id, whole (`--show`);
//! - [`like`] — more like this (`--like`): an article's most distinctive words as a query;
//! - [`answer`] — what comes out: [`Answer`], its [`Hit`]s, [`Facets`], [`Relaxation`].
//!
//! Front ends ([`crate::front`]) see only what is re-exported here.
//!
//! Fields are named with `arshif_schema::schema::field`'s constants, never string literals.

pub(crate) mod answer;
pub(crate) mod article;
pub(crate) mod counts;
pub(crate) mod explain;
pub(crate) mod feedback;
pub(crate) mod histogram;
pub(crate) mod like;
pub(crate) mod pair_phrase;
pub(crate) mod query;
pub(crate) mod request;
pub(crate) mod scorers;
pub(crate) mod search;
pub(crate) mod snippet;
pub(crate) mod suggest;

pub use answer::{Answer, FacetCount, Facets, Highlighted, Hit, Relaxation};
pub use article::{find, show, Article, Named};
pub use explain::Explainer;
pub use histogram::{Histogram, Unit};
pub use query::{build, BuiltQuery, QueryError};
pub use request::{groups, SearchRequest, Sort, TooDeep, MAX_DEPTH};
pub use search::{
    answer, facet_counts, open, open_and_search, search, search_each, with_index, SearchError,
    ATTEMPTS, RELAX_BELOW,
};
pub use suggest::{Suggestion, Unknown};
