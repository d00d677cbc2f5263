//! `arshif-search`: the command line. Parsing arguments and printing only; the work is in the
//! library (`arshif_search::search`, `display`, `interactive`…).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use arshif_schema::config::Config;
use arshif_schema::{date, guard, sanitize, Gazetteer, IndexPaths};
use arshif_search::bidi::BidiMode;
use arshif_search::display::{Display, Page};
use arshif_search::histogram::{self, Unit};
use arshif_search::interactive::Session;
use arshif_search::request::groups;
use arshif_search::search::with_index;
use arshif_search::{explain, pager, render, script, search, SearchRequest, Sort};
use clap::{CommandFactory, Parser, ValueEnum};

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
    arshif-search --strict 'مسوول الميناء'                  only articles with every word
    arshif-search -i                                       interactive: a query per line, :help
    arshif-search --completions bash > /etc/bash_completion.d/arshif-search
    arshif-search --man > arshif-search.1

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

EXIT STATUS:
    0  at least one article matched
    1  no article matched
    2  error: bad arguments, unparsable query, missing or unusable index"
)]
struct Args {
    /// The query (several arguments are joined with spaces).
    #[arg(value_name = "QUERY", required_unless_present_any = ["interactive", "completions", "man"], num_args = 1..)]
    query: Vec<String>,

    /// Index directory [default: $ARSHIF_INDEX, else `index` in arshif.toml, else .arshif].
    #[arg(long, value_name = "DIR", env = IndexPaths::ENV, hide_env_values = true)]
    index: Option<PathBuf>,

    /// Read defaults from this file instead of ./arshif.toml or
    /// $XDG_CONFIG_HOME/arshif/arshif.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// How many hits to show [default: 10].
    #[arg(short = 'n', long, value_name = "N")]
    limit: Option<usize>,

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

    /// Only articles in these languages, and analyse the query in those only: ar, en, fr, de,
    /// es, ru, tr, fa, ja, zh, ko (also `ar-SA`, `arabic`…); repeatable or comma-separated, any
    /// of (e.g. --lang ar,en).
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

    /// Also print the top countries, actors, sources and languages of all matching articles, as tables
    /// with bars; `--facets date:month` or `date:year` prints a histogram of the matches over
    /// time instead (`--facets tables,date:year` both). `--facets main` counts only the countries
    /// and actors each article is about (its dateline, its title, what it names most), not every
    /// one it names in passing.
    #[arg(long, value_name = "VIEWS", num_args = 0..=1, require_equals = true, default_missing_value = "tables", value_delimiter = ',')]
    facets: Option<Vec<String>>,

    /// How many values to show per facet.
    #[arg(long, value_name = "N", default_value_t = 10)]
    facet_limit: usize,

    /// Print one JSON object instead of text:
    /// {"total", "relaxed", "hits": [{"id", "title", "score", "date", "source", "url", "lang",
    /// "countries", "actors", "snippet", "highlights"}], "facets": {"country": [{"value", "count",
    /// "name", "name_ar"}], "actor": [{"value", "kind", "count", "name", "name_ar"}], "source",
    /// "lang"}}. When the search was relaxed, "relaxed" is true, "words" lists the query words
    /// and "every_word" counts the articles with all of them; each hit has "matched", its words.
    #[arg(long, conflicts_with_all = ["ndjson", "count", "interactive"])]
    json: bool,

    /// A gazetteer file (TOML or JSON) adding or overriding countries and actors, so that
    /// --country/--actor and the labels know them (use the file the index was built with)
    /// [default: `gazetteer` in arshif.toml].
    #[arg(long, value_name = "FILE")]
    gazetteer: Option<PathBuf>,

    /// Print one JSON object per hit, one per line, each written as soon as it is ready (no
    /// total, no facets: use --json or --count for those).
    #[arg(long, conflicts_with_all = ["count", "facets", "interactive"])]
    ndjson: bool,

    /// The keys of each hit object for --json and --ndjson, comma-separated:
    /// id,title,score,date,source,url,lang,countries,actors,path,snippet,highlights,explanation.
    #[arg(long, value_name = "FIELDS")]
    fields: Option<String>,

    /// Print only the number of matching articles (those with every word: --count is never
    /// relaxed).
    #[arg(long, conflicts_with_all = ["interactive", "explain"])]
    count: bool,

    /// Answer only with articles that have every word, even when there are none. By default,
    /// when no article has every word, those with the most of them are shown instead.
    #[arg(long)]
    strict: bool,

    /// Also find articles about the subject that use other words: the query is widened with
    /// the words its 10 best hits share (pseudo-relevance feedback), and the articles with the
    /// query's own words still come first. For short topical queries (`--expand الطلاق`); the
    /// count then includes articles found through the added words. Relaxed answers always are.
    #[arg(long, conflicts_with = "strict")]
    expand: bool,

    /// Show how each hit's score was computed (BM25 per term and field, boosts); with --json,
    /// an "explanation" tree per hit.
    #[arg(long)]
    explain: bool,

    /// When to colour titles and matched words [default: auto: when stdout is a terminal and
    /// NO_COLOR is not set].
    #[arg(long, value_enum, value_name = "WHEN")]
    color: Option<Color>,

    /// Right-to-left text in visual order, for terminals that do not do it [default: auto].
    #[arg(long, value_enum, value_name = "MODE")]
    bidi: Option<BidiMode>,

    /// Wrap text at this many columns (0: never) [default: the terminal's width; no wrapping
    /// when stdout is not a terminal].
    #[arg(long, value_name = "COLUMNS")]
    width: Option<usize>,

    /// Never page long output through less.
    #[arg(long)]
    no_pager: bool,

    /// Open a prompt: each line is a query, `:country X`, `:actor X`, `:clear`, `:facets`,
    /// `:next` refine it (`:help` lists all); the index stays open between queries.
    #[arg(short = 'i', long)]
    interactive: bool,

    /// Print a completion script for this shell and exit.
    #[arg(long, value_name = "SHELL")]
    completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) and exit: `arshif-search --man | man -l -`.
    #[arg(long)]
    man: bool,
}

#[derive(Clone, Copy, Debug, Default, ValueEnum)]
enum Color {
    /// When stdout is a terminal and NO_COLOR is not set.
    #[default]
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

/// What `--facets[=VIEWS]` asks for: the tables, and/or a histogram.
fn facet_views(views: &[String]) -> Result<(bool, bool, Option<Unit>)> {
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
fn join_facet_views(args: impl Iterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
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

/// A setting from the command line, else from the config file (checked), else the default.
fn setting<T: ValueEnum + Default>(
    flag: Option<T>,
    config: &Config,
    key: &str,
    value: Option<&String>,
) -> Result<T> {
    if let Some(f) = flag {
        return Ok(f);
    }
    match value {
        Some(v) => T::from_str(v, true)
            .map_err(|e| anyhow::anyhow!("{}: {e}", config.describe(&format!("search.{key}")))),
        None => Ok(T::default()),
    }
}

fn run(args: Args) -> Result<bool> {
    let mut command = Args::command();
    if let Some(shell) = args.completions {
        clap_complete::generate(shell, &mut command, "arshif-search", &mut std::io::stdout());
        return Ok(true);
    }
    if args.man {
        clap_mangen::Man::new(command).render(&mut std::io::stdout())?;
        return Ok(true);
    }
    let config = Config::load(args.config.as_deref())?;
    // Queries must be analysed with the dictionary the index was built with.
    arshif_schema::analysis::configure_japanese(config.analysis.ja_dict.clone());
    let index = args
        .index
        .clone()
        .or_else(|| config.index.clone())
        .unwrap_or_else(|| PathBuf::from(IndexPaths::DEFAULT));
    let (tables, main_facets, unit) = facet_views(args.facets.as_deref().unwrap_or_default())?;
    let flat = |values: &[String]| groups(values).into_iter().flatten().collect::<Vec<_>>();
    let facet_limit = args.facet_limit;
    let request = SearchRequest {
        query: args.query.join(" "),
        limit: args.limit.or(config.search.limit).unwrap_or(10),
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
        facets: tables.then_some(facet_limit),
        main_facets,
        snippet_chars: 200,
        strict: args.strict || args.count,
        expand: args.expand,
    };
    request.check_depth()?;
    let gazetteer = Gazetteer::load(
        args.gazetteer
            .clone()
            .or_else(|| config.gazetteer.clone())
            .as_deref(),
    )?;

    let tty = std::io::stdout().is_terminal();
    let color = match setting(args.color, &config, "color", config.search.color.as_ref())? {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let bidi = setting(args.bidi, &config, "bidi", config.search.bidi.as_ref())?;
    let width = args.width.unwrap_or_else(|| {
        if tty {
            terminal_size::terminal_size().map_or(100, |(w, _)| w.0 as usize)
        } else {
            0
        }
    });
    let display = Display {
        color,
        bidi: bidi.reorders(tty, |k| std::env::var(k).ok()),
        width,
    };

    if args.interactive {
        let opened = arshif_search::search::open(&index)?;
        let session = Session {
            opened,
            gazetteer: &gazetteer,
            request,
            display,
            histogram: unit,
            tables,
        };
        session.run()?;
        return Ok(true);
    }

    let explain = args.explain;
    let fields = args
        .fields
        .as_deref()
        .map(script::parse_fields)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--fields: {e}"))?;
    let fields = fields.as_deref();
    if args.ndjson {
        return ndjson(&index, &request, &gazetteer, explain, fields);
    }
    let (results, histogram, explanations) = with_index(&index, |opened| {
        let results = search::search(opened, &request, &gazetteer)?;
        let histogram = match unit {
            Some(u) => Some(histogram::histogram(opened, &request, u, &gazetteer)?),
            None => None,
        };
        let explanations = match explain {
            true => Some(explain::explain(
                opened,
                &request,
                &results.hits,
                &gazetteer,
            )?),
            false => None,
        };
        Ok((results, histogram, explanations))
    })?;
    let found = results.total > 0;

    if args.count {
        pager::write(&format!("{}\n", results.total), false)?;
    } else if args.json {
        let mut doc = render::json(&results);
        if let Some(hits) = doc["hits"].as_array_mut() {
            for (i, hit) in hits.iter_mut().enumerate() {
                if let Some(e) = explanations.as_ref().and_then(|e| e.get(i)) {
                    hit["explanation"] = e.clone();
                }
                *hit = script::select(hit.take(), fields);
            }
        }
        if let Some(h) = &histogram {
            doc["histogram"] = serde_json::json!({
                "unit": h.unit.name(),
                "buckets": h.buckets.iter().map(|(key, count)| serde_json::json!({"key": key, "count": count})).collect::<Vec<_>>(),
                "undated": h.undated,
            });
        }
        if !tables {
            if let Some(o) = doc.as_object_mut() {
                o.remove("facets");
            }
        }
        pager::write(&format!("{}\n", sanitize::json_line(&doc)), false)?;
    } else {
        if fields.is_some() {
            bail!("--fields chooses the keys of --json and --ndjson output; add one of them");
        }
        let text = display.page(&Page {
            results: &results,
            tables,
            histogram: histogram.as_ref(),
            explanations: explanations.as_deref(),
        });
        let use_pager = !args.no_pager && config.search.pager.unwrap_or(true);
        pager::write(&text, use_pager)?;
    }
    Ok(found)
}

/// `--ndjson`: each hit written as soon as it is read. The index is opened (with retries) before
/// the first line, so a retry never writes a hit twice.
fn ndjson(
    index: &std::path::Path,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    explain: bool,
    fields: Option<&[String]>,
) -> Result<bool> {
    let opened = with_index(index, |o| {
        Ok(arshif_schema::Opened::new(
            o.index.clone(),
            o.fields,
            o.path.clone(),
        ))
    })?;
    let explainer = explain
        .then(|| explain::Explainer::new(&opened, request, gazetteer))
        .transpose()?;
    let mut stdout = std::io::stdout().lock();
    let mut failure = None;
    let summary = search::search_each(&opened, request, gazetteer, |hit| {
        let explanation = match explainer.as_ref().map(|e| e.explain(&hit)).transpose() {
            Ok(e) => e,
            Err(e) => {
                failure = Some(anyhow::Error::from(e));
                return false;
            }
        };
        match script::ndjson_line(&mut stdout, &hit, explanation, fields) {
            Ok(go_on) => go_on,
            Err(e) => {
                failure = Some(e.into());
                false
            }
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(summary.total > 0),
    }
}

fn main() -> ExitCode {
    let args = Args::parse_from(join_facet_views(std::env::args_os()));
    let index = args
        .index
        .clone()
        .unwrap_or_else(|| PathBuf::from(IndexPaths::DEFAULT));
    match guard::catch(|| run(args)) {
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
