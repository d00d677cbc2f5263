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

use arshif_e2e::repo_root;
use arshif_index::corpus;
use arshif_index::parse::parse_file;
use arshif_schema::analysis::{analyzer, StemRule, STEM_RULE};
use arshif_schema::{Article, Gazetteer};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::{doc, Index, TantivyDocument};

fn articles(root: &Path, prefix: &str) -> Vec<Article> {
    let walk = corpus::walk(root, None);
    assert!(walk.errors.is_empty(), "{:?}", walk.errors);
    let mut out = Vec::new();
    for file in &walk.files {
        let parsed = parse_file(file, u64::MAX, Gazetteer::builtin());
        assert!(parsed.skipped.is_empty(), "{:?}", parsed.skipped);
        for mut article in parsed.articles {
            article.id = format!("{prefix}{}", article.id);
            out.push(article);
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
