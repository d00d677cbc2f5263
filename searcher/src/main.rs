//! `arshif-search`: the command line parsed ([`arshif_search::cli`]) and handed to the library
//! ([`arshif_search::front::run`]); here only the exit status and the one-line error.

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
    match guard::catch(|| front::run(args)) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) => ExitCode::from(1),
        Ok(Err(e)) => {
            eprintln!(
                "arshif-search: error: {}",
                arshif_schema::error::for_people(e.as_ref())
            );
            ExitCode::from(2)
        }
        Err(panic) => {
            eprintln!(
                "arshif-search: error: {}",
                sanitize::terminal(&guard::advice(&index, &panic))
            );
            ExitCode::from(2)
        }
    }
}
