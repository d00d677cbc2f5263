//! # arshif-search — querying an index
//!
//! - [`request`] — what the user asked for: query text, filters, paging, sorting, facets;
//! - [`query`] — turns a request into a tantivy query (BM25 text query + filters);
//! - [`search`] — runs it: hits with snippets, total, facet counts;
//! - [`counts`] — a collector counting the values of a string fast field (source facet);
//! - [`render`] — human output (with highlighting) and `--json`.
//!
//! `main.rs` only parses the command line and prints; everything here is callable from tests.

pub mod counts;
pub mod query;
pub mod render;
pub mod request;
pub mod search;

pub use request::{SearchRequest, Sort};
pub use search::{open_and_search, search, Hit, SearchResults};
