//! # Front ends: an [`Answer`](crate::engine::Answer) rendered for someone
//!
//! - [`terminal`] — text for people: hits, facet tables, histograms, wrapped, bidi, paged;
//! - [`interactive`] — the `-i` prompt, a search per line over an index kept open;
//! - [`json`] — `--json`: one JSON object;
//! - [`script`] — `--ndjson` (hits streamed one per line), `--fields`, `--count`;
//! - [`watches`] — `--save`, `--watches`, `--new`: saved searches.
//!
//! Each renders what the engine answered and asks nothing else of the index. [`run`] is what
//! `arshif-search` does with its command line: settle the settings (flags, then arshif.toml,
//! then defaults), make the request, and hand it to the front end the flags choose.

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
    let (tables, main_facets, unit) = cli::facet_views(args.facets.as_deref().unwrap_or_default())?;
    let request = request(&args, &config, tables, main_facets)?;
    request.check_depth()?;
    if let Some(name) = &args.save {
        let path = watches::save(name, &args, &config)?;
        eprintln!(
            "arshif-search: saved search {name} in {}; arshif-index (with this arshif.toml) reports what each round adds that matches it, and `arshif-search --new {name}` lists it",
            path.display()
        );
    }
    let gazetteer = Gazetteer::load(
        args.gazetteer
            .clone()
            .or_else(|| config.gazetteer.clone())
            .as_deref(),
    )?;
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
            request,
            display,
            histogram: unit,
            tables,
            pager: use_pager,
            shown: Vec::new(),
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
    if args.csv {
        return script::csv(&index, &request, &gazetteer, args.explain, fields, args.bom);
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
            bail!("--fields chooses the keys of --json and --ndjson output and the columns of --csv; add one of them");
        }
        let text = display.page(&Page {
            answer: &answer,
            tables,
        });
        pager::write(&text, use_pager)?;
    }
    Ok(found)
}

/// The search the flags (and arshif.toml) ask for.
fn request(args: &Args, config: &Config, tables: bool, main_facets: bool) -> Result<SearchRequest> {
    let flat = |values: &[String]| groups(values).into_iter().flatten().collect::<Vec<_>>();
    let to = args
        .to
        .as_deref()
        .map(cli::parse_to)
        .transpose()
        .context("--to")?;
    if let (Some(from), Some(to)) = (args.from, to) {
        if from >= to {
            bail!(
                "--from {} is after --to {}: no article can be dated in between (swap them?)",
                arshif_schema::date::display(from),
                args.to.as_deref().unwrap_or_default()
            );
        }
    }
    if args.like.is_some() && !args.query.is_empty() {
        bail!("--like finds the articles like one article: give no QUERY with it (filters still apply)");
    }
    Ok(SearchRequest {
        query: args.query.join(" "),
        limit: args.limit.or(config.search.limit).unwrap_or(10),
        offset: args.offset,
        countries: groups(&args.country),
        actors: groups(&args.actor),
        sources: flat(&args.source),
        langs: flat(&args.lang),
        from: args.from,
        to,
        sort: args.sort,
        facets: tables.then_some(args.facet_limit),
        main_facets,
        snippet_chars: 200,
        strict: args.strict || args.count,
        expand: args.expand,
        within_files: None,
        like: args.like.clone(),
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
