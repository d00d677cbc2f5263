//! The plain-tantivy peer: the benchmark's JSONL articles with tantivy's default tokenizer, no
//! Arabic analysis, no exact view, no extraction (countries and actors come from the corpus's
//! `bench_countries`/`bench_actors`), same writer threads and memory as `arshif-index`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rayon::prelude::*;
use serde::Deserialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    DateOptions, DateTimePrecision, Facet, FacetOptions, IndexRecordOption, Schema, STORED, STRING,
    TEXT,
};
use tantivy::{DateTime, Index, IndexWriter, TantivyDocument, Term};

use crate::mix::{time_all, Query as MixQuery};

#[derive(Deserialize)]
struct Raw {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    bench_countries: Vec<String>,
    #[serde(default)]
    bench_actors: Vec<String>,
}

/// The plain schema; `views` > 1 adds `title_N`/`body_N` (N = 2, …), indexed with the same
/// tokenizer and not stored: tantivy's own cost of indexing each word more than once, as
/// Arshif's exact view does, without any of Arshif's analysis (the floor under it).
fn schema(views: usize) -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("title", TEXT | STORED);
    b.add_text_field("body", TEXT | STORED);
    for n in 2..=views {
        b.add_text_field(&format!("title_{n}"), TEXT);
        b.add_text_field(&format!("body_{n}"), TEXT);
    }
    b.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    b.add_text_field("url", STORED);
    b.add_text_field("source", STRING | STORED | tantivy::schema::FAST);
    b.add_facet_field("countries", FacetOptions::default().set_stored());
    b.add_facet_field("actors", FacetOptions::default().set_stored());
    b.build()
}

fn jsonl_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

fn date(s: &str) -> Option<DateTime> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let d = time::Date::parse(s, &format).ok()?;
    Some(DateTime::from_utc(d.midnight().assume_utc()))
}

/// Indexes every JSONL file under `corpus`, one file per parsing task (as `arshif-index` does),
/// commits, waits for merges (none when `merges` is false), and prints `docs bytes seconds`.
/// `views`: see [`schema`].
pub fn index(
    index: &Path,
    corpus: &Path,
    threads: usize,
    memory: usize,
    views: usize,
    merges: bool,
) -> Result<()> {
    let started = Instant::now();
    if index.exists() {
        std::fs::remove_dir_all(index)?;
    }
    std::fs::create_dir_all(index)?;
    let schema = schema(views);
    let f = |n: &str| schema.get_field(n);
    let copies = (2..=views)
        .map(|n| Ok((f(&format!("title_{n}"))?, f(&format!("body_{n}"))?)))
        .collect::<Result<Vec<_>>>()?;
    let (id, title, body, date_f, url, source, countries, actors) = (
        f("id")?,
        f("title")?,
        f("body")?,
        f("date")?,
        f("url")?,
        f("source")?,
        f("countries")?,
        f("actors")?,
    );
    let tindex = Index::create_in_dir(index, schema.clone())?;
    let mut writer: IndexWriter<TantivyDocument> =
        tindex.writer_with_num_threads(threads.min(8), memory)?;
    if !merges {
        writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    }
    let files = jsonl_files(corpus)?;
    let (docs, bytes) = (AtomicU64::new(0), AtomicU64::new(0));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    pool.install(|| {
        files.par_iter().try_for_each(|path| -> Result<()> {
            let text = std::fs::read_to_string(path)?;
            bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let raw: Raw = serde_json::from_str(line)
                    .with_context(|| format!("bad line in {}", path.display()))?;
                let mut doc = TantivyDocument::default();
                doc.add_text(id, &raw.id);
                doc.add_text(title, &raw.title);
                doc.add_text(body, &raw.body);
                for &(title_n, body_n) in &copies {
                    doc.add_text(title_n, &raw.title);
                    doc.add_text(body_n, &raw.body);
                }
                if let Some(d) = date(&raw.date) {
                    doc.add_date(date_f, d);
                }
                doc.add_text(url, &raw.url);
                doc.add_text(source, &raw.source);
                for c in &raw.bench_countries {
                    doc.add_facet(countries, Facet::from_path(["country", c.as_str()]));
                }
                for a in &raw.bench_actors {
                    doc.add_facet(actors, Facet::from_path(["actor", a.as_str()]));
                }
                writer.add_document(doc)?;
                docs.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
    })?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    println!(
        "{} {} {:.3}",
        docs.into_inner(),
        bytes.into_inner(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The mix against the plain index: top 10 by BM25 (title boosted ×2 like Arshif), stored
/// documents read, no snippets; filters as non-scoring clauses; facet counts with
/// `FacetCollector` over all matches, like Arshif.
pub fn run_queries(index: &Path, mix: &[MixQuery], rounds: usize) -> Result<Vec<Vec<Duration>>> {
    let tindex = Index::open_in_dir(index)?;
    let schema = tindex.schema();
    let title = schema.get_field("title")?;
    let body = schema.get_field("body")?;
    let countries = schema.get_field("countries")?;
    let actors = schema.get_field("actors")?;
    let date = schema.get_field("date")?;
    // A filter: must match, adds nothing to the score (as in Arshif's query builder).
    let filter = |q: Box<dyn Query>| {
        (
            Occur::Must,
            Box::new(ConstScoreQuery::new(q, 0.0)) as Box<dyn Query>,
        )
    };
    let mut parser = QueryParser::for_index(&tindex, vec![title, body]);
    parser.set_field_boost(title, 2.0);
    parser.set_conjunction_by_default();
    let reader = tindex.reader()?;
    time_all(mix, rounds, |q| {
        let searcher = reader.searcher();
        let text = parser.parse_query(&q.text)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        let facet_term = |field, path: [&str; 2]| {
            Box::new(TermQuery::new(
                Term::from_facet(field, &Facet::from_path(path)),
                IndexRecordOption::Basic,
            )) as Box<dyn Query>
        };
        if let Some(c) = &q.country {
            clauses.push(filter(facet_term(countries, ["country", c.as_str()])));
        }
        if let Some(a) = &q.actor {
            clauses.push(filter(facet_term(actors, ["actor", a.as_str()])));
        }
        if q.from.is_some() || q.to.is_some() {
            use std::ops::Bound;
            let term = |t: time::OffsetDateTime| Term::from_field_date(date, DateTime::from_utc(t));
            let lo = q
                .from
                .map_or(Bound::Unbounded, |t| Bound::Included(term(t)));
            let hi = q.to.map_or(Bound::Unbounded, |t| Bound::Excluded(term(t)));
            clauses.push(filter(Box::new(RangeQuery::new(lo, hi))));
        }
        let query = BooleanQuery::new(clauses);
        let (total, top) =
            searcher.search(&query, &(Count, TopDocs::with_limit(10).order_by_score()))?;
        for (_, address) in top {
            let _doc: TantivyDocument = searcher.doc(address)?;
        }
        if q.facets {
            let mut c = FacetCollector::for_field("countries");
            c.add_facet("/country");
            let mut a = FacetCollector::for_field("actors");
            a.add_facet("/actor");
            let (cc, ac) = searcher.search(&query, &(c, a))?;
            let _ = (cc.top_k("/country", 10), ac.top_k("/actor", 10));
        }
        Ok(total)
    })
}
