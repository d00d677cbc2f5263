//! The invariants the fuzz targets (`fuzz/`) check, shared with the regression test that replays
//! their findings and seeds in the normal test run (`tests/fuzz_regressions.rs`).
//! Each returns `Err(what broke)`; a panic inside is a finding too.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arshif_analysis::normalize;
use arshif_entities::Gazetteer;
use arshif_index::corpus::Format;
use arshif_schema::analyzers::arabic_analyzer;
use arshif_schema::Article;

/// Any string through the Arabic analyzer: every token has a non-empty text, offsets in bounds,
/// on char boundaries and increasing; normalization is idempotent on the text and on each term.
pub fn analyzer(text: &str) -> Result<(), String> {
    let once = normalize(text);
    if normalize(&once) != once {
        return Err(format!("normalize is not idempotent on {text:?}"));
    }
    let mut analyzer = arabic_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut last_from = 0;
    while stream.advance() {
        let t = stream.token();
        if t.text.is_empty() {
            return Err(format!("empty token in {text:?}"));
        }
        if t.offset_from > t.offset_to || t.offset_to > text.len() {
            return Err(format!(
                "offsets {}..{} outside {} bytes",
                t.offset_from,
                t.offset_to,
                text.len()
            ));
        }
        if !text.is_char_boundary(t.offset_from) || !text.is_char_boundary(t.offset_to) {
            return Err(format!(
                "offsets {}..{} not on char boundaries",
                t.offset_from, t.offset_to
            ));
        }
        if t.offset_from < last_from {
            return Err("token offsets go backwards".into());
        }
        last_from = t.offset_from;
        if normalize(&t.text) != t.text {
            return Err(format!("term {:?} is not normal", t.text));
        }
    }
    Ok(())
}

/// Any bytes as each article format: parsing never panics, and every article it yields has a
/// title or a body and an id rooted at the file.
pub fn parse_document(bytes: &[u8]) -> Result<(), String> {
    for (rel, format) in [
        ("f.txt", Format::Text),
        ("f.json", Format::Json),
        ("f.jsonl", Format::JsonLines),
    ] {
        let parsed =
            arshif_index::parse::parse_bytes(rel, rel, format, bytes, Gazetteer::builtin());
        for a in &parsed.articles {
            if a.title.is_empty() && a.body.is_empty() {
                return Err(format!("{rel}: an article with neither title nor body"));
            }
            if !a.id.starts_with(rel) {
                return Err(format!("{rel}: id {:?} not rooted at the file", a.id));
            }
        }
        if parsed.articles.is_empty() && parsed.skipped.is_empty() && format == Format::Text {
            return Err(format!("{rel}: neither an article nor a reason"));
        }
    }
    Ok(())
}

/// A small index to run fuzzed queries against, made once per process.
fn query_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("arshif-fuzz-index-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let opened = arshif_schema::create_or_open(&dir, false).expect("create the fuzz index");
        let mut writer: tantivy::IndexWriter = opened.index.writer(15_000_000).expect("writer");
        let articles = [
            (
                "اشتباكات بين أرمينيا وأذربيجان",
                "قالت أرمينيا إن 49 من جنودها قتلوا في ناغورنو كاراباخ",
                &["AM", "AZ"][..],
            ),
            (
                "قمة في الرياض",
                "اجتمع القادة في الرياض لبحث أسعار النفط مع أوبك",
                &["SA"][..],
            ),
            (
                "Talks in Geneva",
                "Diplomats met in Geneva on Tuesday (CSTO, UN) 2024-05-01",
                &["CH"][..],
            ),
        ];
        for (i, (title, body, countries)) in articles.iter().enumerate() {
            let article = Article {
                id: format!("{i}.txt"),
                title: title.to_string(),
                body: body.to_string(),
                date: arshif_schema::date::parse(&format!("202{i}-01-0{}", i + 1)).ok(),
                source: Some(["الجزيرة", "رويترز", "Reuters"][i].to_string()),
                countries: countries.iter().map(|c| c.to_string()).collect(),
                ..Article::default()
            };
            writer
                .add_document(article.to_document(&opened.fields))
                .expect("add");
        }
        writer.commit().expect("commit");
        dir
    })
}

/// Any string as a query (with facets and a filter, sorted both ways): results or a clean
/// error, never a panic; results are consistent (no more hits than the total, ranks in order).
pub fn query(text: &str) -> Result<(), String> {
    use arshif_search::{open_and_search, SearchError, SearchRequest, Sort};
    for sort in [Sort::Relevance, Sort::Date] {
        let request = SearchRequest {
            query: text.to_string(),
            limit: 5,
            facets: Some(5),
            snippet_chars: 80,
            sort,
            countries: if sort == Sort::Date {
                vec![vec!["AM".into(), "Saudi Arabia".into()]]
            } else {
                vec![]
            },
            ..SearchRequest::default()
        };
        match open_and_search(query_index(), &request, Gazetteer::builtin()) {
            Ok(results) => {
                if results.hits.len() > results.total {
                    return Err(format!(
                        "{} hits but total {}",
                        results.hits.len(),
                        results.total
                    ));
                }
                if results
                    .hits
                    .iter()
                    .enumerate()
                    .any(|(i, h)| h.rank != i + 1)
                {
                    return Err("ranks out of order".into());
                }
                for hit in &results.hits {
                    for r in &hit.snippet.ranges {
                        if hit.snippet.text.get(r.clone()).is_none() {
                            return Err(format!("highlight {r:?} is not a slice of the snippet"));
                        }
                    }
                }
            }
            Err(SearchError::Query(_)) => {}
            Err(e) => return Err(format!("not a query error: {e:#}")),
        }
    }
    Ok(())
}
