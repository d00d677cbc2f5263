//! # Front ends: an [`Answer`](crate::engine::Answer) rendered for someone
//!
//! - [`terminal`] — text for people: hits, facet tables, histograms, wrapped, bidi, paged;
//! - [`interactive`] — the `-i` prompt, a search per line over an index kept open;
//! - [`json`] — `--json`: one JSON object;
//! - [`script`] — `--ndjson` (hits streamed one per line), `--fields`, `--count`.
//!
//! Each renders what the engine answered and asks nothing else of the index. [`run`] is what
//! `arshif-search` does with its command line: settle the settings (flags, then arshif.toml,
//! then defaults), make the request, and hand it to the front end the flags choose.

pub mod interactive;
pub mod json;
pub mod script;
pub mod terminal;

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
    let (tables, main_facets, unit) = cli::facet_views(args.facets.as_deref().unwrap_or_default())?;
    let request = request(&args, &config, tables, main_facets)?;
    request.check_depth()?;
    let gazetteer = Gazetteer::load(
        args.gazetteer
            .clone()
            .or_else(|| config.gazetteer.clone())
            .as_deref(),
    )?;
    let display = display(&args, &config)?;

    if args.interactive {
        let opened = engine::open(&index)?;
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

    let fields = args
        .fields
        .as_deref()
        .map(script::parse_fields)
        .transpose()
        .map_err(|e| anyhow::anyhow!("--fields: {e}"))?;
    let fields = fields.as_deref();
    if args.ndjson {
        return script::ndjson(&index, &request, &gazetteer, args.explain, fields);
    }
    let answer = engine::with_index(&index, |opened| {
        engine::answer(opened, &request, &gazetteer, unit, args.explain)
    })?;
    let found = answer.total > 0;

    if args.count {
        pager::write(&format!("{}\n", answer.total), false)?;
    } else if args.json {
        let doc = json::document(&answer, tables, fields);
        pager::write(&format!("{}\n", sanitize::json_line(&doc)), false)?;
    } else {
        if fields.is_some() {
            bail!("--fields chooses the keys of --json and --ndjson output; add one of them");
        }
        let text = display.page(&Page {
            answer: &answer,
            tables,
        });
        let use_pager = !args.no_pager && config.search.pager.unwrap_or(true);
        pager::write(&text, use_pager)?;
    }
    Ok(found)
}

/// The search the flags (and arshif.toml) ask for.
fn request(args: &Args, config: &Config, tables: bool, main_facets: bool) -> Result<SearchRequest> {
    let flat = |values: &[String]| groups(values).into_iter().flatten().collect::<Vec<_>>();
    Ok(SearchRequest {
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
            .map(cli::parse_to)
            .transpose()
            .context("--to")?,
        sort: args.sort,
        facets: tables.then_some(args.facet_limit),
        main_facets,
        snippet_chars: 200,
        strict: args.strict || args.count,
        expand: args.expand,
    })
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
