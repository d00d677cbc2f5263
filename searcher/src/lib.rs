//! # arshif-search — querying an index
//!
//! Two rooms:
//! - [`engine`] — from a request to an [`Answer`]: query building, scorers, counting
//!   collectors, snippets, feedback, score explanations, the search itself;
//! - [`front`] — front ends that render an [`Answer`]: the terminal, the interactive prompt,
//!   `--json`, and `--ndjson`/`--fields`/`--count` for scripts.
//!
//! Beside them, [`watch`]: saved searches, run by `arshif-index` over what each round adds and
//! read with `--new`.
//!
//! [`hooks`]: a slow search for the server's time-limit test (`test-hooks` builds only).
//!
//! And [`cli`], the command line: every flag and its help text. `main.rs` only parses it and
//! hands it to [`front::run`]; everything here is callable from tests.

pub mod cli;
pub mod engine;
pub mod front;
pub mod hooks;
#[cfg(test)]
mod testing;
pub mod watch;

pub use engine::{open_and_search, search, Answer, Hit, SearchError, SearchRequest, Sort};
