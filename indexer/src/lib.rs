//! # arshif-index — turning a directory of articles into an index
//!
//! - [`cli`] — the command line: every flag and its help text;
//! - [`commands`] — what the command line asks for, run to an exit status;
//! - [`corpus`] — walks the corpus directory and decides which files are articles;
//! - [`decode`] — bytes to text: UTF-8, UTF-16 with a BOM, detected legacy encodings;
//! - [`parse`] — reads one file (`.txt`, `.md`, `.json`, `.jsonl`) into articles, or says
//!   precisely why it cannot;
//! - [`run`] — one indexing round: compare with the index's manifest, parse what changed in
//!   parallel, delete and add, commit once, summarise;
//! - [`backlog`] — a bound, in bytes, on the documents waiting for tantivy's writer;
//! - [`lock`] — one indexer per index, with a lock the kernel releases when its holder dies;
//! - [`files`] — the indexer's own files: modes whatever the umask, never opened through a
//!   symlink;
//! - [`schedule`] — `--every`: rounds at an interval, stopped cleanly by SIGINT/SIGTERM;
//! - [`runlog`] — the bounded log of past runs behind `--status`;
//! - [`status`] — `--status`: document count, size, the last run and the last error;
//! - [`verify`] — `--verify`: every damaged or missing index file, named, on any damage;
//! - [`ja_dict`] — `--build-ja-dict`: the Japanese dictionary, built offline from IPADIC;
//! - [`hooks`] — pause points that let the crash tests kill a run at an exact moment (only with
//!   the `test-hooks` feature);
//! - [`tag`] — adding the countries and actors the text names to the metadata's;
//! - [`suggest_actors`] — `--suggest-actors`: people the gazetteer lacks, found by their titles
//!   over the corpus (one text at a time by `arshif_entities::extract::candidates`);
//! - [`size`] — byte sizes as people write them (`256M`, `1G`).
//!
//! `main.rs` only sets up the allocator, parses the command line and hands it to [`commands`];
//! everything here is callable from tests.

pub mod backlog;
pub mod cli;
pub mod commands;
pub mod corpus;
pub mod decode;
pub mod files;
pub mod hooks;
pub mod ja_dict;
pub mod lock;
pub mod parse;
pub mod run;
pub mod runlog;
pub mod schedule;
pub mod size;
pub mod status;
pub mod suggest_actors;
pub mod tag;
pub mod verify;

pub use run::{IndexOptions, Summary};
