//! # arshif-schema — the index's format
//!
//! What `arshif-index` writes and `arshif-search` reads must agree to the byte: the fields,
//! how a document is stored, how the index is opened and stamped. That agreement lives here.
//! What text becomes terms is `arshif-analysis`; which countries and actors an article names is
//! `arshif-entities`; this crate puts them together into an index:
//!
//! - [`schema`] — the tantivy fields and the schema version an index is stamped with;
//! - [`index`] — creating and opening an index (registering the analyzers, checking the stamp:
//!   version and Japanese analysis);
//! - [`analyzers`] — the analyzers an index registers: analysis with the knowledge base's
//!   proper nouns (where `arshif-analysis` and `arshif-entities` meet);
//! - [`document`] — the article model and its conversion to and from tantivy documents;
//! - [`manifest`] — the per-document record of its source file that makes reruns incremental;
//! - [`directory`] — the memory-mapped directory, made usable on read-only mounts, which
//!   for the indexer hands back the pages its merges have read;
//! - [`merge`] — how segments are merged while indexing, with the merged size capped;
//! - [`guard`] — panics (from a damaged index) turned into errors that say what to do;
//!
//! and the plumbing both binaries share:
//!
//! - [`config`] — the optional `arshif.toml` both binaries read their defaults from;
//! - [`date`] — the date formats articles and command lines may use;
//! - [`sanitize`] — text from the corpus made safe to print on a terminal, in a log or in JSON;
//! - [`error`] — the library's error type.

pub mod analyzers;
pub mod config;
pub mod date;
pub mod directory;
pub mod document;
pub mod error;
pub mod guard;
pub mod index;
pub mod manifest;
pub mod merge;
pub mod sanitize;
pub mod schema;

pub use document::{Actor, ActorKind, Article, ArticleDocument, StoredArticle};
pub use error::{Error, Result};
pub use index::{create_or_open, open, IndexPaths, Opened};
pub use schema::{Fields, SCHEMA_VERSION};
