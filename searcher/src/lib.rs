//! # arshif-search — querying an index
//!
//! Searching:
//! - [`request`] — what the user asked for: query text, filters, paging, sorting, facets;
//! - [`query`] — turns a request into a tantivy query (BM25 text query + filters);
//! - [`search`] — runs it: hits with snippets, total, facet counts;
//! - [`snippet`] — the best fragment of a hit's text, its query words marked;
//! - [`feedback`] — pseudo-relevance feedback: a query widened by the words its best hits share;
//! - [`field_union`] — the OR of a word's fields, cheap to skip through inside an AND;
//! - [`windowed`] — an AND of frequent words, a window of documents at a time;
//! - [`pair_phrase`] — two-word phrases of common words, from the index of their pairs;
//! - [`counts`] — a collector counting the values of a string fast field (source facet);
//! - [`histogram`] — a collector counting matches per month or year (`--facets date:month`);
//! - [`explain`] — the score breakdown of each hit (`--explain`).
//!
//! Output for people:
//! - [`styled`] — lines of text spans that carry a tone (title, match, dim…), rendered last;
//! - [`layout`] — a hit as title, metadata, snippet and place lines;
//! - [`facet_view`] — facet tables and histograms with bars;
//! - [`wrap`] — word-wrapping to the terminal's width;
//! - [`bidi`] — right-to-left text in visual order for terminals without bidi (`--bidi`);
//! - [`display`] — putting a page together and rendering it;
//! - [`pager`] — long output through `less -R`;
//! - [`interactive`] — the `-i` prompt.
//!
//! Output for scripts:
//! - [`render`] — `--json`;
//! - [`script`] — `--ndjson`, `--fields`.
//!
//! `main.rs` only parses the command line and prints; everything here is callable from tests.

pub mod bidi;
pub mod counts;
pub mod display;
pub mod explain;
pub mod facet_view;
pub mod feedback;
pub mod field_union;
pub mod histogram;
pub mod interactive;
pub mod layout;
pub mod pager;
pub mod pair_phrase;
pub mod query;
pub mod render;
pub mod request;
pub mod script;
pub mod search;
pub mod snippet;
pub mod styled;
#[cfg(test)]
mod testing;
pub mod windowed;
pub mod wrap;

pub use request::{SearchRequest, Sort};
pub use search::{open_and_search, search, Hit, SearchResults};
