//! End-to-end: index `data-samples/` with the real binaries and search it.
//!
//! Expected values are computed here from the sample files themselves (an independent reading of
//! the JSON metadata), never written down by hand, so the tests stay true when samples are added.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use arshif_e2e::{hit_ids, index, repo_root, search, search_json};
use arshif_schema::Gazetteer;
use serde_json::Value;

const REAL_ARTICLE: &str = "armenia-azerbaijan-clashes.txt";

/// One sample article as the files say it is.
#[derive(Debug)]
struct Expected {
    id: String,
    countries: BTreeSet<String>,
    actors: BTreeSet<String>,
    source: Option<String>,
    date: Option<String>,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn expected_articles() -> Vec<Expected> {
    let root = repo_root().join("data-samples");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    let g = Gazetteer::builtin();
    let mut out = Vec::new();
    for path in paths {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let from_json = |id: String, v: &Value| {
            let list = |key: &str, resolve: &dyn Fn(&str) -> String| -> BTreeSet<String> {
                match &v[key] {
                    Value::Array(items) => items
                        .iter()
                        .filter_map(|i| i.as_str())
                        .map(resolve)
                        .collect(),
                    Value::String(s) => [resolve(s)].into(),
                    _ => BTreeSet::new(),
                }
            };
            Expected {
                id,
                countries: list("countries", &|c| g.country_id(c)),
                actors: list("actors", &|a| g.actor_id(a)),
                source: v["source"].as_str().map(|s| s.trim().to_string()),
                date: v["date"].as_str().map(|d| d[..10].to_string()),
            }
        };
        match ext {
            "txt" | "md" if !rel.ends_with("README.md") => out.push(Expected {
                id: rel.clone(),
                countries: BTreeSet::new(),
                actors: BTreeSet::new(),
                source: None,
                date: arshif_schema::date::from_file_name(
                    path.file_name().unwrap().to_str().unwrap(),
                )
                .map(arshif_schema::date::display),
            }),
            "json" => {
                let v: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
                out.push(from_json(rel, &v));
            }
            "jsonl" | "ndjson" => {
                for (i, line) in fs::read_to_string(&path).unwrap().lines().enumerate() {
                    if !line.trim().is_empty() {
                        let v: Value = serde_json::from_str(line).unwrap();
                        out.push(from_json(format!("{rel}#{}", i + 1), &v));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The samples, indexed once for all tests of this file.
fn sample_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let run = index(
                &repo_root().join("data-samples"),
                &dir.path().join("idx"),
                &[],
            );
            assert_eq!(
                run.status,
                Some(0),
                "indexing data-samples failed: {}",
                run.stderr
            );
            dir
        })
        .path()
        .join("idx")
        .leak()
}

fn all_ids(args: &[&str]) -> BTreeSet<String> {
    let mut full = vec!["*", "-n", "10000"];
    full.extend_from_slice(args);
    hit_ids(&search_json(sample_index(), &full))
        .into_iter()
        .collect()
}

#[test]
fn samples_are_a_real_corpus() {
    let expected = expected_articles();
    assert!(
        expected.len() >= 21,
        "data-samples must hold at least 21 articles"
    );
    assert!(expected.iter().any(|e| e.id == REAL_ARTICLE));
    let ids: BTreeSet<_> = expected.iter().map(|e| e.id.clone()).collect();
    assert_eq!(ids.len(), expected.len(), "ids are unique");
    assert_eq!(
        all_ids(&[]),
        ids,
        "every sample article is indexed, nothing else"
    );
}

#[test]
fn indexing_reports_a_summary_and_reruns_do_not_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let corpus = repo_root().join("data-samples");
    let n = expected_articles().len();
    for _ in 0..2 {
        let run = index(&corpus, &idx, &["--threads", "2"]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("indexed {n} documents")),
            "summary: {}",
            run.stderr
        );
        assert!(run.stderr.contains("skipped 0"), "{}", run.stderr);
        let total = search_json(&idx, &["*"])["total"].as_u64().unwrap();
        assert_eq!(total as usize, n);
    }
}

#[test]
fn the_real_article_is_the_top_hit_for_its_countries_in_any_spelling() {
    for query in ["أرمينيا", "ارمينيا", "أذربيجان", "أَرْمِينِيَا", "ارمـينيا"]
    {
        let ids = hit_ids(&search_json(sample_index(), &[query]));
        assert_eq!(
            ids.first().map(String::as_str),
            Some(REAL_ARTICLE),
            "query {query}: {ids:?}"
        );
    }
}

#[test]
fn phrases_match_words_in_order() {
    let ids = hit_ids(&search_json(
        sample_index(),
        &["\"ناغورنو كاراباخ\"", "-n", "100"],
    ));
    assert!(ids.contains(&REAL_ARTICLE.to_string()), "{ids:?}");
    // The same words in the other order are not the phrase.
    let reversed = hit_ids(&search_json(
        sample_index(),
        &["\"كاراباخ ناغورنو\"", "-n", "100"],
    ));
    assert!(
        !reversed.contains(&REAL_ARTICLE.to_string()),
        "{reversed:?}"
    );
}

#[test]
fn country_and_actor_filters_select_exactly_the_tagged_articles() {
    let expected = expected_articles();
    let g = Gazetteer::builtin();
    let mut by_country: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_actor: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &expected {
        for c in &e.countries {
            by_country
                .entry(c.clone())
                .or_default()
                .insert(e.id.clone());
        }
        for a in &e.actors {
            by_actor.entry(a.clone()).or_default().insert(e.id.clone());
        }
    }
    assert!(
        by_country.len() >= 5 && by_actor.len() >= 5,
        "samples exercise the facets"
    );
    for (code, ids) in &by_country {
        assert_eq!(&all_ids(&["--country", code]), ids, "--country {code}");
        // Any known name of the country selects the same set.
        if let Some(entry) = g.country(code) {
            assert_eq!(
                &all_ids(&["--country", &entry.name_ar]),
                ids,
                "--country {}",
                entry.name_ar
            );
            assert_eq!(
                &all_ids(&["--country", &entry.name_en]),
                ids,
                "--country {}",
                entry.name_en
            );
        }
    }
    for (id, ids) in &by_actor {
        assert_eq!(&all_ids(&["--actor", id]), ids, "--actor {id}");
    }

    // Comma = any of; repeated flag = all of.
    let mut codes = by_country.keys();
    let (a, b) = (codes.next().unwrap(), codes.next().unwrap());
    let union: BTreeSet<_> = by_country[a].union(&by_country[b]).cloned().collect();
    let both: BTreeSet<_> = by_country[a]
        .intersection(&by_country[b])
        .cloned()
        .collect();
    assert_eq!(all_ids(&["--country", &format!("{a},{b}")]), union);
    assert_eq!(all_ids(&["--country", a, "--country", b]), both);

    // Filters narrow a text query too.
    let text_hits: BTreeSet<_> = all_ids(&[]);
    let narrowed = all_ids(&["--country", a]);
    assert!(narrowed.len() < text_hits.len());
}

#[test]
fn source_and_date_filters() {
    let expected = expected_articles();
    let mut by_source: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in &expected {
        if let Some(s) = &e.source {
            by_source.entry(s.clone()).or_default().insert(e.id.clone());
        }
    }
    for (source, ids) in &by_source {
        assert_eq!(&all_ids(&["--source", source]), ids, "--source {source}");
    }
    let mut dates: Vec<&str> = expected.iter().filter_map(|e| e.date.as_deref()).collect();
    dates.sort();
    let mid = dates[dates.len() / 2];
    let on_or_after: BTreeSet<_> = expected
        .iter()
        .filter(|e| e.date.as_deref().is_some_and(|d| d >= mid))
        .map(|e| e.id.clone())
        .collect();
    let on_or_before: BTreeSet<_> = expected
        .iter()
        .filter(|e| e.date.as_deref().is_some_and(|d| d <= mid))
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(all_ids(&["--from", mid]), on_or_after, "--from {mid}");
    assert_eq!(all_ids(&["--to", mid]), on_or_before, "--to {mid}");

    // --sort date: newest first.
    let sorted = search_json(sample_index(), &["*", "--sort", "date", "-n", "10000"]);
    let hit_dates: Vec<&str> = sorted["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["date"].as_str())
        .collect();
    let mut check = hit_dates.clone();
    check.sort_by(|a, b| b.cmp(a));
    assert_eq!(hit_dates, check);
}

#[test]
fn facet_counts_equal_the_counts_in_the_files() {
    let expected = expected_articles();
    let result = search_json(sample_index(), &["*", "--facets", "--facet-limit", "1000"]);
    let counts = |key: &str| -> BTreeMap<String, u64> {
        result["facets"][key]
            .as_array()
            .unwrap_or_else(|| panic!("facets.{key} is an array: {result}"))
            .iter()
            .map(|v| {
                (
                    v["value"].as_str().unwrap().to_string(),
                    v["count"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let mut countries = BTreeMap::new();
    let mut actors = BTreeMap::new();
    let mut sources = BTreeMap::new();
    for e in &expected {
        for c in &e.countries {
            *countries.entry(c.clone()).or_insert(0u64) += 1;
        }
        for a in &e.actors {
            *actors.entry(a.clone()).or_insert(0u64) += 1;
        }
        if let Some(s) = &e.source {
            *sources.entry(s.clone()).or_insert(0u64) += 1;
        }
    }
    assert_eq!(counts("country"), countries);
    assert_eq!(counts("actor"), actors);
    assert_eq!(counts("source"), sources);

    // Facets count the matching set, not the whole index.
    let some_country = countries.keys().next().unwrap();
    let narrowed = search_json(
        sample_index(),
        &["*", "--country", some_country, "--facets"],
    );
    let top = &narrowed["facets"]["country"][0];
    assert_eq!(top["value"], some_country.as_str());
    assert_eq!(top["count"].as_u64(), Some(countries[some_country]));
}

#[test]
fn json_output_has_the_documented_fields() {
    let result = search_json(sample_index(), &["أرمينيا", "--facets"]);
    assert!(result["total"].as_u64().unwrap() >= 1);
    let hit = &result["hits"][0];
    for key in [
        "id",
        "title",
        "score",
        "date",
        "source",
        "url",
        "countries",
        "actors",
        "snippet",
    ] {
        assert!(hit.get(key).is_some(), "hit lacks {key}: {hit}");
    }
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["title"].as_str().unwrap().contains("أرمينيا"));
    // The highlights point at a word of the snippet that means the query word, whatever its
    // spelling, clitics or inflection there (`أرمينيا`, `لأرمينيا`, `الأرمينية`).
    let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let first = &hit["highlights"][0];
    let (s, e) = (
        first[0].as_u64().unwrap() as usize,
        first[1].as_u64().unwrap() as usize,
    );
    let word: String = snippet[s..e].iter().collect();
    assert_eq!(
        arshif_schema::analysis::terms(&word),
        arshif_schema::analysis::terms("أرمينيا")
    );
    for key in ["country", "actor", "source"] {
        assert!(result["facets"][key].is_array(), "facets.{key}");
    }
    // Without --facets there is no facets key.
    assert!(search_json(sample_index(), &["أرمينيا"])
        .get("facets")
        .is_none());
}

#[test]
fn human_output_shows_ranked_highlighted_results() {
    let plain = search(sample_index(), &["أرمينيا", "--color", "never"]);
    assert_eq!(plain.status, Some(0));
    assert!(
        plain.stdout.starts_with("  1. مقتل حوالي 100 جندي"),
        "{}",
        plain.stdout
    );
    assert!(plain.stdout.contains(REAL_ARTICLE));
    assert!(
        !plain.stdout.contains('\x1b'),
        "no colour when asked for none"
    );
    let coloured = search(sample_index(), &["أرمينيا", "--color", "always"]);
    assert!(
        coloured.stdout.contains("\x1b[1;33mأرمينيا\x1b[0m"),
        "{}",
        coloured.stdout
    );
}

#[test]
fn exit_status_tells_hits_none_and_errors_apart() {
    assert_eq!(search(sample_index(), &["أرمينيا"]).status, Some(0));
    let none = search(sample_index(), &["كلمةغيرموجودةأبدا"]);
    assert_eq!(none.status, Some(1));
    assert!(none.stdout.contains("no matching articles"));
    for bad in [vec!["\"unclosed"], vec!["   "], vec!["title:(("]] {
        let run = search(sample_index(), &bad);
        assert_eq!(run.status, Some(2), "{bad:?}");
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "one clear line: {}",
            run.stderr
        );
        assert!(
            run.stderr.starts_with("arshif-search: error:"),
            "{}",
            run.stderr
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let missing = search(&dir.path().join("nothing"), &["أرمينيا"]);
    assert_eq!(missing.status, Some(2));
    assert!(
        missing.stderr.contains("arshif-index"),
        "says how to build one: {}",
        missing.stderr
    );
}
