//! `arshif-search`: the command line parsed ([`arshif_search::cli`]) and handed to the library
//! ([`arshif_search::front::run`]); here only the exit status and the one-line error (with
//! `--json`, a JSON object: `{"error": "…"}`, and `"suggestions"` when a name was unknown).

use std::path::PathBuf;
use std::process::ExitCode;

use arshif_schema::{guard, sanitize, IndexPaths};
use arshif_search::cli::{join_facet_views, Args};
use arshif_search::front;
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
            front::unknown(&e).cloned(),
        ),
        Err(panic) => (
            sanitize::terminal(&guard::advice(&index, &panic)).into_owned(),
            None,
        ),
    };
    if json {
        let error = front::error_json(&message, unknown.as_ref());
        eprintln!("{}", sanitize::json_line(&error));
    } else {
        eprintln!("arshif-search: error: {message}");
    }
    ExitCode::from(2)
}
