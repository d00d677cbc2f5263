//! End-to-end: a corpus with every kind of bad input is reported file by file and line by line,
//! while everything good in it is indexed and searchable.

use std::fs;
use std::path::Path;

use arshif_e2e::{hit_ids, index, search_json};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

#[test]
fn bad_files_and_lines_are_reported_and_skipped_good_ones_indexed() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "good.txt",
        "قمة في بيروت\nاجتمع القادة في بيروت لبحث الأزمة.".as_bytes(),
    );
    write(
        &corpus,
        "nested/good.json",
        r#"{"title":"محادثات في يريفان","body":"وصل الوفد إلى يريفان.","countries":["AM"],"source":"رويترز"}"#.as_bytes(),
    );
    write(
        &corpus,
        "feed.jsonl",
        concat!(
            "{\"title\":\"خبر أول عن الدوحة\",\"body\":\"نص عن الدوحة\"}\n",
            "{\"title\": \"نصف سطر\n",
            "{\"title\": 42, \"body\": \"نوع خاطئ\"}\n",
            "{\"title\":\"خبر ثان عن الرباط\",\"body\":\"نص عن الرباط\",\"date\":\"البارحة\"}\n",
        )
        .as_bytes(),
    );
    // UTF-8 Arabic cut in the middle of a letter.
    write(&corpus, "broken.txt", &"عنوان مقطوع\nنص".as_bytes()[..20]);
    write(&corpus, "empty.txt", b"");
    write(&corpus, "image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(&corpus, "big.json", &[b' '; 4096]);
    write(&corpus, "notes.csv", b"a,b\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        corpus.join("missing-target.txt"),
        corpus.join("dangling.txt"),
    )
    .unwrap();

    let idx = dir.path().join("idx");
    let run = index(&corpus, &idx, &["--max-file-size", "2K"]);
    assert_eq!(run.status, Some(1), "finished with skips: {}", run.stderr);

    let expect = [
        ("feed.jsonl:2", "invalid JSON"),
        ("feed.jsonl:3", "invalid type"),
        ("broken.txt", "not valid UTF-8"),
        ("empty.txt", "empty file"),
        ("image.txt", "binary file"),
        ("big.json", "--max-file-size"),
        #[cfg(unix)]
        ("dangling.txt", "No such file"),
    ];
    let lines: Vec<&str> = run.stderr.lines().collect();
    for (file, reason) in expect {
        let matching: Vec<_> = lines.iter().filter(|l| l.contains(file)).collect();
        assert_eq!(
            matching.len(),
            1,
            "{file} reported exactly once: {}",
            run.stderr
        );
        assert!(
            matching[0].contains(reason),
            "{file}: {reason}: {}",
            matching[0]
        );
        assert!(
            matching[0].starts_with("arshif-index: skipped"),
            "{}",
            matching[0]
        );
    }
    let warning: Vec<_> = lines
        .iter()
        .filter(|l| l.contains("feed.jsonl:4"))
        .collect();
    assert_eq!(warning.len(), 1, "{}", run.stderr);
    assert!(warning[0].contains("indexed without a date"));
    let summary = lines.last().unwrap();
    assert!(
        summary.contains("4 added, 0 updated, 0 deleted"),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("skipped {}", expect.len())),
        "{summary}"
    );
    assert!(summary.contains("1 warnings"), "{summary}");
    assert!(
        summary.contains("1 files of other types ignored"),
        "{summary}"
    );

    let all = hit_ids(&search_json(&idx, &["*", "-n", "100"]));
    let mut all_sorted = all.clone();
    all_sorted.sort();
    assert_eq!(
        all_sorted,
        vec![
            "feed.jsonl#1",
            "feed.jsonl#4",
            "good.txt",
            "nested/good.json"
        ]
    );
    assert_eq!(
        hit_ids(&search_json(&idx, &["يريفان"])),
        vec!["nested/good.json"]
    );
    assert_eq!(
        hit_ids(&search_json(&idx, &["الرباط"])),
        vec!["feed.jsonl#4"]
    );
}

#[test]
fn a_missing_corpus_or_bad_options_fail_with_status_2_and_commit_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let idx = dir.path().join("idx");
    let run = index(&dir.path().join("no-such-dir"), &idx, &[]);
    assert_eq!(run.status, Some(2));
    run.says("does not exist");
    assert!(!idx.join("meta.json").exists());

    let corpus = dir.path().join("c");
    write(&corpus, "a.txt", "عنوان\nنص".as_bytes());
    let run = index(&corpus, &idx, &["--memory", "1M"]);
    assert_eq!(run.status, Some(2));
    run.says("--memory");
    let run = index(&corpus, &idx, &["--memory", "lots"]);
    assert_eq!(run.status, Some(2));
    run.says("invalid size");
}

#[test]
fn an_index_of_another_schema_version_says_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    write(&corpus, "a.txt", "عنوان\nنص عن القاهرة".as_bytes());
    let idx = dir.path().join("idx");
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    fs::write(
        idx.join("arshif.json"),
        r#"{"schema_version": 999, "created_by": "future"}"#,
    )
    .unwrap();

    let run = arshif_e2e::search(&idx, &["القاهرة"]);
    assert_eq!(run.status, Some(2));
    run.says("--rebuild");
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(2));
    run.says("--rebuild");

    assert_eq!(index(&corpus, &idx, &["--rebuild"]).status, Some(0));
    assert_eq!(hit_ids(&search_json(&idx, &["القاهرة"])), vec!["a.txt"]);
}
