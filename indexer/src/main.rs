//! `arshif-index`: the command line. Parsing arguments and printing only; the work is in the
//! library (`arshif_index::run`, `schedule`, `status`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use arshif_index::schedule::{self, Exit};
use arshif_index::{ja_dict, size, status, suggest, IndexOptions};
use arshif_schema::analysis::Lang;
use arshif_schema::config::Config;
use arshif_schema::extract::Options;
use arshif_schema::Gazetteer;
use arshif_schema::{sanitize, IndexPaths};
use clap::Parser;

/// mimalloc rather than the system's allocator: an indexing run frees most of what it
/// allocated (queued documents, the writer's segment buffers) before its last merges, which
/// map the new index's segments — glibc kept the freed ~750 MB in its per-thread arenas, so
/// the two added up to the run's peak; mimalloc returns it (peak RSS at 100k articles 1.53 →
/// 1.15 GB, see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Positions in mimalloc's `mi_option_t` (v3, as libmimalloc-sys 0.1.49 builds it; the crate
/// does not name them, and the workspace pins that version so they cannot move under us).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Tunes the allocator for a run that builds and frees large buffers. mimalloc reads its options
/// from the environment before `main`, so these defaults are set here, first thing, and an
/// option given in the environment (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ALLOW_THP`) still wins.
///
/// - Freed memory goes back to the system at once rather than after the default 10 ms: a run
///   frees large buffers (a segment's postings, a merge's) while others grow, and the delay let
///   them add up — anonymous peak at 100k articles 546, 548 → 525, 515 MiB, no slower.
/// - No transparent huge pages: mimalloc asks for them, and a 2 MiB page faults in (and zeroes)
///   whole even where a buffer touches a few KiB of it — peak RSS at 100k articles 534 → 485
///   MiB, at 1M 564–628 → 566 MiB, and no slower (the kernel zeroes less). mimalloc's own switch
///   only takes effect at its start-up, so the process also opts out with `PR_SET_THP_DISABLE`,
///   as mimalloc does when `MIMALLOC_ALLOW_THP=0` is set (the indexer starts no other program,
///   so nothing else inherits it). Numbers in BENCHMARKS.md.
fn tune_allocator() {
    default_option("MIMALLOC_PURGE_DELAY", MI_OPTION_PURGE_DELAY, 0);
    if default_option("MIMALLOC_ALLOW_THP", MI_OPTION_ALLOW_THP, 0) {
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no memory of ours;
        // a kernel without it returns an error, which leaves huge pages on and is harmless.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

/// Sets mimalloc's `option` to `value` unless the environment variable `env` gives it; true if
/// it was set here.
fn default_option(
    env: &str,
    option: libmimalloc_sys::mi_option_t,
    value: std::ffi::c_long,
) -> bool {
    if std::env::var_os(env).is_some() {
        return false;
    }
    // SAFETY: sets a plain integer option, first thing in `main`, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(option, value) };
    true
}

/// Index directories of news articles for `arshif-search`, and keep the index fresh.
///
/// Reads every `.txt`/`.md` (first non-empty line is the title; a YYYY-MM-DD in the file name is
/// the date), `.json` (one article, or an array) and `.jsonl`/`.ndjson` (one article per line)
/// file under each CORPUS_DIR. JSON articles have `title`, `body` (or `text`/`content`), and
/// optionally `date` (YYYY-MM-DD or RFC 3339), `url`, `source`, `lang`, `countries` (ISO codes or
/// names) and `actors` (ids or names).
///
/// Reruns are incremental: only new and changed files are read (a file whose size and
/// modification time are unchanged is not even opened), files that are gone are removed, and
/// everything lands in one atomic commit — searches see the index before or after, never between,
/// and a crash or kill leaves the last commit intact. Bad files and lines are reported on stderr,
/// one line each, and skipped; the rest is indexed.
#[derive(Parser, Debug)]
#[command(
    name = "arshif-index",
    version,
    after_help = "EXAMPLES:
    arshif-index data-samples
    arshif-index --index /srv/arshif/index /srv/news/agency-a /srv/news/agency-b
    ARSHIF_INDEX=/srv/arshif/index arshif-index --threads 2 --memory 512M /srv/news
    arshif-index --every 15m /srv/news      # stay running, reindex every 15 minutes
    arshif-index --status --json            # what the index holds, how the last run went
    arshif-index --verify                   # check the index files against their checksums
    arshif-index --rebuild /srv/news        # after an upgrade that changed the schema
    arshif-index --gazetteer my-actors.toml /srv/news
    arshif-index --country-routes names,demonyms /srv/news   # capitals do not tag countries
    arshif-index --suggest-actors /srv/news > candidates.toml
    arshif-index --every                    # index, corpus and schedule from arshif.toml
    arshif-index --build-ja-dict ipadic-src/usr/share/mecab/dic/ipadic   # see tools/ja-dict

CONFIGURATION:
    arshif.toml in the current directory or $XDG_CONFIG_HOME/arshif/ (or --config FILE,
    $ARSHIF_CONFIG) may give the index, the corpus directories and the schedule:
        index = \"/var/lib/arshif/index\"
        corpus = [\"/srv/news\"]
        schedule = \"15m\"
    Flags and $ARSHIF_INDEX win over the file.

EXIT STATUS:
    0  done: everything indexed, or nothing changed (with --every: stopped by a signal)
    1  committed, but some files or lines were skipped (see stderr)
    2  nothing committed: bad arguments, missing corpus, unusable index
    3  another arshif-index is updating this index"
)]
struct Args {
    /// Directories of articles to index (walked recursively; hidden entries and README files are
    /// skipped). Each keeps its own documents: removing files from one never touches another's.
    /// [default: `corpus` in arshif.toml]
    #[arg(value_name = "CORPUS_DIR")]
    corpus: Vec<PathBuf>,

    /// Index directory [default: $ARSHIF_INDEX, else `index` in arshif.toml, else .arshif].
    #[arg(long, value_name = "DIR", env = IndexPaths::ENV, hide_env_values = true)]
    index: Option<PathBuf>,

    /// Read defaults from this file instead of ./arshif.toml or
    /// $XDG_CONFIG_HOME/arshif/arshif.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Memory budget of the index writer, split among its threads (e.g. 256M, 1G). The process
    /// needs up to ~300 MB more: articles waiting for the writer take at most a quarter of the
    /// budget, merges the rest (at 256M: ~450 MiB resident for 100,000 long articles, ~520 MiB
    /// for a million).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = size::parse)]
    memory: u64,

    /// Threads for parsing and indexing [default: all cores].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Skip files larger than this (e.g. 64M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = size::parse)]
    max_file_size: u64,

    /// Start from an empty index and read every file again (needed after a schema change).
    #[arg(long)]
    rebuild: bool,

    /// Stay running and reindex at this interval (e.g. 30s, 15m, 1h; without a value, `schedule`
    /// in arshif.toml). Rounds never overlap; SIGINT/SIGTERM stops cleanly (a round in progress
    /// is abandoned, never half committed).
    #[arg(long, value_name = "INTERVAL", value_parser = schedule::parse_interval, conflicts_with = "status")]
    every: Option<Option<Duration>>,

    /// Show the index's document count and size, the last run and the last error, then exit.
    #[arg(long)]
    status: bool,

    /// With --status: print one JSON object.
    #[arg(long, requires = "status")]
    json: bool,

    /// Check every file of the index against its checksum and list damaged ones (exit 2 if any;
    /// repair with --rebuild), then exit.
    #[arg(long, conflicts_with_all = ["status", "every"])]
    verify: bool,

    /// Do not draw the progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    no_progress: bool,

    /// A gazetteer file (TOML, or JSON if it ends in .json) that adds countries and actors to the
    /// built-in gazetteer or overrides them by id; see the README for the format.
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,

    /// Do not look for countries and actors in the text: facets come from JSON metadata only.
    #[arg(long)]
    no_extract: bool,

    /// Which mentions tag an article with a country: its names, its demonyms (الأرمينية,
    /// Armenians), its capital (يريفان), its places (cities, regions and areas: Detroit, إدلب,
    /// ولاية فلوريدا, Gaza Strip). Comma-separated.
    #[arg(long, value_name = "LIST", default_value = "names,demonyms,capitals,places", value_parser = parse_routes)]
    country_routes: Options,

    /// The language of articles that carry no `lang` and whose language detection is unsure
    /// (short or mixed texts): ar, en, fr, de, es, ru, tr, fa, ja, zh or ko
    /// [default: `default_lang` in arshif.toml's [analysis], else ar].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    default_lang: Option<Lang>,

    /// Write no index: print, as a gazetteer file, the people the corpus introduces by a title
    /// (رئيس الوزراء …, وزير الخارجية …, President …) that the gazetteer does not know yet.
    #[arg(long)]
    suggest_actors: bool,

    /// Write no index: build the lindera dictionary for Japanese from IPADIC sources (the CSV
    /// and .def files of Debian's mecab-ipadic package; `tools/ja-dict/setup.sh` fetches them)
    /// into --out, then exit.
    #[arg(long, value_name = "SRC_DIR", conflicts_with_all = ["status", "verify", "every", "suggest_actors"])]
    build_ja_dict: Option<PathBuf>,

    /// With --build-ja-dict: where to write the dictionary
    /// [default: $ARSHIF_JA_DICT, else ${XDG_CACHE_HOME:-~/.cache}/arshif/ja-dict].
    #[arg(long, value_name = "DIR", requires = "build_ja_dict")]
    out: Option<PathBuf>,
}

fn parse_routes(text: &str) -> Result<Options, String> {
    let mut options = Options {
        country_names: false,
        demonyms: false,
        capitals: false,
        places: false,
    };
    for route in text.split(',').map(str::trim).filter(|r| !r.is_empty()) {
        match route {
            "names" => options.country_names = true,
            "demonyms" => options.demonyms = true,
            "capitals" => options.capitals = true,
            "places" => options.places = true,
            other => {
                return Err(format!(
                    "unknown route {other:?}: use names, demonyms, capitals, places"
                ))
            }
        }
    }
    Ok(options)
}

fn suggest_actors(corpora: &[PathBuf], gazetteer: Option<&Path>, max_file_size: u64) -> ExitCode {
    let result = Gazetteer::load(gazetteer)
        .map_err(anyhow::Error::from)
        .and_then(|g| suggest::suggest_actors(corpora, max_file_size, &g));
    match result {
        Ok(found) => {
            print!("{}", suggest::to_toml(&found));
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

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    tune_allocator();
    // Before any thread: the index is created 0755/0644 at most, whatever the umask.
    arshif_index::files::restrict_umask();
    let args = Args::parse();
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
    arshif_schema::analysis::configure_japanese(config.analysis.ja_dict.clone());
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
    };
    let exit = match every {
        Some(interval) => schedule::every(&options, interval),
        None => schedule::round(&options, &AtomicBool::new(false)),
    };
    ExitCode::from(exit as u8)
}
