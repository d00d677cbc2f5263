//! `arshif-search`: the command line parsed ([`arshif_search::cli`]) and handed to the library
//! ([`arshif_search::front::run`]); here only the exit status and the one-line error (with
//! `--json`, a JSON object: `{"error": "…"}`, and `"suggestions"` when a name was unknown).

use std::path::PathBuf;
use std::process::ExitCode;

use arshif_schema::{guard, sanitize, IndexPaths};
use arshif_search::cli::{join_facet_views, Args};
use arshif_search::engine::{QueryError, Unknown};
use arshif_search::{front, SearchError};
use clap::Parser;

fn main() -> ExitCode {
    let args = Args::parse_from(join_facet_views(std::env::args_os()));
    let index = args
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(IndexPaths::DEFAULT));
    let json = args.json;
    let (message, unknown) = match guard::catch(|| front::run(args)) {
        Ok(Ok(true)) => return ExitCode::SUCCESS,
        Ok(Ok(false)) => return ExitCode::from(1),
        Ok(Err(e)) => (
            arshif_schema::error::for_people(e.as_ref()),
            unknown(&e).cloned(),
        ),
        Err(panic) => (
            sanitize::terminal(&guard::advice(&index, &panic)).into_owned(),
            None,
        ),
    };
    if json {
        let mut error = serde_json::json!({ "error": message });
        if let Some(u) = unknown {
            error["suggestions"] = serde_json::json!(u.suggestions);
        }
        eprintln!("{}", sanitize::json_line(&error));
    } else {
        eprintln!("arshif-search: error: {message}");
    }
    ExitCode::from(2)
}

/// The unknown name behind an error, if that is what it is.
fn unknown(e: &anyhow::Error) -> Option<&Unknown> {
    match e.downcast_ref::<SearchError>() {
        Some(SearchError::Query(QueryError::Unknown(u))) => Some(u),
        _ => match e.downcast_ref::<QueryError>() {
            Some(QueryError::Unknown(u)) => Some(u),
            _ => e.downcast_ref::<Unknown>(),
        },
    }
}
