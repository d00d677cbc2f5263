//! # arshif-schema — what `arshif-index` and `arshif-search` share
//!
//! Both binaries must agree, to the byte, on how an article becomes terms: if the indexer
//! normalised `أرمينيا` one way and the searcher another, queries would silently miss. So
//! everything that decides what is in the index lives here, once:
//!
//! - [`schema`] — the tantivy fields and the schema version an index is stamped with;
//! - [`index`] — creating and opening an index (registering the analyzers, checking the version);
//! - [`directory`] — the memory-mapped directory, made usable on read-only mounts, which
//!   for the indexer hands back the pages its merges have read;
//! - [`merge`] — how segments are merged while indexing, with the merged size capped;
//! - [`analysis`] — the analyzers (Arabic, ten more languages) as small composable steps, and
//!   how an article's language is decided;
//! - [`document`] — the article model and its conversion to and from tantivy documents;
//! - [`gazetteer`] — known countries and actors, to resolve names like `أرمينيا` or `Pashinyan`
//!   to facet ids;
//! - [`places`] — cities, regions and areas, each in its country, for extraction;
//! - [`manifest`] — the per-document record of its source file that makes reruns incremental;
//! - [`guard`] — panics (from a damaged index) turned into errors that say what to do;
//! - [`extract`] — finding the countries and actors an article names, in its text;
//! - [`config`] — the optional `arshif.toml` both binaries read their defaults from;
//! - [`date`] — the date formats articles and command lines may use;
//! - [`sanitize`] — text from the corpus made safe to print on a terminal, in a log or in JSON;
//! - [`error`] — the library's error type.

pub mod analysis;
pub mod config;
pub mod date;
pub mod directory;
pub mod document;
pub mod error;
pub mod extract;
pub mod gazetteer;
pub mod guard;
pub mod index;
pub mod manifest;
pub mod merge;
pub mod places;
pub mod sanitize;
pub mod schema;

pub use document::{Actor, ActorKind, Article, ArticleDocument, StoredArticle};
pub use error::{Error, Result};
pub use extract::Extractor;
pub use gazetteer::Gazetteer;
pub use index::{create_or_open, open, IndexPaths, Opened};
pub use schema::{Fields, SCHEMA_VERSION};
