//! The command line of `arshif-index`: every flag, its help text and the examples, in one place
//! (`main.rs` parses it; [`crate::commands`] acts on it).

use std::path::PathBuf;
use std::time::Duration;

use arshif_analysis::Lang;
use arshif_entities::extract::Options;
use arshif_schema::IndexPaths;
use clap::Parser;

use crate::{schedule, size};

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
    arshif-index --completions bash > /etc/bash_completion.d/arshif-index
    arshif-index --man > arshif-index.1

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
pub struct Args {
    /// Directories of articles to index (walked recursively; hidden entries and README files are
    /// skipped). Each keeps its own documents: removing files from one never touches another's.
    /// [default: `corpus` in arshif.toml]
    #[arg(value_name = "CORPUS_DIR")]
    pub corpus: Vec<PathBuf>,

    /// Index directory [default: $ARSHIF_INDEX, else `index` in arshif.toml, else .arshif].
    #[arg(long, value_name = "DIR", env = IndexPaths::ENV, hide_env_values = true)]
    pub index: Option<PathBuf>,

    /// Read defaults from this file instead of ./arshif.toml or
    /// $XDG_CONFIG_HOME/arshif/arshif.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Memory budget of the index writer, split among its threads (e.g. 256M, 1G). The process
    /// needs up to ~300 MB more: articles waiting for the writer take at most a quarter of the
    /// budget, merges the rest (at 256M: ~450 MiB resident for 100,000 long articles, ~520 MiB
    /// for a million).
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = size::parse)]
    pub memory: u64,

    /// Threads for parsing and indexing [default: all cores].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Skip files larger than this (e.g. 64M, 1G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = size::parse)]
    pub max_file_size: u64,

    /// Start from an empty index and read every file again (needed after a schema change).
    #[arg(long)]
    pub rebuild: bool,

    /// Stay running and reindex at this interval (e.g. 30s, 15m, 1h; without a value, `schedule`
    /// in arshif.toml). Rounds never overlap; SIGINT/SIGTERM stops cleanly (a round in progress
    /// is abandoned, never half committed).
    #[arg(long, value_name = "INTERVAL", value_parser = schedule::parse_interval, conflicts_with = "status")]
    pub every: Option<Option<Duration>>,

    /// Show the index's document count and size, the last run and the last error, then exit.
    #[arg(long)]
    pub status: bool,

    /// With --status: print one JSON object.
    #[arg(long, requires = "status")]
    pub json: bool,

    /// Check every file of the index against its checksum and list damaged ones (exit 2 if any;
    /// repair with --rebuild), then exit.
    #[arg(long, conflicts_with_all = ["status", "every"])]
    pub verify: bool,

    /// Do not draw the progress bar (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,

    /// A gazetteer file (TOML, or JSON if it ends in .json) that adds countries and actors to the
    /// built-in gazetteer or overrides them by id; see the README for the format.
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,

    /// Do not look for countries and actors in the text: facets come from JSON metadata only.
    #[arg(long)]
    pub no_extract: bool,

    /// Which mentions tag an article with a country: its names, its demonyms (الأرمينية,
    /// Armenians), its capital (يريفان), its places (cities, regions and areas: Detroit, إدلب,
    /// ولاية فلوريدا, Gaza Strip). Comma-separated.
    #[arg(long, value_name = "LIST", default_value = "names,demonyms,capitals,places", value_parser = parse_routes)]
    pub country_routes: Options,

    /// The language of articles that carry no `lang` and whose language detection is unsure
    /// (short or mixed texts): ar, en, fr, de, es, ru, tr, fa, ja, zh or ko
    /// [default: `default_lang` in arshif.toml's [analysis], else ar].
    #[arg(long, value_name = "LANG", value_parser = parse_lang)]
    pub default_lang: Option<Lang>,

    /// Write no index: print, as a gazetteer file, the people the corpus introduces by a title
    /// (رئيس الوزراء …, وزير الخارجية …, President …) that the gazetteer does not know yet.
    #[arg(long)]
    pub suggest_actors: bool,

    /// Write no index: build the lindera dictionary for Japanese from IPADIC sources (the CSV
    /// and .def files of Debian's mecab-ipadic package; `tools/ja-dict/setup.sh` fetches them)
    /// into --out, then exit.
    #[arg(long, value_name = "SRC_DIR", conflicts_with_all = ["status", "verify", "every", "suggest_actors"])]
    pub build_ja_dict: Option<PathBuf>,

    /// With --build-ja-dict: where to write the dictionary
    /// [default: $ARSHIF_JA_DICT, else ${XDG_CACHE_HOME:-~/.cache}/arshif/ja-dict].
    #[arg(long, value_name = "DIR", requires = "build_ja_dict")]
    pub out: Option<PathBuf>,

    /// Print a completion script for this shell and exit.
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit: `arshif-index --man | man -l -`.
    #[arg(long)]
    pub man: bool,
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

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).map_err(|e| e.to_string())
}
