//! `arshif-search`: the command line. Parsing arguments and printing only; the work is in the
//! library (`arshif_search::search`).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use arshif_schema::{date, guard, Gazetteer, IndexPaths};
use arshif_search::render::{self, Style};
use arshif_search::request::groups;
use arshif_search::{open_and_search, SearchRequest, Sort};
use clap::{Parser, ValueEnum};

/// Search an Arshif index of news articles: BM25-ranked, filtered, faceted.
///
/// QUERY uses tantivy's syntax over titles (weighted double) and bodies. Every word is required
/// unless you write OR; Arabic spelling variants (hamza, ى/ي, ة/ه, diacritics, tatweel, Arabic-Indic
/// digits) match each other.
///
///   أرمينيا أذربيجان         both words
///   روسيا OR تركيا           either word
///   "ناغورنو كاراباخ"        the exact phrase
///   أرمينيا -تركيا           Armenia, not Turkey
///   title:باشينيان           in the title only
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
    arshif-search أرمينيا
    arshif-search '\"ناغورنو كاراباخ\"' --from 2022-01-01 --sort date
    arshif-search 'وقف إطلاق النار' --country أرمينيا --actor Pashinyan --facets
    arshif-search '*' --source رويترز --json | jq '.hits[].title'

EXIT STATUS:
    0  at least one article matched
    1  no article matched
    2  error: bad arguments, unparsable query, missing or unusable index"
)]
struct Args {
    /// The query (several arguments are joined with spaces).
    #[arg(value_name = "QUERY", required = true, num_args = 1..)]
    query: Vec<String>,

    /// Index directory [default: $ARSHIF_INDEX, else .arshif in the current directory].
    #[arg(long, value_name = "DIR", env = IndexPaths::ENV, default_value = IndexPaths::DEFAULT, hide_default_value = true)]
    index: PathBuf,

    /// How many hits to show.
    #[arg(short = 'n', long, value_name = "N", default_value_t = 10)]
    limit: usize,

    /// Skip this many hits first (for paging).
    #[arg(long, value_name = "N", default_value_t = 0)]
    offset: usize,

    /// Only articles about this country: ISO code or name; repeatable, comma = any of.
    #[arg(long, value_name = "COUNTRY")]
    country: Vec<String>,

    /// Only articles naming this actor: id or name; repeatable, comma = any of.
    #[arg(long, value_name = "ACTOR")]
    actor: Vec<String>,

    /// Only articles from this source (exact name); repeatable or comma-separated, any of.
    #[arg(long, value_name = "SOURCE")]
    source: Vec<String>,

    /// Only articles in this language (e.g. ar, en); repeatable or comma-separated, any of.
    #[arg(long, value_name = "LANG")]
    lang: Vec<String>,

    /// Only articles dated on or after this day or instant (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: Option<time::OffsetDateTime>,

    /// Only articles dated on or before this day (the whole day), or before this instant.
    #[arg(long, value_name = "DATE")]
    to: Option<String>,

    /// Order of the hits.
    #[arg(long, value_enum, default_value_t = Sort::Relevance)]
    sort: Sort,

    /// Also print the top countries, actors and sources of all matching articles.
    #[arg(long)]
    facets: bool,

    /// How many values to show per facet.
    #[arg(long, value_name = "N", default_value_t = 10)]
    facet_limit: usize,

    /// Print one JSON object instead of text:
    /// {"total", "hits": [{"id", "title", "score", "date", "source", "url", "lang", "countries",
    /// "actors", "snippet", "highlights"}], "facets": {"country": [{"value", "count", "name",
    /// "name_ar"}], "actor": [{"value", "kind", "count", "name", "name_ar"}], "source"}}.
    #[arg(long)]
    json: bool,

    /// A gazetteer file (TOML or JSON) adding or overriding countries and actors, so that
    /// --country/--actor and the labels know them (use the file the index was built with).
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,

    /// When to colour matched words.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Color {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

fn parse_date(text: &str) -> Result<time::OffsetDateTime, String> {
    date::parse(text).map_err(|e| e.to_string())
}

/// `--to 2022-09-13` includes that whole day; `--to 2022-09-13T12:00:00Z` stops at that instant.
fn parse_to(text: &str) -> Result<time::OffsetDateTime> {
    let instant = date::parse(text)?;
    let bare_day = text.trim().len() == 10;
    Ok(if bare_day {
        instant + time::Duration::days(1)
    } else {
        instant + time::Duration::seconds(1)
    })
}

fn run(args: Args) -> Result<bool> {
    let flat = |values: &[String]| groups(values).into_iter().flatten().collect::<Vec<_>>();
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit,
        offset: args.offset,
        countries: groups(&args.country),
        actors: groups(&args.actor),
        sources: flat(&args.source),
        langs: flat(&args.lang),
        from: args.from,
        to: args
            .to
            .as_deref()
            .map(parse_to)
            .transpose()
            .context("--to")?,
        sort: args.sort,
        facets: args.facets.then_some(args.facet_limit),
        snippet_chars: 200,
    };
    let gazetteer = Gazetteer::load(args.gazetteer.as_deref())?;
    let results = open_and_search(&args.index, &request, &gazetteer)?;
    let text = if args.json {
        let mut s = serde_json::to_string(&render::json(&results))?;
        s.push('\n');
        s
    } else {
        let color = match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
        render::human(&results, if color { Style::Color } else { Style::Plain })
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush());
    Ok(results.total > 0)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let index = args.index.clone();
    match guard::catch(|| run(args)) {
        Ok(Ok(true)) => ExitCode::SUCCESS,
        Ok(Ok(false)) => ExitCode::from(1),
        Ok(Err(e)) => {
            eprintln!("arshif-search: error: {e:#}");
            ExitCode::from(2)
        }
        Err(panic) => {
            eprintln!("arshif-search: error: {}", guard::advice(&index, &panic));
            ExitCode::from(2)
        }
    }
}
