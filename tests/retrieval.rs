//! Choosing the stemmer by measurement: every [`StemRule`] indexes the same corpus (the sample
//! corpus plus the articles of `tests/data/retrieval/articles/`), runs the labelled queries of
//! `tests/data/retrieval/queries.tsv` as Arshif runs queries (every word required), and is
//! scored on how many of the relevant articles it finds, and how many irrelevant ones it returns.
//! Only the stemmer varies: tokenization, normalization and stopwords are Arshif's throughout.
//!
//! The test fails if the rule the index uses (`STEM_RULE`) finds fewer relevant articles than
//! any other rule. Run it with `-- --nocapture` to see the table quoted in
//! docs/arabic-analysis.md; set `ARSHIF_RETRIEVAL_DETAILS=1` to also see, per rule and query,
//! the relevant articles missed and the others returned.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use arshif_analysis::{StemRule, STEM_RULE};
use arshif_e2e::repo_root;
use arshif_schema::analyzers::analyzer;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{doc, Index, TantivyDocument};

/// One article: its id as `arshif-index` gives it, and its text.
struct Article {
    id: String,
    title: String,
    body: String,
}

fn from_json(id: String, value: &serde_json::Value) -> Article {
    let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
    Article {
        id,
        title: text("title"),
        body: ["body", "text", "content"]
            .iter()
            .map(|k| text(k))
            .find(|t| !t.is_empty())
            .unwrap_or_default(),
    }
}

/// Reads the articles under `root` the way the README says `arshif-index` does (first line of a
/// `.txt`/`.md` file is the title; `.json` an object or an array; `.jsonl`/`.ndjson` one object per
/// line; ids are relative paths, plus `#N`). Self-contained, so that this measurement does not
/// depend on the indexer's internal API.
fn articles(root: &Path, prefix: &str) -> Vec<Article> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let id = format!("{prefix}{rel}");
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
            continue;
        };
        if rel.ends_with("README.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8 article");
        match ext {
            "txt" | "md" => {
                let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
                let title = lines.next().unwrap_or_default().trim().to_string();
                let body = lines.collect::<Vec<_>>().join("\n");
                out.push(Article { id, title, body });
            }
            "json" => match serde_json::from_str(&text).expect("JSON article") {
                serde_json::Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        out.push(from_json(format!("{id}#{}", i + 1), item));
                    }
                }
                object => out.push(from_json(id, &object)),
            },
            "jsonl" | "ndjson" => {
                for (i, line) in text.lines().enumerate() {
                    if !line.trim().is_empty() {
                        let value = serde_json::from_str(line).expect("JSON line");
                        out.push(from_json(format!("{id}#{}", i + 1), &value));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

struct Query {
    text: String,
    relevant: BTreeSet<String>,
}

fn queries() -> Vec<Query> {
    let path = repo_root().join("tests/data/retrieval/queries.tsv");
    let tsv = std::fs::read_to_string(&path).expect("queries.tsv");
    tsv.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            Query {
                text: cols[0].to_string(),
                relevant: cols[2].split_whitespace().map(String::from).collect(),
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    relevant: usize,
    found: usize,
    false_hits: usize,
    perfect_queries: usize,
}

fn evaluate(rule: StemRule, docs: &[Article], queries: &[Query]) -> Score {
    let mut builder = Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let text = builder.add_text_field(
        "text",
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer("under_test")),
    );
    let index = Index::create_in_ram(builder.build());
    index.tokenizers().register("under_test", analyzer(rule));
    let mut writer = index.writer(15_000_000).unwrap();
    for article in docs {
        let body = format!("{}\n{}", article.title, article.body);
        writer
            .add_document(doc!(id => article.id.clone(), text => body))
            .unwrap();
    }
    writer.commit().unwrap();
    let searcher = index.reader().unwrap().searcher();
    let mut parser = QueryParser::for_index(&index, vec![text]);
    parser.set_conjunction_by_default();
    let mut score = Score::default();
    for query in queries {
        let parsed = parser.parse_query(&query.text).unwrap();
        let hits = searcher
            .search(&parsed, &TopDocs::with_limit(1000).order_by_score())
            .unwrap();
        let ids: BTreeSet<String> = hits
            .into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).unwrap();
                doc.get_first(id)
                    .and_then(|v| tantivy::schema::Value::as_str(&v))
                    .unwrap()
                    .to_string()
            })
            .collect();
        let found = ids.intersection(&query.relevant).count();
        if std::env::var_os("ARSHIF_RETRIEVAL_DETAILS").is_some() {
            let missed: Vec<&String> = query.relevant.difference(&ids).collect();
            let extra: Vec<&String> = ids.difference(&query.relevant).collect();
            println!(
                "{rule:?}\t{}\tmissed {missed:?}\textra {extra:?}",
                query.text
            );
        }
        score.relevant += query.relevant.len();
        score.found += found;
        score.false_hits += ids.len() - found;
        score.perfect_queries += usize::from(found == query.relevant.len());
    }
    score
}

#[test]
fn the_index_stemmer_finds_the_most_relevant_articles() {
    let root = repo_root();
    let mut docs = articles(&root.join("data-samples"), "");
    docs.extend(articles(
        &root.join("tests/data/retrieval/articles"),
        "written/",
    ));
    let queries = queries();
    let ids: BTreeSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    for query in &queries {
        for id in &query.relevant {
            assert!(
                ids.contains(id.as_str()),
                "{}: unknown document {id}",
                query.text
            );
        }
    }
    let rules = [
        StemRule::None,
        StemRule::Light10,
        StemRule::Snowball,
        StemRule::ArshifSnowball,
        StemRule::Arshif,
    ];
    let scores: HashMap<String, Score> = rules
        .iter()
        .map(|&rule| (format!("{rule:?}"), evaluate(rule, &docs, &queries)))
        .collect();
    println!(
        "{} documents, {} queries\n\n| stemmer | relevant found | recall | false hits | precision | queries with every relevant article |\n|---|---|---|---|---|---|",
        docs.len(),
        queries.len()
    );
    for rule in rules {
        let s = scores[&format!("{rule:?}")];
        println!(
            "| {rule:?} | {} / {} | {:.1}% | {} | {:.1}% | {} / {} |",
            s.found,
            s.relevant,
            100.0 * s.found as f64 / s.relevant as f64,
            s.false_hits,
            100.0 * s.found as f64 / (s.found + s.false_hits).max(1) as f64,
            s.perfect_queries,
            queries.len()
        );
    }
    let chosen = scores[&format!("{STEM_RULE:?}")];
    for rule in rules {
        let other = scores[&format!("{rule:?}")];
        assert!(
            chosen.found >= other.found,
            "{STEM_RULE:?} finds {} relevant articles, {rule:?} finds {}",
            chosen.found,
            other.found
        );
    }
}
