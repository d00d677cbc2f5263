//! What `arshif-index` does with its command line: `--build-ja-dict`, `--status`, `--verify`,
//! `--suggest-actors`, or indexing rounds (once or `--every`), each ending in an exit status.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use arshif_analysis::Lang;
use arshif_entities::Gazetteer;
use arshif_schema::config::Config;
use arshif_schema::{sanitize, IndexPaths};
use arshif_search::watch::Watch;
use clap::CommandFactory;

use crate::cli::Args;
use crate::schedule::{self, Exit};
use crate::{ja_dict, status, suggest_actors, IndexOptions};

/// Runs what `args` ask for and returns the exit status.
pub fn run(args: Args) -> ExitCode {
    if let Some(shell) = args.completions {
        let mut command = Args::command();
        clap_complete::generate(shell, &mut command, "arshif-index", &mut std::io::stdout());
        return ExitCode::SUCCESS;
    }
    if args.man {
        return match clap_mangen::Man::new(Args::command()).render(&mut std::io::stdout()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!("cannot write the manual page: {e}")),
        };
    }
    if let Some(src) = &args.build_ja_dict {
        return build_ja_dict(src, args.out.clone());
    }
    let config = match Config::load(args.config.as_deref()) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let index = args
        .index
        .clone()
        .or_else(|| config.index.clone())
        .unwrap_or_else(|| PathBuf::from(IndexPaths::DEFAULT));
    if args.status {
        return ExitCode::from(show_status(&args, &index) as u8);
    }
    if args.verify {
        return ExitCode::from(verify(&index) as u8);
    }
    let corpora = if args.corpus.is_empty() {
        config.corpus.clone()
    } else {
        args.corpus.clone()
    };
    if corpora.is_empty() {
        return fail("no CORPUS_DIR given (and no `corpus` in an arshif.toml): name the directories to index, e.g. `arshif-index ~/news`");
    }
    let gazetteer = args.gazetteer.clone().or_else(|| config.gazetteer.clone());
    if args.suggest_actors {
        return suggest_actors(&corpora, gazetteer.as_deref(), args.max_file_size);
    }
    let every =
        match args.every {
            None => None,
            Some(Some(interval)) => Some(interval),
            Some(None) => match config.schedule.as_deref().map(schedule::parse_interval) {
                Some(Ok(interval)) => Some(interval),
                Some(Err(e)) => return fail(format!("{}: {e}", config.describe("schedule"))),
                None => return fail(
                    "--every needs an interval (e.g. --every 15m), or `schedule` in an arshif.toml",
                ),
            },
        };
    let default_lang = match args.default_lang {
        Some(lang) => lang,
        None => match config.analysis.default_lang.as_deref().map(Lang::parse) {
            None => Lang::Ar,
            Some(Ok(lang)) => lang,
            Some(Err(e)) => return fail(format!("{}: {e}", config.describe("default_lang"))),
        },
    };
    arshif_analysis::configure_japanese(config.analysis.ja_dict.clone());
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let options = IndexOptions {
        corpora,
        index,
        memory: args.memory,
        threads,
        max_file_size: args.max_file_size,
        rebuild: args.rebuild,
        progress: !args.no_progress,
        gazetteer,
        extract: (!args.no_extract).then_some(args.country_routes),
        default_lang,
        watches: config.watches.iter().map(Watch::from_config).collect(),
    };
    let exit = match every {
        Some(interval) => schedule::every(&options, interval),
        None => schedule::round(&options, &AtomicBool::new(false)),
    };
    ExitCode::from(exit as u8)
}

fn suggest_actors(corpora: &[PathBuf], gazetteer: Option<&Path>, max_file_size: u64) -> ExitCode {
    let result = Gazetteer::load(gazetteer)
        .map_err(anyhow::Error::from)
        .and_then(|g| suggest_actors::suggest_actors(corpora, max_file_size, &g));
    match result {
        Ok(found) => {
            print!("{}", suggest_actors::to_toml(&found));
            eprintln!("arshif-index: {} candidate actors", found.len());
            ExitCode::SUCCESS
        }
        Err(e) => fail(arshif_schema::error::for_people(e.as_ref())),
    }
}

fn build_ja_dict(src: &Path, out: Option<PathBuf>) -> ExitCode {
    let Some(out) = out.or_else(ja_dict::default_out) else {
        return fail("--build-ja-dict: no --out DIR, and neither $ARSHIF_JA_DICT, $XDG_CACHE_HOME nor $HOME is set");
    };
    match ja_dict::build(src, &out) {
        Ok(built) => {
            eprintln!(
                "arshif-index: built the Japanese dictionary in {} ({:.1} MB, from {} sources, {:.1} s)",
                built.dir.display(),
                built.bytes as f64 / 1e6,
                built.encoding,
                built.took.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("{e:#}")),
    }
}

fn show_status(args: &Args, index: &Path) -> Exit {
    match status::read(index) {
        Ok(s) if args.json => {
            println!("{}", sanitize::json_line(&status::json(&s, index)));
            Exit::Ok
        }
        Ok(s) => {
            print!("{}", sanitize::terminal_lines(&status::human(&s, index)));
            Exit::Ok
        }
        Err(e) => {
            eprintln!(
                "arshif-index: error: {}",
                arshif_schema::error::for_people(e.as_ref())
            );
            Exit::Error
        }
    }
}

fn verify(index: &Path) -> Exit {
    match status::verify(index) {
        Ok(damaged) if damaged.is_empty() => {
            println!(
                "index {} is sound: every file matches its checksum",
                index.display()
            );
            Exit::Ok
        }
        Ok(damaged) => {
            for damage in &damaged {
                let line = format!("arshif-index: damaged: {damage}");
                eprintln!("{}", sanitize::terminal(&line));
            }
            let line = format!(
                "arshif-index: error: {} damaged or missing files in {}: rebuild it with `arshif-index --rebuild CORPUS_DIR` (your own files there are kept)",
                damaged.len(),
                index.display()
            );
            eprintln!("{}", sanitize::terminal(&line));
            Exit::Error
        }
        Err(e) => {
            eprintln!(
                "arshif-index: error: {}",
                arshif_schema::error::for_people(e.as_ref())
            );
            Exit::Error
        }
    }
}

/// Fails with one line on stderr and status 2 (made safe: messages name files and quote them).
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!(
        "arshif-index: error: {}",
        sanitize::terminal(&message.to_string())
    );
    ExitCode::from(Exit::Error as u8)
}
