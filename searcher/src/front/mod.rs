//! # Front ends: an [`Answer`](crate::engine::Answer) rendered for someone
//!
//! - [`terminal`] — text for people: hits, facet tables, histograms, wrapped, bidi, paged;
//! - [`interactive`] — the `-i` prompt, a search per line over an index kept open;
//! - [`json`] — `--json`: one JSON object;
//! - [`script`] — `--ndjson` (hits streamed one per line), `--fields`, `--count`;
//! - [`watches`] — `--save`, `--watches`, `--new`: saved searches;
//! - [`http`] — `--serve`: a web page and a JSON API (the `--json` documents) over HTTP.
//!
//! Each renders what the engine answered and asks nothing else of the index. [`run`] is what
//! `arshif-search` does with its command line: settle the settings (flags, then arshif.toml,
//! then defaults), make the request, and hand it to the front end the flags choose.

pub mod http;
pub mod interactive;
pub mod json;
pub mod script;
pub mod terminal;
pub mod watches;

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use arshif_entities::Gazetteer;
use arshif_schema::config::Config;
use arshif_schema::{sanitize, IndexPaths};
use clap::{CommandFactory, ValueEnum};

use crate::cli::{self, Args, Color};
use crate::engine::{self, groups, SearchRequest};
use interactive::Session;
use terminal::{pager, Display, Page};

/// Runs what `args` ask for; returns whether any article matched (exit status 0, else 1).
pub fn run(args: Args) -> Result<bool> {
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
    arshif_analysis::configure_japanese(config.analysis.ja_dict.clone());
    let index = args
        .index
        .clone()
        .or_else(|| config.index.clone())
        .unwrap_or_else(|| PathBuf::from(IndexPaths::DEFAULT));
    if args.watches {
        return watches::list(&index, &config);
    }
    if let Some(name) = &args.new {
        return watches::new(&index, &config, name, args.json || args.ndjson);
    }
    let gazetteer = Gazetteer::load(
        args.gazetteer
            .clone()
            .or_else(|| config.gazetteer.clone())
            .as_deref(),
    )?;
    if let Some(address) = &args.serve {
        let address = http::listen_address(address.as_deref(), &config);
        let time_limit = http::time_limit(args.time_limit.as_deref(), &config)?;
        return http::serve(
            &address,
            args.token_file.as_deref(),
            time_limit,
            index,
            config,
            gazetteer,
        );
    }
    let search = prepare(&Asked::from(&args), &config)?;
    if let Some(name) = &args.save {
        let path = watches::save(name, &args, &config)?;
        eprintln!(
            "arshif-search: saved search {name} in {}; arshif-index (with this arshif.toml) reports what each round adds that matches it, and `arshif-search --new {name}` lists it",
            path.display()
        );
    }
    let display = display(&args, &config)?;
    let use_pager = !args.no_pager && config.search.pager.unwrap_or(true);

    if let Some(id) = &args.show {
        if !args.query.is_empty() {
            bail!("--show shows one article; give no QUERY with it");
        }
        let article = engine::with_index(&index, |opened| engine::show(opened, id, &gazetteer))?;
        if args.json {
            pager::write(
                &format!("{}\n", sanitize::json_line(&json::article(&article))),
                false,
            )?;
        } else {
            pager::write(
                &display.render(&terminal::article::lines(&article, display.width)),
                use_pager,
            )?;
        }
        return Ok(true);
    }

    if args.interactive {
        let opened = engine::open(&index)?;
        let session = Session {
            opened,
            gazetteer: &gazetteer,
            request: search.request,
            display,
            histogram: search.histogram,
            tables: search.tables,
            pager: use_pager,
            shown: Vec::new(),
        };
        session.run()?;
        return Ok(true);
    }

    let fields = search.fields.as_deref();
    if args.ndjson {
        return script::ndjson(&index, &search.request, &gazetteer, args.explain, fields);
    }
    if args.csv {
        return script::csv(
            &index,
            &search.request,
            &gazetteer,
            args.explain,
            fields,
            args.bom,
        );
    }
    let answer = engine::with_index(&index, |opened| search.answer(opened, &gazetteer))?;
    let found = answer.total > 0;

    if args.count {
        pager::write(&format!("{}\n", answer.total), false)?;
    } else if args.json {
        pager::write(&format!("{}\n", search.json(&answer)), false)?;
    } else {
        if fields.is_some() {
            bail!("--fields chooses the keys of --json and --ndjson output and the columns of --csv; add one of them");
        }
        let text = display.page(&Page {
            answer: &answer,
            tables: search.tables,
        });
        pager::write(&text, use_pager)?;
    }
    Ok(found)
}

/// A search as asked for, by the command line or by the HTTP API ([`http`]): what [`prepare`]
/// checks and turns into a [`SearchRequest`]. Filters are as the flags take them: each entry of
/// `country` is one `--country` (commas inside it: any of them; several entries: all of them).
#[derive(Clone, Debug, Default)]
pub struct Asked {
    /// The query, as written (several words joined with spaces).
    pub query: String,
    pub country: Vec<String>,
    pub actor: Vec<String>,
    pub source: Vec<String>,
    pub lang: Vec<String>,
    pub from: Option<time::OffsetDateTime>,
    /// As written: a bare day includes the whole day (see [`cli::parse_to`]).
    pub to: Option<String>,
    pub sort: engine::Sort,
    /// The page size; `[search] limit` in arshif.toml, else 10, when not given.
    pub limit: Option<usize>,
    pub offset: usize,
    /// `--facets` views (`tables`, `main`, `date:month`, …); empty: none.
    pub facets: Vec<String>,
    pub facet_limit: usize,
    /// `--fields`, as written.
    pub fields: Option<String>,
    pub strict: bool,
    pub expand: bool,
    pub explain: bool,
    /// `--count`: never relaxed.
    pub count: bool,
    pub like: Option<String>,
}

impl From<&Args> for Asked {
    fn from(args: &Args) -> Asked {
        Asked {
            query: args.query.join(" "),
            country: args.country.clone(),
            actor: args.actor.clone(),
            source: args.source.clone(),
            lang: args.lang.clone(),
            from: args.from,
            to: args.to.clone(),
            sort: args.sort,
            limit: args.limit,
            offset: args.offset,
            facets: args.facets.clone().unwrap_or_default(),
            facet_limit: args.facet_limit,
            fields: args.fields.clone(),
            strict: args.strict,
            expand: args.expand,
            explain: args.explain,
            count: args.count,
            like: args.like.clone(),
        }
    }
}

/// A checked search: the request and how its answer is to be rendered.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub request: SearchRequest,
    /// The facet tables were asked for.
    pub tables: bool,
    pub histogram: Option<engine::Unit>,
    pub explain: bool,
    /// The keys of each hit object (`--fields`), all when `None`.
    pub fields: Option<Vec<String>>,
}

impl Prepared {
    /// Runs the search on `opened`: hits, facets, histogram, explanations, from one commit.
    pub fn answer(
        &self,
        opened: &arshif_schema::Opened,
        gazetteer: &Gazetteer,
    ) -> Result<engine::Answer, engine::SearchError> {
        engine::answer(
            opened,
            &self.request,
            gazetteer,
            self.histogram,
            self.explain,
        )
    }

    /// The `--json` document of `answer`, as one line of safe JSON (no newline).
    pub fn json(&self, answer: &engine::Answer) -> String {
        let doc = json::document(answer, self.tables, self.fields.as_deref());
        sanitize::json_line(&doc)
    }
}

/// Checks what was asked and makes the request: the one way from flags (or API parameters) and
/// arshif.toml to a search, for every front end.
pub fn prepare(asked: &Asked, config: &Config) -> Result<Prepared> {
    let (tables, main_facets, histogram) = cli::facet_views(&asked.facets)?;
    let flat = |values: &[String]| groups(values).into_iter().flatten().collect::<Vec<_>>();
    let to = asked
        .to
        .as_deref()
        .map(cli::parse_to)
        .transpose()
        .context("--to")?;
    if let (Some(from), Some(to)) = (asked.from, to) {
        if from >= to {
            bail!(
                "--from {} is after --to {}: no article can be dated in between (swap them?)",
                arshif_schema::date::display(from),
                asked.to.as_deref().unwrap_or_default()
            );
        }
    }
    if asked.like.is_some() && !asked.query.is_empty() {
        bail!("--like finds the articles like one article: give no QUERY with it (filters still apply)");
    }
    let request = SearchRequest {
        query: asked.query.clone(),
        limit: asked.limit.or(config.search.limit).unwrap_or(10),
        offset: asked.offset,
        countries: groups(&asked.country),
        actors: groups(&asked.actor),
        sources: flat(&asked.source),
        langs: flat(&asked.lang),
        from: asked.from,
        to,
        sort: asked.sort,
        facets: tables.then_some(asked.facet_limit),
        main_facets,
        snippet_chars: 200,
        strict: asked.strict || asked.count,
        expand: asked.expand,
        within_files: None,
        like: asked.like.clone(),
    };
    request.check_depth()?;
    let fields = asked
        .fields
        .as_deref()
        .map(script::parse_fields)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--fields: {e}"))?;
    Ok(Prepared {
        request,
        tables,
        histogram,
        explain: asked.explain,
        fields,
    })
}

/// The unknown name behind an error (a filter value, an article id), if that is what it is:
/// its suggestions go into the JSON error object.
pub fn unknown(e: &anyhow::Error) -> Option<&engine::Unknown> {
    use engine::{QueryError, SearchError};
    match e.downcast_ref::<SearchError>() {
        Some(SearchError::Query(QueryError::Unknown(u))) => Some(u),
        _ => match e.downcast_ref::<QueryError>() {
            Some(QueryError::Unknown(u)) => Some(u),
            _ => e.downcast_ref::<engine::Unknown>(),
        },
    }
}

/// An error as `--json` and the HTTP API give it: `{"error": "…"}`, with `"suggestions"` when a
/// name was unknown.
pub fn error_json(message: &str, unknown: Option<&engine::Unknown>) -> serde_json::Value {
    let mut error = serde_json::json!({ "error": message });
    if let Some(u) = unknown {
        error["suggestions"] = serde_json::json!(u.suggestions);
    }
    error
}

/// How text output is written: colour, bidi reordering, width.
fn display(args: &Args, config: &Config) -> Result<Display> {
    let tty = std::io::stdout().is_terminal();
    let color = match setting(args.color, config, "color", config.search.color.as_ref())? {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let bidi = setting(args.bidi, config, "bidi", config.search.bidi.as_ref())?;
    let width = args.width.unwrap_or_else(|| {
        if tty {
            terminal_size::terminal_size().map_or(100, |(w, _)| w.0 as usize)
        } else {
            0
        }
    });
    Ok(Display {
        color,
        bidi: bidi.reorders(tty, |k| std::env::var(k).ok()),
        width,
        compact: args.compact,
    })
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
