//! End-to-end: extraction on corpora made here, user gazetteer files, and --suggest-actors.

use std::fs;
use std::path::Path;

use arshif_e2e::{hit_ids, index, indexer, search, search_json, Run};

const FINNISH_VISIT: &str = "زيارة فنلندية إلى يريفان\n\
وصل وزير الخارجية الفنلندي، يوكا سالوفارا، إلى يريفان حيث التقى نظيره الأرميني أرارات ميرزويان. \
وقال سالوفارا إن بلاده تدعم جهود السلام.\n";

const LATER_VISIT: &str = "سالوفارا في باكو\n\
التقى وزير الخارجية الفنلندي يوكا سالوفارا الرئيس الأذربيجاني إلهام علييف في باكو.\n";

fn corpus(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("visit.txt"), FINNISH_VISIT).unwrap();
    fs::write(dir.join("later.txt"), LATER_VISIT).unwrap();
}

fn suggest(corpus: &Path, extra: &[&str]) -> Run {
    indexer()
        .arg("--suggest-actors")
        .args(extra)
        .arg(corpus)
        .output()
        .expect("arshif-index runs")
        .into()
}

#[test]
fn suggest_actors_prints_a_gazetteer_file_of_unknown_people() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    corpus(&news);
    let run = suggest(&news, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    // Found twice, after "وزير الخارجية", with its count and an example; known people are not
    // suggested.
    assert!(
        run.stdout.contains("name_ar = \"يوكا سالوفارا\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("# 2 articles, e.g. later.txt (after \"وزير الخارجية\")"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("ميرزويان"), "{}", run.stdout);
    assert!(!run.stdout.contains("علييف"), "{}", run.stdout);
    // No index is written.
    assert!(!news.join(".arshif").exists() && !Path::new(".arshif-suggest").exists());

    // The output is a gazetteer file: with it, the person becomes a facet.
    let file = dir.path().join("suggested.toml");
    fs::write(&file, &run.stdout).unwrap();
    let idx = dir.path().join("idx");
    let file_arg = file.to_str().unwrap();
    let indexed = index(&news, &idx, &["--gazetteer", file_arg]);
    assert_eq!(indexed.status, Some(0), "{}", indexed.stderr);
    let hits = search_json(
        &idx,
        &[
            "*",
            "--actor",
            "يوكا سالوفارا",
            "--gazetteer",
            file_arg,
            "--facets",
        ],
    );
    let mut ids = hit_ids(&hits);
    ids.sort();
    assert_eq!(ids, ["later.txt", "visit.txt"]);
    // With the same file, the suggestion is gone.
    let again = suggest(&news, &["--gazetteer", file_arg]);
    assert!(!again.stdout.contains("سالوفارا"), "{}", again.stdout);
}

#[test]
fn gazetteer_files_in_toml_and_json_add_and_override_entries() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    corpus(&news);
    let toml = dir.path().join("g.toml");
    fs::write(
        &toml,
        r#"
[[person]]
id = "jukka-salovaara"
name = "Jukka Salovaara"
name_ar = "يوكا سالوفارا"
aliases = ["Salovaara", "سالوفارا"]

[[country]]
id = "AM"
name = "Armenia"
name_ar = "أرمينيا"
capitals = []
"#,
    )
    .unwrap();
    let json = dir.path().join("g.json");
    fs::write(
        &json,
        r#"{"person": [{"id": "jukka-salovaara", "name": "Jukka Salovaara",
            "name_ar": "يوكا سالوفارا", "aliases": ["سالوفارا"]}]}"#,
    )
    .unwrap();
    for file in [&toml, &json] {
        let idx = dir
            .path()
            .join(format!("idx-{}", file.display().to_string().len()));
        let g = file.to_str().unwrap();
        let run = index(&news, &idx, &["--gazetteer", g]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        let result = search_json(&idx, &["*", "--gazetteer", g, "--facets"]);
        let person = result["facets"]["actor"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["value"] == "jukka-salovaara")
            .cloned()
            .unwrap_or_else(|| panic!("{}", result["facets"]));
        assert_eq!(person["count"], 2);
        assert_eq!(person["kind"], "person");
        assert_eq!(person["name"], "Jukka Salovaara");
        assert_eq!(person["name_ar"], "يوكا سالوفارا");
    }
    // The TOML file replaced Armenia by an entry without demonyms or capitals: visit.txt, which
    // names Armenia only as "الأرميني" and "يريفان", is no longer tagged; with the built-in
    // gazetteer it is. (Yerevan is also a city of Armenia among the places, which a gazetteer
    // file does not change: places are off here, so that only the file's entry speaks.)
    let idx = dir.path().join("idx-toml");
    let g = toml.to_str().unwrap();
    let routes = ["--country-routes", "names,demonyms,capitals"];
    assert_eq!(
        index(
            &news,
            &idx,
            &[&["--gazetteer", g][..], &routes[..]].concat()
        )
        .status,
        Some(0)
    );
    assert!(hit_ids(&search_json(&idx, &["*", "--country", "AM"])).is_empty());
    let builtin = dir.path().join("idx-builtin");
    assert_eq!(index(&news, &builtin, &[]).status, Some(0));
    assert_eq!(
        hit_ids(&search_json(&builtin, &["*", "--country", "AM"])),
        ["visit.txt"]
    );
}

#[test]
fn country_routes_can_be_switched_off() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    fs::create_dir_all(&news).unwrap();
    fs::write(
        news.join("a.txt"),
        "خبر\nقال مسؤول أرميني إن موسكو وافقت على الاقتراح.\n",
    )
    .unwrap();
    let countries = |routes: &str| -> Vec<String> {
        let idx = dir.path().join(format!("idx-{routes}"));
        let run = index(&news, &idx, &["--country-routes", routes]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
        let r = search_json(&idx, &["*"]);
        r["hits"][0]["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(countries("names,demonyms,capitals"), ["AM", "RU"]);
    assert_eq!(countries("names,demonyms"), ["AM"]);
    assert_eq!(countries("capitals"), ["RU"]);
    let idx = dir.path().join("idx-none");
    assert_eq!(index(&news, &idx, &["--no-extract"]).status, Some(0));
    assert_eq!(
        search_json(&idx, &["*"])["hits"][0]["countries"],
        serde_json::json!([])
    );
}

#[test]
fn a_bad_gazetteer_file_is_one_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    corpus(&news);
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[[country]]\nid = \"Armenia\"\n").unwrap();
    let missing = dir.path().join("missing.toml");
    for file in [&bad, &missing] {
        let run = index(
            &news,
            &dir.path().join("idx"),
            &["--gazetteer", file.to_str().unwrap()],
        );
        assert_eq!(run.status, Some(2), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains("gazetteer file"), "{}", run.stderr);
        let searched = search(
            &dir.path().join("idx"),
            &["x", "--gazetteer", file.to_str().unwrap()],
        );
        assert_eq!(searched.status, Some(2), "{}", searched.stderr);
    }
}
