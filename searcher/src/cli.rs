//! The command line of `arshif-search`: every flag, its help text and the examples, in one
//! place, and the small parsers of flag values (`main.rs` parses it; [`crate::front::run`] acts
//! on it).

use std::path::PathBuf;

use anyhow::Result;
use arshif_schema::{date, IndexPaths};
use clap::{Parser, ValueEnum};

use crate::engine::{Sort, Unit};
use crate::front::terminal::bidi::BidiMode;

/// Search an Arshif index of news articles: BM25-ranked, filtered, faceted.
///
/// QUERY uses tantivy's syntax over titles (weighted double) and bodies. Every word is required
/// unless you write OR; Arabic spelling variants (hamza, ى/ي, ة/ه, diacritics, tatweel, Arabic-Indic
/// digits) and one-letter proclitics (بقرار / قرار) match each other. When no article has every
/// word, the articles with the most of the words are shown instead, and a line says so
/// (--strict: never); "phrases", +word, -word, AND and OR are always kept as written.
///
///   أرمينيا أذربيجان         both words
///   روسيا OR تركيا           either word
///   "ناغورنو كاراباخ"        the exact phrase
///   أرمينيا -تركيا           Armenia, not Turkey
///   title:باشينيان           in the title only
///   ceasefire Armenia        English articles work the same way
///   '*'                      every article (use with filters)
#[derive(Parser, Debug)]
#[command(
    name = "arshif-search",
    version,
    verbatim_doc_comment,
    after_help = "FILTERS:
    --country and --actor take ids or any known name, in Arabic or English
    (AM, Armenia, أرمينيا; nikol-pashinyan, Pashinyan, باشينيان). Values separated by
    commas mean any of them; a repeated flag means all of them:
        --country AM,AZ              about Armenia or Azerbaijan
        --country AM --country TR    about both Armenia and Turkey

EXAMPLES:
    arshif-search أرمينيا                                  Armenia, best first
    arshif-search '\"ناغورنو كاراباخ\"' --from 2022-01-01 --sort date
    arshif-search 'وقف إطلاق النار' --country أرمينيا --actor Pashinyan --facets
    arshif-search ceasefire --country Armenia --explain    why each hit scored what it did
    arshif-search '*' --country AM --facets date:month      Armenia coverage month by month
    arshif-search '*' --facets main                         what the archive is about, not passing mentions
    arshif-search '*' --source رويترز --json | jq '.hits[].title'
    arshif-search انتخابات -n 1000 --ndjson --fields id,date | wc -l
    arshif-search لبنان --count                             just the number of matches
    arshif-search --expand 'اللاجئين السوريين'              also articles on it in other words
    arshif-search --show wire-2019-2020.ndjson#2             read one article whole (the id a hit shows)
    arshif-search --show wire-2019-2020.ndjson#2 --json      the stored article as JSON
    arshif-search --like armenia-azerbaijan-clashes.txt     articles like that one
    arshif-search --like armenia-azerbaijan-clashes.txt --from 2023-01-01
    arshif-search '*' --country LB --csv --fields id,date,title > lebanon.csv
    arshif-search '*' --csv --bom > all.csv                 for Excel: UTF-8 with a byte order mark
    arshif-search --strict 'مسوول الميناء'                  only articles with every word
    arshif-search -i                                       interactive: a query per line, :help
    arshif-search --serve                                  the archive in a browser: http://127.0.0.1:7700
    arshif-search --serve 0.0.0.0:7700 --token-file token   for a newsroom (a bearer token)
    arshif-search '*' --country SD --sort date -n 40 --compact   one line a hit
    arshif-search --completions bash > /etc/bash_completion.d/arshif-search
    arshif-search --man > arshif-search.1

SAVED SEARCHES:
    arshif-search أرمينيا --country AM --save armenia       watch a beat: after each round,
                                                           arshif-index reports what is new
    arshif-search --watches                                the saved searches, unread counts
    arshif-search --new armenia                            what it found since you last looked

DISPLAY:
    Results are wrapped to the terminal's width and, when longer than the screen, shown in
    `less -R` ($ARSHIF_PAGER or $PAGER to change it, --no-pager to turn it off). On a
    terminal that does not lay out right-to-left text itself, Arabic is reordered for display
    (--bidi auto); terminals that do (GNOME Terminal and other VTE terminals, Konsole,
    mlterm) are recognised and get logical order. Set ARSHIF_BIDI=reorder or off to decide.

CONFIGURATION:
    Defaults for --index, -n, --color, --bidi and the pager can be kept in arshif.toml, in the
    current directory or $XDG_CONFIG_HOME/arshif/ (or given with --config / $ARSHIF_CONFIG):
        index = \"/var/lib/arshif/index\"
        [search]
        limit = 20
        bidi = \"off\"

DID YOU MEAN:
    A --country, --actor, --source or --lang value that neither the gazetteer nor the index
    knows is an error (exit status 2) naming the closest known names:
        arshif-search '*' --country أرمينا   error: unknown country \"أرمينا\"; did you mean أرمينيا?
    A query word that no article has gets the archive's closest words (a line above the
    results; \"suggestions\" in --json):
        arshif-search ارمنيا                 no article has \"ارمنيا\"; did you mean أرمينيا?

EXIT STATUS:
    0  at least one article matched (--show: the article was found)
    1  no article matched
    2  error: bad arguments, unparsable query, missing or unusable index, an unknown
       --country/--actor/--source/--lang value, --from after --to, an unknown article id
       (--show, --like). With --json the error is one JSON object on stderr:
       {\"error\": \"…\"}, with \"suggestions\": [...] when there are close names"
)]
pub struct Args {
    /// The query (several arguments are joined with spaces).
    #[arg(value_name = "QUERY", required_unless_present_any = ["interactive", "completions", "man", "watches", "new", "show", "like", "serve"], num_args = 1..)]
    pub query: Vec<String>,

    /// Index directory [default: $ARSHIF_INDEX, else `index` in arshif.toml, else .arshif].
    #[arg(long, value_name = "DIR", env = IndexPaths::ENV, hide_env_values = true)]
    pub index: Option<PathBuf>,

    /// Read defaults from this file instead of ./arshif.toml or
    /// $XDG_CONFIG_HOME/arshif/arshif.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// How many hits to show [default: 10].
    #[arg(short = 'n', long, value_name = "N")]
    pub limit: Option<usize>,

    /// Skip this many hits first (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Only articles about this country: ISO code or name; repeatable, comma = any of.
    #[arg(long, value_name = "COUNTRY", value_parser = Known(Known::countries), hide_possible_values = true)]
    pub country: Vec<String>,

    /// Only articles naming this actor: id or name; repeatable, comma = any of.
    #[arg(long, value_name = "ACTOR", value_parser = Known(Known::actors), hide_possible_values = true)]
    pub actor: Vec<String>,

    /// Only articles from this source (exact name); repeatable or comma-separated, any of.
    #[arg(long, value_name = "SOURCE")]
    pub source: Vec<String>,

    /// Only articles in these languages, and analyse the query in those only: ar, en, fr, de,
    /// es, ru, tr, fa, ja, zh, ko (also `ar-SA`, `arabic`…); repeatable or comma-separated, any
    /// of (e.g. --lang ar,en).
    #[arg(long, value_name = "LANG")]
    pub lang: Vec<String>,

    /// Only articles dated on or after this day or instant (YYYY-MM-DD or RFC 3339); not after
    /// --to.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<time::OffsetDateTime>,

    /// Only articles dated on or before this day (the whole day), or before this instant.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    pub sort: Sort,

    /// Also print the top countries, actors, sources and languages of all matching articles, as tables
    /// with bars; `--facets date:month` or `date:year` prints a histogram of the matches over
    /// time instead (`--facets tables,date:year` both). `--facets main` counts only the countries
    /// and actors each article is about (its dateline, its title, what it names most), not every
    /// one it names in passing.
    #[arg(long, value_name = "VIEWS", num_args = 0..=1, require_equals = true, default_missing_value = "tables", value_delimiter = ',')]
    pub facets: Option<Vec<String>>,

    /// How many values to show per facet.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub facet_limit: usize,

    /// Show one article whole: title, date, source, url, file, its countries and actors by name
    /// (the main ones first), and its text, wrapped and paged like results. ID is what a hit
    /// shows on its last line and "id" in --json (`wire-2019-2020.ndjson#2`,
    /// `armenia-azerbaijan-clashes.txt`), or the path of a file that holds one article. With
    /// --json: the stored article as one object (countries and actors with their names in
    /// "country_names" and "actor_names"). An unknown id exits with status 2.
    /// Example: arshif-search --show wire-2019-2020.ndjson#2
    #[arg(long, value_name = "ID", conflicts_with_all = ["like", "ndjson", "csv", "count", "interactive", "facets", "explain"])]
    pub show: Option<String>,

    /// More like this: the articles that share the most distinctive words of the article ID
    /// (its title and body, stemmed, weighed by tf·idf), best first, without it. Give no QUERY;
    /// the filters (--country, --from…) still apply.
    /// Example: arshif-search --like armenia-azerbaijan-clashes.txt --country AZ
    #[arg(long, value_name = "ID", conflicts_with = "interactive")]
    pub like: Option<String>,

    /// Print the hits as CSV (RFC 4180: a header row, then a row per hit; fields with commas,
    /// quotes or line breaks quoted), with the columns of --fields [default:
    /// id,title,date,source,url,lang,countries,actors,path,snippet]. Lists are joined with "; ".
    /// A cell a spreadsheet would run as a formula (starting with = + - or @) gets a ' first.
    /// Example: arshif-search '*' --country LB --csv --fields id,date,title > lebanon.csv
    #[arg(long, conflicts_with_all = ["json", "ndjson", "count", "interactive"])]
    pub csv: bool,

    /// With --csv: start with a UTF-8 byte order mark, so that Excel and other spreadsheet
    /// programs read Arabic as UTF-8. Example: arshif-search '*' --csv --bom > all.csv
    #[arg(long, requires = "csv")]
    pub bom: bool,

    /// Print one JSON object instead of text:
    /// {"total", "relaxed", "hits": [{"id", "title", "score", "date", "source", "url", "lang",
    /// "countries", "actors", "snippet", "highlights"}], "facets": {"country": [{"value", "count",
    /// "name", "name_ar"}], "actor": [{"value", "kind", "count", "name", "name_ar"}], "source",
    /// "lang"}, "suggestions": [{"word", "did_you_mean": [...]}]}. When the search was relaxed,
    /// "relaxed" is true, "words" lists the query words and "every_word" counts the articles
    /// with all of them; each hit has "matched", its words. "suggestions" has the query words no
    /// article has, with the archive's closest words. Errors are {"error": "…"} on stderr (with
    /// "suggestions" for an unknown filter value or id), exit status 2.
    #[arg(long, conflicts_with_all = ["ndjson", "count", "interactive"])]
    pub json: bool,

    /// A gazetteer file (TOML or JSON) adding or overriding countries and actors, so that
    /// --country/--actor and the labels know them (use the file the index was built with)
    /// [default: `gazetteer` in arshif.toml].
    #[arg(long, value_name = "FILE")]
    pub gazetteer: Option<PathBuf>,

    /// Print one JSON object per hit, one per line, each written as soon as it is ready (no
    /// total, no facets: use --json or --count for those).
    #[arg(long, conflicts_with_all = ["count", "facets", "interactive"])]
    pub ndjson: bool,

    /// The keys of each hit object for --json and --ndjson, and the columns of --csv,
    /// comma-separated:
    /// id,title,score,date,source,url,lang,countries,actors,path,snippet,highlights,explanation.
    #[arg(long, value_name = "FIELDS")]
    pub fields: Option<String>,

    /// Print only the number of matching articles (those with every word: --count is never
    /// relaxed).
    #[arg(long, conflicts_with_all = ["interactive", "explain"])]
    pub count: bool,

    /// Answer only with articles that have every word, even when there are none. By default,
    /// when no article has every word, those with the most of them are shown instead.
    #[arg(long)]
    pub strict: bool,

    /// Also find articles about the subject that use other words: the query is widened with
    /// the words its 10 best hits share (pseudo-relevance feedback), and the articles with the
    /// query's own words still come first. For short topical queries (`--expand الطلاق`); the
    /// count then includes articles found through the added words. Relaxed answers always are.
    #[arg(long, conflicts_with = "strict")]
    pub expand: bool,

    /// Show how each hit's score was computed (BM25 per term and field, boosts); with --json,
    /// an "explanation" tree per hit.
    #[arg(long)]
    pub explain: bool,

    /// When to colour titles and matched words [default: auto: when stdout is a terminal and
    /// NO_COLOR is not set].
    #[arg(long, value_enum, value_name = "WHEN")]
    pub color: Option<Color>,

    /// Right-to-left text in visual order, for terminals that do not do it [default: auto].
    #[arg(long, value_enum, value_name = "MODE")]
    pub bidi: Option<BidiMode>,

    /// Wrap text at this many columns (0: never) [default: the terminal's width; no wrapping
    /// when stdout is not a terminal].
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,

    /// Never page long output through less.
    #[arg(long)]
    pub no_pager: bool,

    /// One line per hit: rank, date, title, source and its first two countries (cut to the
    /// terminal's width) — a page of 40 hits on one screen.
    #[arg(long, conflicts_with_all = ["json", "ndjson", "count"])]
    pub compact: bool,

    /// Open a prompt: each line is a query, `:country X`, `:actor X`, `:clear`, `:facets`,
    /// `:next` refine it (`:help` lists all); the index stays open between queries.
    #[arg(short = 'i', long)]
    pub interactive: bool,

    /// Save this query and its --country/--actor/--source/--lang filters as saved search NAME:
    /// a [[watch]] table appended to arshif.toml (the one in use, else ./arshif.toml).
    /// `arshif-index` then reports the articles each round adds that match it.
    #[arg(long, value_name = "NAME", help_heading = "Saved searches")]
    pub save: Option<String>,

    /// List the saved searches, with how many articles each found that you have not read.
    #[arg(long, conflicts_with_all = ["interactive", "save", "new"], help_heading = "Saved searches")]
    pub watches: bool,

    /// The articles saved search NAME found since you last asked (with --json or --ndjson, its
    /// lines as written); they are then marked read. Exit status 1 when there are none.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["interactive", "save"], help_heading = "Saved searches")]
    pub new: Option<String>,

    /// Serve the archive over HTTP: a web page at / and a JSON API (/api/search with the
    /// filters as parameters, the same JSON as --json; /api/articles/ID as --show ID --json;
    /// /api/status). The index stays open and each request sees the latest commit of
    /// arshif-index. Read-only. ADDR is HOST:PORT [default: $ARSHIF_LISTEN, else `listen` in
    /// arshif.toml's [serve], else 127.0.0.1:7700]; a port of 0 picks a free one. Only loopback
    /// by default: any other address can be reached by others, and there is no authentication
    /// unless --token-file is given.
    /// Examples: arshif-search --serve   (then open http://127.0.0.1:7700);
    /// curl 'http://127.0.0.1:7700/api/search?q=أرمينيا&country=AM&facets=tables'
    #[arg(long, value_name = "ADDR", num_args = 0..=1, help_heading = "Server",
          conflicts_with_all = ["interactive", "show", "like", "json", "ndjson", "csv", "count", "save", "watches", "new", "query"])]
    pub serve: Option<Option<String>>,

    /// With --serve: require `Authorization: Bearer TOKEN` (or the `arshif_token` cookie) on
    /// /api/*, TOKEN being this file's first line. The page asks for it once and keeps it in the
    /// browser's session storage.
    #[arg(long, value_name = "FILE", requires = "serve", help_heading = "Server")]
    pub token_file: Option<PathBuf>,

    /// With --serve: the longest one request may take; past it the answer is 503 with a message
    /// (the search goes on to its end in the background, still counted against the searches
    /// allowed at once) [default: `time_limit` in arshif.toml's [serve], else 10s].
    /// Examples: --time-limit 3s, --time-limit 1m
    #[arg(
        long,
        value_name = "DURATION",
        requires = "serve",
        help_heading = "Server"
    )]
    pub time_limit: Option<String>,

    /// Print a completion script for this shell and exit.
    #[arg(long, value_name = "SHELL")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit: `arshif-search --man | man -l -`.
    #[arg(long)]
    pub man: bool,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Color {
    /// When stdout is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

pub fn parse_date(text: &str) -> Result<time::OffsetDateTime, String> {
    date::parse(text).map_err(|e| e.to_string())
}

/// `--to 2022-09-13` includes that whole day; `--to 2022-09-13T12:00:00Z` stops at that instant.
pub fn parse_to(text: &str) -> Result<time::OffsetDateTime> {
    let instant = date::parse(text)?;
    let bare_day = text.trim().len() == 10;
    Ok(if bare_day {
        instant + time::Duration::days(1)
    } else {
        instant + time::Duration::seconds(1)
    })
}

/// What `--facets[=VIEWS]` asks for: the tables, and/or a histogram.
pub fn facet_views(views: &[String]) -> Result<(bool, bool, Option<Unit>)> {
    let mut tables = false;
    let mut main = false;
    let mut unit = None;
    for v in views.iter().map(|v| v.trim()) {
        match v {
            "tables" | "" => tables = true,
            "main" => (tables, main) = (true, true),
            other => {
                unit = Some(other.parse::<Unit>().map_err(|e| {
                    anyhow::anyhow!(
                        "--facets: {e} (or tables for the facet tables, main for the main \
                         countries and actors)"
                    )
                })?)
            }
        }
    }
    Ok((tables, main, unit))
}

/// Lets `--facets date:month` be written with a space: `--facets` takes a value only with `=`
/// (so that `--facets أرمينيا` keeps أرمينيا as the query), and this joins a following word
/// that is a list of views.
pub fn join_facet_views(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let is_views = |s: &str| {
        s.split(',')
            .all(|v| v == "tables" || v == "main" || v.parse::<Unit>().is_ok())
    };
    let mut out: Vec<std::ffi::OsString> = Vec::new();
    for arg in args {
        let joined = match (out.last().and_then(|l| l.to_str()), arg.to_str()) {
            (Some("--facets"), Some(v)) if is_views(v) => Some(format!("--facets={v}")),
            _ => None,
        };
        match joined {
            Some(j) => *out.last_mut().expect("checked above") = j.into(),
            None => out.push(arg),
        }
    }
    out
}

/// A flag value that may be anything (unknown values get "did you mean" from the engine), but
/// whose known values the shell completions offer: `--country أر<TAB>`, `--actor nikol<TAB>`.
/// Only the completion scripts ask for them (`hide_possible_values` keeps them out of --help).
#[derive(Clone, Copy)]
pub struct Known(fn() -> Vec<String>);

impl Known {
    /// ISO codes and the English and Arabic names of the built-in gazetteer's countries (those
    /// without spaces: a completion word cannot hold one).
    fn countries() -> Vec<String> {
        Known::of(&[arshif_entities::gazetteer::Kind::Country], |e| {
            vec![e.id.clone(), e.name_en.clone(), e.name_ar.clone()]
        })
    }

    /// The ids of the built-in gazetteer's people and organisations (`nikol-pashinyan`).
    fn actors() -> Vec<String> {
        use arshif_entities::gazetteer::Kind;
        Known::of(&[Kind::Person, Kind::Org], |e| vec![e.id.clone()])
    }

    fn of(
        kinds: &[arshif_entities::gazetteer::Kind],
        names: impl Fn(&arshif_entities::gazetteer::Entry) -> Vec<String>,
    ) -> Vec<String> {
        let mut out: Vec<String> = arshif_entities::Gazetteer::builtin()
            .entries()
            .iter()
            .filter(|e| kinds.contains(&e.kind))
            .flat_map(names)
            .filter(|n| !n.is_empty() && !n.contains(char::is_whitespace))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

impl clap::builder::TypedValueParser for Known {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        // Leaked: asked for once, by the completion generator, in a process about to exit.
        let values = (self.0)()
            .into_iter()
            .map(|v| clap::builder::PossibleValue::new(&*Box::leak(v.into_boxed_str())));
        Some(Box::new(values))
    }
}
