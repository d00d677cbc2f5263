//! End-to-end: reading the archive beyond a page of hits (issue 27) — `--show` an article whole,
//! did-you-mean for misspelt filters and query words, `--from` after `--to`, `--csv` for
//! spreadsheets, `--like` for background, and `:show`/`:open` at the `-i` prompt.
//!
//! Expected values come from the sample files themselves and from the binary's `--json`
//! output, never from hand-written lists of results.

use std::path::Path;

use arshif_e2e::{
    hit_ids, index, repo_root, sample_index, search, search_json, searcher, with_input, Run,
};
use serde_json::Value;

/// The article on line `line` (1-based) of a sample JSON Lines file, as the file has it.
fn sample_line(file: &str, line: usize) -> Value {
    let text = std::fs::read_to_string(repo_root().join("data-samples").join(file)).unwrap();
    serde_json::from_str(text.lines().nth(line - 1).unwrap()).unwrap()
}

/// `--json` errors are one JSON object on stderr.
fn json_error(run: &Run) -> Value {
    serde_json::from_str(run.stderr.trim())
        .unwrap_or_else(|e| panic!("stderr is not one JSON object ({e}): {}", run.stderr))
}

#[test]
fn show_prints_the_whole_article_and_json_the_stored_one() {
    let id = "wire-2019-2020.ndjson#2";
    let file = sample_line("wire-2019-2020.ndjson", 2);
    let title = file["title"].as_str().unwrap();
    let body = file["body"].as_str().unwrap();
    let paragraphs: Vec<&str> = body
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    assert!(paragraphs.len() > 2, "a multi-paragraph sample");

    let run = search(
        sample_index(),
        &["--show", id, "--no-pager", "--width", "0", "--bidi", "off"],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], title);
    // Every paragraph, whole, each on its line (no wrapping at --width 0), none cut to a
    // snippet.
    for p in &paragraphs {
        assert!(lines.contains(p), "paragraph missing: {p}\n{}", run.stdout);
    }
    assert!(run.stdout.contains(file["url"].as_str().unwrap()));
    assert!(run.stdout.contains(file["source"].as_str().unwrap()));
    let path = repo_root().join("data-samples/wire-2019-2020.ndjson");
    assert!(run
        .stdout
        .contains(&path.canonicalize().unwrap().display().to_string()));
    let countries = lines
        .iter()
        .find(|l| l.starts_with("countries: "))
        .expect("a countries line");
    assert!(countries.contains("Armenia · أرمينيا"), "{countries}");
    let actors = lines.iter().find(|l| l.starts_with("actors: ")).unwrap();
    assert!(actors.contains("Nikol Pashinyan"), "{actors}");

    // Wrapped to the width asked for, still every word of the body.
    let narrow = search(
        sample_index(),
        &["--show", id, "--no-pager", "--width", "50"],
    );
    assert_eq!(narrow.status, Some(0));
    assert!(narrow.stdout.lines().all(|l| l.chars().count() <= 50));
    let words = |t: &str| t.split_whitespace().map(String::from).collect::<Vec<_>>();
    let shown = words(&narrow.stdout);
    assert!(words(body).iter().all(|w| shown.contains(w)));

    // --json: the stored article, its names alongside.
    let run = search(sample_index(), &["--show", id, "--json"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let stored: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(stored["id"], id);
    assert_eq!(stored["title"], title);
    assert_eq!(stored["body"].as_str().unwrap().trim(), body.trim());
    assert_eq!(stored["source"], file["source"]);
    assert_eq!(stored["url"], file["url"]);
    let hit = search_json(sample_index(), &["*", "-n", "1000"])["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == id)
        .cloned()
        .unwrap();
    assert_eq!(stored["countries"], hit["countries"]);
    assert_eq!(stored["actors"], hit["actors"]);
    let names = stored["country_names"].as_array().unwrap();
    assert_eq!(names.len(), stored["countries"].as_array().unwrap().len());
    let am = names.iter().find(|n| n["id"] == "AM").unwrap();
    assert_eq!(am["name"], "Armenia");
    assert_eq!(am["name_ar"], "أرمينيا");
    // The main ones first.
    let mains: Vec<bool> = names.iter().map(|n| n["main"].as_bool().unwrap()).collect();
    assert!(mains.windows(2).all(|w| w[0] >= w[1]), "{mains:?}");

    // A file holding one article is its id too.
    let one = repo_root().join("data-samples/armenia-azerbaijan-clashes.txt");
    let by_path = search(sample_index(), &["--show", one.to_str().unwrap(), "--json"]);
    assert_eq!(by_path.status, Some(0), "{}", by_path.stderr);
    let v: Value = serde_json::from_str(&by_path.stdout).unwrap();
    assert_eq!(v["id"], "armenia-azerbaijan-clashes.txt");
}

#[test]
fn each_json_hit_names_its_countries_and_actors_as_show_does() {
    let index = sample_index();
    let answer = search_json(index, &["أرمينيا OR Lebanon OR لبنان", "-n", "50"]);
    let hits = answer["hits"].as_array().expect("hits");
    assert!(hits.len() >= 5, "{answer}");
    let mut named = 0;
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        let shown: Value =
            serde_json::from_str(&search(index, &["--show", id, "--json"]).stdout).unwrap();
        assert_eq!(hit["country_names"], shown["country_names"], "{id}");
        assert_eq!(hit["actor_names"], shown["actor_names"], "{id}");
        let ids: Vec<&str> = hit["country_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap())
            .collect();
        let mut expected: Vec<&str> = hit["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        expected.sort_unstable();
        assert_eq!(sorted, expected, "{id}: the same countries");
        named += hit["country_names"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["name_ar"].is_string() && n["name"].is_string())
            .count();
    }
    assert!(named >= 10, "names in both languages: {named}");
    // Armenia's Arabic name is there, as the page shows it.
    assert!(answer.to_string().contains("\"name_ar\":\"أرمينيا\""));
}

#[test]
fn show_of_an_unknown_id_exits_2_and_says_so() {
    let run = search(sample_index(), &["--show", "no-such-article.txt"]);
    assert_eq!(run.status, Some(2));
    assert_eq!(run.stdout, "");
    run.says("unknown article id \"no-such-article.txt\"");

    // A near miss gets the id meant.
    let run = search(sample_index(), &["--show", "wire-2019-2020.ndjson#9"]);
    assert_eq!(run.status, Some(2));
    run.says("did you mean");
    run.says("wire-2019-2020.ndjson#");

    let run = search(sample_index(), &["--show", "no-such-article.txt", "--json"]);
    assert_eq!(run.status, Some(2));
    assert_eq!(run.stdout, "");
    let error = json_error(&run);
    assert!(error["error"]
        .as_str()
        .unwrap()
        .contains("unknown article id"));

    // A file of several articles: its ids.
    let wire = repo_root().join("data-samples/wire-2019-2020.ndjson");
    let run = search(
        sample_index(),
        &["--show", wire.to_str().unwrap(), "--json"],
    );
    assert_eq!(run.status, Some(2));
    let error = json_error(&run);
    let ids: Vec<&str> = error["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "wire-2019-2020.ndjson#1",
            "wire-2019-2020.ndjson#2",
            "wire-2019-2020.ndjson#3"
        ]
    );
}

#[test]
fn misspelt_filters_exit_2_with_the_closest_names() {
    for (flag, typed, meant) in [
        ("--country", "أرمينا", "أرمينيا"),
        ("--country", "Armenai", "Armenia"),
        ("--actor", "Putn", "Putin"),
        ("--actor", "Pashinyn", "Pashinyan"),
        ("--source", "Reuter", "Reuters"),
        ("--source", "رويتر", "رويترز"),
        ("--lang", "arabc", "ar (Arabic)"),
        ("--lang", "englsh", "en (English)"),
    ] {
        let run = search(sample_index(), &["*", flag, typed]);
        assert_eq!(run.status, Some(2), "{flag} {typed}: {}", run.stderr);
        assert_eq!(run.stdout, "");
        run.says(&format!("{typed:?}"))
            .says("did you mean")
            .says(meant);

        let run = search(sample_index(), &["*", flag, typed, "--json"]);
        assert_eq!(run.status, Some(2), "{flag} {typed}");
        let error = json_error(&run);
        assert!(error["error"].as_str().unwrap().contains(typed), "{error}");
        let suggestions = error["suggestions"].as_array().unwrap();
        assert!(
            suggestions
                .iter()
                .any(|s| s.as_str().unwrap().contains(meant)),
            "{flag} {typed}: {error}"
        );
    }
    // Nothing close: still an error, not "no matching articles".
    let run = search(sample_index(), &["*", "--country", "Narnia"]);
    assert_eq!(run.status, Some(2));
    run.says("unknown country \"Narnia\"");
    // A known country the archive has nothing on is no typo: it finds nothing (exit 1).
    let run = search(sample_index(), &["*", "--country", "Iceland"]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    assert!(
        run.stdout.contains("no matching articles"),
        "{}",
        run.stdout
    );
    // The right names still work, and exactly as before.
    let right = search_json(
        sample_index(),
        &["*", "--source", "Reuters", "--country", "أرمينيا"],
    );
    assert!(right["total"].as_u64().unwrap() > 0);
}

#[test]
fn a_misspelt_query_word_gets_the_archives_word() {
    // A real word of the samples, in the terminal and in --json; its misspellings get it back.
    let real = "اشتباكات";
    assert!(
        search_json(sample_index(), &[real])["total"]
            .as_u64()
            .unwrap()
            > 0
    );
    // One letter changed, one dropped.
    for typo in ["اشتياكات", "اشتباكت"] {
        let json = search_json(sample_index(), &[typo]);
        assert_eq!(json["total"], 0, "{typo} is no word of the samples");
        assert_eq!(
            json["suggestions"],
            serde_json::json!([{"word": typo, "did_you_mean": [real]}])
        );
        let run = search(sample_index(), &[typo, "--no-pager"]);
        assert_eq!(run.status, Some(1));
        assert!(
            run.stdout
                .contains(&format!("no article has \"{typo}\"; did you mean {real}?")),
            "{}",
            run.stdout
        );
    }
    // The article's spelling, hamza and all, not the index's folded form.
    let json = search_json(sample_index(), &["ارمنيا"]);
    assert_eq!(json["suggestions"][0]["did_you_mean"][0], "أرمينيا");
    // In a relaxed search the word that matched nothing gets its suggestion too.
    let json = search_json(sample_index(), &["أذربيجان ارمنيا"]);
    assert_eq!(json["relaxed"], true);
    assert_eq!(json["suggestions"][0]["word"], "ارمنيا");
    // A word that matches gets none; English too.
    let json = search_json(sample_index(), &["أرمينيا"]);
    assert_eq!(json["suggestions"], serde_json::json!([]));
    let json = search_json(sample_index(), &["ceasfire"]);
    assert_eq!(json["suggestions"][0]["did_you_mean"][0], "ceasefire");
}

#[test]
fn from_after_to_is_an_error() {
    let run = search(
        sample_index(),
        &["*", "--from", "2023-01-01", "--to", "2022-01-01"],
    );
    assert_eq!(run.status, Some(2));
    run.says("--from 2023-01-01 is after --to 2022-01-01");
    let run = search(
        sample_index(),
        &["*", "--from", "2023-01-01", "--to", "2022-01-01", "--json"],
    );
    assert_eq!(run.status, Some(2));
    assert!(json_error(&run)["error"]
        .as_str()
        .unwrap()
        .contains("--from"));
    // The same day is a whole day, not an error.
    let run = search(
        sample_index(),
        &["*", "--from", "2022-09-13", "--to", "2022-09-13"],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
}

/// A corpus of articles whose titles and sources hold what CSV must quote.
fn awkward_corpus(dir: &Path) -> std::path::PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let articles = [
        (
            "قمة \"طارئة\" في الرياض، ثم بيان",
            "Wire, Inc.",
            "اجتمع القادة في الرياض لبحث النفط والأمن في المنطقة.",
        ),
        (
            "Talks, again: \"progress\"\non two lines",
            "Reuters",
            "Diplomats met in Riyadh on Tuesday to discuss oil and security.",
        ),
        (
            "=HYPERLINK(\"http://evil.example\",\"click\")",
            "@source",
            "اجتمع وزراء النفط في الرياض لبحث الإنتاج.",
        ),
    ];
    let mut lines = String::new();
    for (i, (title, source, body)) in articles.iter().enumerate() {
        let v = serde_json::json!({
            "title": title, "source": source, "body": body,
            "date": format!("2024-01-0{}", i + 1), "countries": ["SA"],
        });
        lines.push_str(&v.to_string());
        lines.push('\n');
    }
    std::fs::write(corpus.join("wire.jsonl"), lines).unwrap();
    let idx = dir.join("idx");
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    idx
}

#[test]
fn csv_reads_back_as_the_json_hits() {
    let dir = tempfile::tempdir().unwrap();
    let idx = awkward_corpus(dir.path());
    let args = ["*", "--country", "SA", "--sort", "date"];
    let json = search_json(&idx, &args);
    let hits = json["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 3);

    let mut csv_args = args.to_vec();
    csv_args.extend(["--csv", "--fields", "id,title,source,countries,date"]);
    let run = search(&idx, &csv_args);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, ["id", "title", "source", "countries", "date"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(hits) {
        assert_eq!(&row[0], hit["id"].as_str().unwrap());
        let title = hit["title"].as_str().unwrap();
        let source = hit["source"].as_str().unwrap();
        // Formulas are defused; everything else is exactly the title: quotes, commas, line
        // breaks and Arabic.
        let defused = |s: &str| {
            if s.starts_with(['=', '@']) {
                format!("'{s}")
            } else {
                s.to_string()
            }
        };
        assert_eq!(row[1], defused(title));
        assert_eq!(row[2], defused(source));
        assert_eq!(&row[3], "SA");
        assert_eq!(&row[4], hit["date"].as_str().unwrap());
    }
    assert!(rows
        .iter()
        .any(|r| r[1].contains('\n') && r[1].contains('"')));
    assert!(rows
        .iter()
        .any(|r| r[1].contains('،') && r[2].contains(',')));
    assert!(rows.iter().any(|r| r[1].starts_with("'=HYPERLINK")));

    // The default columns, and a BOM on request only.
    let plain = search(&idx, &["*", "--csv"]);
    assert!(plain
        .stdout
        .starts_with("id,title,date,source,url,lang,countries,actors,path,snippet\n"));
    let with_bom = searcher()
        .arg("--index")
        .arg(&idx)
        .args(["*", "--csv", "--bom"])
        .output()
        .unwrap();
    assert_eq!(&with_bom.stdout[..3], b"\xEF\xBB\xBF");
    assert_eq!(&with_bom.stdout[3..], plain.stdout.as_bytes());
    // --bom without --csv is refused.
    assert_eq!(search(&idx, &["*", "--bom"]).status, Some(2));
    // No match: the header alone, exit 1.
    let none = search(&idx, &["zanzibar", "--csv", "--strict"]);
    assert_eq!(none.status, Some(1), "{}", none.stderr);
    assert_eq!(none.stdout.lines().count(), 1);
}

#[test]
fn like_finds_related_articles_and_not_itself() {
    let real = "armenia-azerbaijan-clashes.txt";
    let json = search_json(sample_index(), &["--like", real, "-n", "100"]);
    let ids = hit_ids(&json);
    assert!(!ids.contains(&real.to_string()), "{ids:?}");
    assert!(json["total"].as_u64().unwrap() as usize == ids.len());
    // The other Arabic articles about Armenia and Azerbaijan come first, before anything
    // else; the articles about neither country are not ranked above them.
    let about = |h: &Value| {
        let c = h["countries"].as_array().unwrap();
        c.contains(&"AM".into()) && c.contains(&"AZ".into())
    };
    let hits = json["hits"].as_array().unwrap();
    let related: Vec<&Value> = hits.iter().take_while(|h| about(h)).collect();
    assert!(related.len() >= 2, "{ids:?}");
    let everything_armenian = search_json(
        sample_index(),
        &[
            "*",
            "--country",
            "AM",
            "--country",
            "AZ",
            "--lang",
            "ar",
            "-n",
            "100",
        ],
    );
    let armenian: Vec<String> = hit_ids(&everything_armenian)
        .into_iter()
        .filter(|id| id != real)
        .collect();
    for id in &armenian {
        assert!(
            related.iter().any(|h| h["id"] == id.as_str()),
            "{id} is about both and in Arabic: {ids:?}"
        );
    }
    // The filters still apply.
    let dated = search_json(sample_index(), &["--like", real, "--from", "2023-01-01"]);
    for h in dated["hits"].as_array().unwrap() {
        assert!(h["date"].as_str().unwrap() >= "2023-01-01", "{h}");
    }
    assert!(dated["total"].as_u64().unwrap() < json["total"].as_u64().unwrap());
    // A query with it, or an unknown id, is an error.
    assert_eq!(
        search(sample_index(), &["--like", real, "لبنان"]).status,
        Some(2)
    );
    let unknown = search(sample_index(), &["--like", "nope.txt"]);
    assert_eq!(unknown.status, Some(2));
    unknown.says("unknown article id \"nope.txt\"");
}

#[test]
fn show_and_open_at_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let first = search_json(sample_index(), &["لبنان", "-n", "2"]);
    let second = &first["hits"][1];
    let whole = search_json(sample_index(), &["--show", second["id"].as_str().unwrap()]);
    let last_paragraph = whole["body"]
        .as_str()
        .unwrap()
        .lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap()
        .trim()
        .to_string();
    // An "editor" that writes down what it was asked to open.
    let opened = dir.path().join("opened");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", opened.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();

    let mut cmd = searcher();
    cmd.arg("--index")
        .arg(sample_index())
        .args([
            "-i", "-n", "2", "--color", "never", "--bidi", "off", "--width", "0",
        ])
        .env("XDG_STATE_HOME", dir.path())
        .env_remove("VISUAL")
        .env("EDITOR", &editor);
    let out = with_input(cmd, "لبنان\n:show 2\n:show 7\n:open 1\n:quit\n");
    let stdout = &out.stdout;
    assert_eq!(out.status, Some(0), "{}", out.stderr);
    assert!(stdout.contains(&last_paragraph), "{stdout}");
    assert!(
        stdout.contains("no hit 7 on this page: its hits are 1–2"),
        "{stdout}"
    );
    let asked = std::fs::read_to_string(&opened).expect("the editor ran");
    assert_eq!(asked.trim(), first["hits"][0]["path"].as_str().unwrap());

    // No editor: the path, and how to set one.
    let mut cmd = searcher();
    cmd.arg("--index")
        .arg(sample_index())
        .args(["-i", "-n", "1", "--color", "never"])
        .env("XDG_STATE_HOME", dir.path())
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    let stdout = with_input(cmd, "لبنان\n:open 1\n").stdout;
    assert!(
        stdout.contains(first["hits"][0]["path"].as_str().unwrap()),
        "{stdout}"
    );
    assert!(stdout.contains("set $VISUAL or $EDITOR"), "{stdout}");
}
