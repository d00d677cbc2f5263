//! End-to-end: index `data-samples/` with the real binaries and search it.
//!
//! Expected values are computed here from the sample files themselves (an independent reading of
//! the JSON metadata) and from the human labels of what each article's text names
//! (`eval/entities/labels.tsv`), so the tests stay true when samples are added. Every article's
//! facets must keep its metadata and add only what a person labelled: extraction may miss a
//! labelled entity (its recall is measured by `tests/entity_eval.rs` and here, overall),
//! but it may never invent one.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use arshif_e2e::{entity_labels, hit_ids, index, repo_root, sample_index, search, search_json};
use arshif_entities::Gazetteer;
use serde_json::Value;

const REAL_ARTICLE: &str = "armenia-azerbaijan-clashes.txt";

/// One sample article as the files say it is.
#[derive(Debug)]
struct Expected {
    id: String,
    /// From the JSON metadata: always in the index.
    countries: BTreeSet<String>,
    actors: BTreeSet<String>,
    /// From the labels: what the text names; the index may add these and nothing else.
    labelled_countries: BTreeSet<String>,
    labelled_actors: BTreeSet<String>,
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
    let labels = entity_labels();
    let labelled = |id: &str| {
        labels
            .get(&format!("data-samples/{id}"))
            .cloned()
            .unwrap_or_else(|| panic!("data-samples/{id} has no line in eval/entities/labels.tsv"))
    };
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
            let (labelled_countries, labelled_actors) = labelled(&id);
            Expected {
                id,
                countries: list("countries", &|c| g.country_id(c)),
                actors: list("actors", &|a| g.actor_id(a)),
                labelled_countries,
                labelled_actors,
                source: v["source"].as_str().map(|s| s.trim().to_string()),
                date: v["date"].as_str().map(|d| d[..10].to_string()),
            }
        };
        match ext {
            "txt" | "md" if !rel.ends_with("README.md") => out.push(Expected {
                id: rel.clone(),
                countries: BTreeSet::new(),
                actors: BTreeSet::new(),
                labelled_countries: labelled(&rel).0,
                labelled_actors: labelled(&rel).1,
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
    let first = index(&corpus, &idx, &["--threads", "2"]);
    assert_eq!(first.status, Some(0), "{}", first.stderr);
    first.says(&format!(
        "{n} added, 0 updated, 0 deleted, 0 unchanged documents; skipped 0"
    ));
    let again = index(&corpus, &idx, &["--threads", "2"]);
    assert_eq!(again.status, Some(0), "{}", again.stderr);
    assert!(
        again.stderr.contains(&format!(
            "nothing changed ({n} documents unchanged); no commit"
        )),
        "summary: {}",
        again.stderr
    );
    let total = search_json(&idx, &["*"])["total"].as_u64().unwrap();
    assert_eq!(total as usize, n);
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

/// The countries and actors stored with each indexed article (as `--json` reports them).
fn indexed_facets() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let result = search_json(sample_index(), &["*", "-n", "10000"]);
    let strings = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    result["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["id"].as_str().unwrap().to_string(),
                (strings(&h["countries"]), strings(&h["actors"])),
            )
        })
        .collect()
}

#[test]
fn facets_keep_the_metadata_and_add_only_what_the_text_names() {
    let indexed = indexed_facets();
    let (mut found, mut labelled) = ([0usize; 2], [0usize; 2]);
    for e in expected_articles() {
        let (countries, actors) = &indexed[&e.id];
        for (what, got, metadata, labels, i) in [
            (
                "countries",
                countries,
                &e.countries,
                &e.labelled_countries,
                0,
            ),
            ("actors", actors, &e.actors, &e.labelled_actors, 1),
        ] {
            assert!(
                got.is_superset(metadata),
                "{}: {what} {got:?} lost metadata {metadata:?}",
                e.id
            );
            let allowed: BTreeSet<_> = metadata.union(labels).cloned().collect();
            let invented: Vec<_> = got.difference(&allowed).collect();
            assert!(
                invented.is_empty(),
                "{}: {what} invented {invented:?}",
                e.id
            );
            found[i] += got.intersection(labels).count();
            labelled[i] += labels.len();
        }
    }
    // Extraction finds most of what a person labelled (recall; docs/entities.md has the figures).
    for (i, what) in ["countries", "actors"].iter().enumerate() {
        let recall = found[i] as f64 / labelled[i] as f64;
        assert!(recall >= 0.9, "{what}: recall {recall:.3} on data-samples");
    }
}

#[test]
fn the_real_article_carries_exactly_the_countries_and_actors_it_is_about() {
    let indexed = indexed_facets();
    let (countries, actors) = &indexed[REAL_ARTICLE];
    let expected_countries: BTreeSet<String> = ["AM", "AZ", "RU", "UA", "US", "TR", "FR"]
        .map(String::from)
        .into();
    assert_eq!(countries, &expected_countries);
    let people = [
        "nikol-pashinyan",
        "ilham-aliyev",
        "antony-blinken",
        "emmanuel-macron",
        "charles-michel",
        "mevlut-cavusoglu",
        "jeyhun-bayramov",
    ];
    let orgs = ["csto", "un-security-council", "european-council"];
    let expected_actors: BTreeSet<String> =
        people.iter().chain(&orgs).map(|s| s.to_string()).collect();
    assert_eq!(actors, &expected_actors);
    // Each one is a facet of the right kind, and selects the article.
    let result = search_json(sample_index(), &["*", "--facets", "--facet-limit", "1000"]);
    let kinds: BTreeMap<String, String> = result["facets"]["actor"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["value"].as_str().unwrap().to_string(),
                f["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for p in people {
        assert_eq!(kinds[p], "person", "{p}");
        assert!(all_ids(&["--actor", p]).contains(REAL_ARTICLE), "{p}");
    }
    for o in orgs {
        assert_eq!(kinds[o], "org", "{o}");
        assert!(all_ids(&["--actor", o]).contains(REAL_ARTICLE), "{o}");
    }
    for c in &expected_countries {
        assert!(all_ids(&["--country", c]).contains(REAL_ARTICLE), "{c}");
    }
}

#[test]
fn a_country_filter_matches_across_languages() {
    // An English article saying "Argentina" and an Arabic one saying "الأرجنتين" share /country/AR.
    let ids = all_ids(&["--country", "الأرجنتين"]);
    assert!(ids.contains("wire-2022.jsonl#4"), "{ids:?}");
    assert!(
        ids.contains("morocco-spain-portugal-world-cup-2030.txt"),
        "{ids:?}"
    );
    assert_eq!(all_ids(&["--country", "argentina"]), ids);
    // Names are normalized: no hamza, and a surname alone for a known person.
    assert_eq!(
        all_ids(&["--country", "ارمينيا"]),
        all_ids(&["--country", "AM"])
    );
    assert_eq!(
        all_ids(&["--actor", "باشينيان"]),
        all_ids(&["--actor", "nikol-pashinyan"])
    );
}

#[test]
fn country_and_actor_filters_select_exactly_the_tagged_articles() {
    let g = Gazetteer::builtin();
    let mut by_country: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut by_actor: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // What each article carries is checked against the files above; here the filters must select
    // exactly the articles that carry a value.
    for (id, (countries, actors)) in indexed_facets() {
        for c in countries {
            by_country.entry(c).or_default().insert(id.clone());
        }
        for a in actors {
            by_actor.entry(a).or_default().insert(id.clone());
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
fn facet_counts_equal_the_counts_of_what_articles_carry() {
    let expected = expected_articles();
    let indexed = indexed_facets();
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
        let (article_countries, article_actors) = &indexed[&e.id];
        for c in article_countries {
            *countries.entry(c.clone()).or_insert(0u64) += 1;
        }
        for a in article_actors {
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
fn main_countries_are_a_prefix_and_main_facets_count_them() {
    let strings = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    let result = search_json(sample_index(), &["*", "-n", "10000"]);
    let mut main_counts: BTreeMap<String, u64> = BTreeMap::new();
    for hit in result["hits"].as_array().unwrap() {
        let all = strings(&hit["countries"]);
        let listed: Vec<String> = hit["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let main: Vec<String> = hit["main_countries"]
            .as_array()
            .unwrap_or_else(|| panic!("main_countries in {hit}"))
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        // The main ones are the most prominent: they come first, and every article that names
        // a country has at least one.
        assert_eq!(listed[..main.len()], main[..], "{hit}");
        assert!(main.iter().all(|c| all.contains(c)));
        assert_eq!(all.is_empty(), main.is_empty(), "{hit}");
        for c in main {
            *main_counts.entry(c).or_insert(0) += 1;
        }
    }
    // The real article is about Armenia and Azerbaijan first, whatever else it names.
    let real = result["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == REAL_ARTICLE)
        .unwrap();
    let main = strings(&real["main_countries"]);
    assert!(main.contains("AM") && main.contains("AZ"), "{real}");
    assert!(!main.contains("FR") && !main.contains("UA"), "{real}");

    // `--facets main` (also written with a space) counts exactly those.
    for args in [
        &["*", "--facets=main", "--facet-limit", "1000"][..],
        &["--facets", "main", "--facet-limit", "1000", "*"][..],
    ] {
        let facets = search_json(sample_index(), args);
        assert_eq!(facets["facets"]["main"], true, "{args:?}");
        let counted: BTreeMap<String, u64> = facets["facets"]["country"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                (
                    v["value"].as_str().unwrap().to_string(),
                    v["count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(counted, main_counts, "{args:?}");
    }
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
        arshif_schema::analyzers::terms(&word),
        arshif_schema::analyzers::terms("أرمينيا")
    );
    for key in ["country", "actor", "source"] {
        assert!(result["facets"][key].is_array(), "facets.{key}");
    }
    // Facet entries name countries and actors in both languages.
    let armenia = result["facets"]["country"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "AM")
        .unwrap_or_else(|| panic!("AM among {}", result["facets"]["country"]));
    assert_eq!(armenia["name"], "Armenia");
    assert_eq!(armenia["name_ar"], "أرمينيا");
    let pashinyan = result["facets"]["actor"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["value"] == "nikol-pashinyan")
        .unwrap_or_else(|| panic!("pashinyan among {}", result["facets"]["actor"]));
    assert_eq!(pashinyan["kind"], "person");
    assert_eq!(pashinyan["name"], "Nikol Pashinyan");
    assert_eq!(pashinyan["name_ar"], "نيكول باشينيان");
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
    let armenia = Gazetteer::builtin()
        .country_by_id("AM")
        .map(arshif_entities::gazetteer::Entry::label)
        .unwrap();
    assert_eq!(armenia, "Armenia · أرمينيا");
    assert!(
        plain.stdout.contains(&armenia),
        "hits name their countries in both languages: {}",
        plain.stdout
    );
    let faceted = search(sample_index(), &["أرمينيا", "--facets", "--color", "never"]);
    assert!(
        faceted.stdout.contains("AM  Armenia · أرمينيا"),
        "{}",
        faceted.stdout
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

#[test]
fn hits_come_in_rank_order_across_snippet_chunks() {
    // Snippets are made for chunks of 16 hits in parallel; the hits must still come out whole
    // and in rank order, the same whatever the page size, in JSON and in NDJSON.
    let all = search_json(sample_index(), &["الحدود OR Armenia OR *", "-n", "100"]);
    let hits = all["hits"].as_array().unwrap();
    assert!(
        hits.len() > 32,
        "{} hits: not enough for three chunks",
        hits.len()
    );
    assert_eq!(hits.len() as u64, all["total"].as_u64().unwrap());
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    for hit in hits {
        assert!(
            hit["title"].is_string() && hit["snippet"].is_string(),
            "{hit}"
        );
    }
    let ids = hit_ids(&all);
    let first = hit_ids(&search_json(
        sample_index(),
        &["الحدود OR Armenia OR *", "-n", "20"],
    ));
    assert_eq!(first[..], ids[..20]);
    let run = search(
        sample_index(),
        &["الحدود OR Armenia OR *", "-n", "100", "--ndjson"],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let streamed: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(streamed, ids);
}
