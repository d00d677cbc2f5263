//! # arshif-index — turning a directory of articles into an index
//!
//! - [`corpus`] — walks the corpus directory and decides which files are articles;
//! - [`parse`] — reads one file (`.txt`, `.md`, `.json`, `.jsonl`) into articles, or says
//!   precisely why it cannot;
//! - [`tag`] — adding the countries and actors the text names to the metadata's;
//! - [`suggest`] — `--suggest-actors`: people the gazetteer lacks, found by their titles;
//! - [`run`] — the indexing run: parallel parsing, the tantivy writer, the one commit, the summary;
//! - [`size`] — byte sizes as people write them (`256M`, `1G`).
//!
//! `main.rs` only parses the command line and prints; everything here is callable from tests.

pub mod corpus;
pub mod parse;
pub mod run;
pub mod size;
pub mod suggest;
pub mod tag;

pub use run::{IndexOptions, Summary};
