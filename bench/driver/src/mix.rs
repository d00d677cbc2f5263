//! The query mix: loading it, running it against Arshif, and summarising latencies.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use arshif_search::{SearchRequest, Sort};
use tantivy::collector::{Count, TopDocs};
use tantivy::TantivyDocument;
use time::{Date, OffsetDateTime};

/// One row of the mix (`bench/corpus.py queries`).
#[derive(Clone)]
pub struct Query {
    pub class: String,
    pub text: String,
    pub country: Option<String>,
    pub actor: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub facets: bool,
}

fn day(s: &str) -> Result<Option<OffsetDateTime>> {
    if s.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let date = Date::parse(s, &format).with_context(|| format!("bad date {s}"))?;
    Ok(Some(date.midnight().assume_utc()))
}

pub fn load(path: &Path) -> Result<Vec<Query>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            anyhow::ensure!(c.len() == 7, "bad query line: {line}");
            Ok(Query {
                class: c[0].to_string(),
                text: c[1].to_string(),
                country: opt(c[2]),
                actor: opt(c[3]),
                from: day(c[4])?,
                to: day(c[5])?,
                facets: c[6] == "1",
            })
        })
        .collect()
}

/// Times `run` on every query: one untimed pass, then `rounds` timed passes. Returns one list of
/// durations per query. `run` returns the number of matches, printed once per query to stderr
/// so that a run can be checked (an empty result would make a latency meaningless).
pub fn time_all(
    mix: &[Query],
    rounds: usize,
    mut run: impl FnMut(&Query) -> Result<usize>,
) -> Result<Vec<Vec<Duration>>> {
    let mut zero = 0;
    for q in mix {
        if run(q)? == 0 {
            zero += 1;
        }
    }
    eprintln!("{zero} of {} queries match nothing", mix.len());
    let mut times = vec![Vec::with_capacity(rounds); mix.len()];
    for _ in 0..rounds {
        for (i, q) in mix.iter().enumerate() {
            let start = Instant::now();
            run(q)?;
            times[i].push(start.elapsed());
        }
    }
    Ok(times)
}

fn request(q: &Query) -> SearchRequest {
    SearchRequest {
        query: q.text.clone(),
        limit: 10,
        offset: 0,
        countries: q.country.iter().map(|c| vec![c.clone()]).collect(),
        actors: q.actor.iter().map(|a| vec![a.clone()]).collect(),
        sources: Vec::new(),
        langs: Vec::new(),
        from: q.from,
        to: q.to,
        sort: Sort::Relevance,
        facets: q.facets.then_some(10),
        main_facets: false,
        snippet_chars: 200,
        // As `arshif-search` runs a query by default: relaxed when no article has every word.
        strict: false,
        expand: false,
        within_files: None,
        like: None,
    }
}

/// The mix through `arshif_search::search`: what `arshif-search` does for one query (a reader
/// opened, top 10 read and highlighted with snippets from both views, facets when asked).
pub fn run_arshif(index: &Path, mix: &[Query], rounds: usize) -> Result<Vec<Vec<Duration>>> {
    let opened = arshif_search::engine::open(index).context("open the Arshif index")?;
    let gazetteer = arshif_entities::Gazetteer::load(None)?;
    time_all(mix, rounds, |q| {
        let results = arshif_search::search(&opened, &request(q), &gazetteer)?;
        Ok(results.total)
    })
}

/// The mix on an Arshif index doing the peers' work: Arshif's query (analysis, both views,
/// filters) on a reader opened once, the total, the top 10 by BM25 with their stored documents,
/// facet counts when asked (`arshif_search::engine::facet_counts`) — no snippets.
pub fn run_arshif_core(index: &Path, mix: &[Query], rounds: usize) -> Result<Vec<Vec<Duration>>> {
    let opened = arshif_search::engine::open(index).context("open the Arshif index")?;
    let gazetteer = arshif_entities::Gazetteer::load(None)?;
    let reader: tantivy::IndexReader = opened.index.reader()?;
    time_all(mix, rounds, |q| {
        let searcher = reader.searcher();
        let built =
            arshif_search::engine::build(&searcher, &opened.fields, &request(q), &gazetteer)?;
        let top = TopDocs::with_limit(10).order_by_score();
        let (total, docs) = searcher.search(&*built.full, &(Count, top))?;
        for (_, address) in docs {
            let _doc: TantivyDocument = searcher.doc(address)?;
        }
        if q.facets {
            arshif_search::engine::facet_counts(&searcher, &*built.full, 10, false, &gazetteer)?;
        }
        Ok(total)
    })
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Prints `group  n  p50  p95  p99` (milliseconds) for each class, each group of classes and all.
pub fn report(mix: &[Query], times: &[Vec<Duration>]) {
    let groups: [(&str, &[&str]); 7] = [
        ("term", &["term_high", "term_mid", "term_low"]),
        ("and", &["and2", "and3"]),
        ("or", &["or2"]),
        ("phrase", &["phrase"]),
        ("filter", &["filter_country", "filter_actor", "filter_date"]),
        ("facets", &["facets_high", "facets_mid"]),
        ("all", &[]),
    ];
    let mut classes: Vec<&str> = mix.iter().map(|q| q.class.as_str()).collect();
    classes.dedup();
    classes.sort_unstable();
    classes.dedup();
    let rows = classes
        .iter()
        .map(|c| (*c, vec![*c]))
        .chain(groups.iter().map(|(g, cs)| (*g, cs.to_vec())));
    println!("class\tn\tp50_ms\tp95_ms\tp99_ms");
    for (name, members) in rows {
        let mut all: Vec<Duration> = mix
            .iter()
            .zip(times)
            .filter(|(q, _)| members.is_empty() || members.contains(&q.class.as_str()))
            .flat_map(|(_, t)| t.iter().copied())
            .collect();
        if all.is_empty() {
            continue;
        }
        all.sort_unstable();
        println!(
            "{name}\t{}\t{:.3}\t{:.3}\t{:.3}",
            all.len(),
            percentile(&all, 0.50),
            percentile(&all, 0.95),
            percentile(&all, 0.99)
        );
    }
}

/// Prints to stderr the `n` queries with the highest median latency: `median_ms  class  query`.
pub fn report_slowest(mix: &[Query], times: &[Vec<Duration>], n: usize) {
    let mut medians: Vec<(f64, &Query)> = mix
        .iter()
        .zip(times)
        .filter(|(_, t)| !t.is_empty())
        .map(|(q, t)| {
            let mut t = t.clone();
            t.sort_unstable();
            (percentile(&t, 0.5), q)
        })
        .collect();
    medians.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in medians.into_iter().take(n) {
        eprintln!("{ms:.3}\t{}\t{}", q.class, q.text);
    }
}
