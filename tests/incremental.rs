//! End-to-end: incremental, crash-safe, scheduled reindexing.
//!
//! Every check is on the document set the searcher returns (ids, and the text behind them), so
//! "no duplicates, nothing missing" is tested as the user would see it. Crashes are real
//! `kill -9`s at exact points of a run (see `indexer/src/hooks.rs`), never sleeps that race.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use arshif_e2e::{hit_ids, index, search, search_json, Running};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Every document id in the index; fails on duplicates.
fn doc_set(idx: &Path) -> BTreeSet<String> {
    let result = search_json(idx, &["*", "-n", "100000"]);
    let ids = hit_ids(&result);
    let set: BTreeSet<String> = ids.iter().cloned().collect();
    assert_eq!(set.len(), ids.len(), "duplicate documents: {ids:?}");
    assert_eq!(result["total"].as_u64(), Some(ids.len() as u64));
    set
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

fn ids_for(idx: &Path, query: &str) -> Vec<String> {
    hit_ids(&search_json(idx, &[query, "-n", "1000"]))
}

/// Version 1 of a small corpus: two .txt files and a 3-line .jsonl.
fn corpus_v1(root: &Path) {
    write(
        root,
        "beirut.txt",
        "انفجار في مرفأ بيروت\nهز انفجار ضخم مرفأ بيروت مساء الثلاثاء.",
    );
    write(
        root,
        "news/cairo.txt",
        "معرض القاهرة للكتاب\nافتتح معرض القاهرة الدولي للكتاب أبوابه.",
    );
    write(
        root,
        "wire.jsonl",
        concat!(
            "{\"title\":\"قمة في الرياض\",\"body\":\"اجتمع القادة في الرياض\"}\n",
            "{\"title\":\"محادثات في الدوحة\",\"body\":\"استضافت الدوحة جولة محادثات\"}\n",
            "{\"title\":\"انتخابات في بغداد\",\"body\":\"أدلى الناخبون في بغداد بأصواتهم\"}\n",
        ),
    );
}

/// Version 2: cairo.txt changed, beirut.txt renamed, a file added, one JSONL line changed and
/// one removed.
fn corpus_v2(root: &Path) {
    write(
        root,
        "news/cairo.txt",
        "معرض القاهرة للكتاب\nاختتم معرض القاهرة الدولي للكتاب دورته بنجاح كبير.",
    );
    fs::rename(
        root.join("beirut.txt"),
        root.join("lebanon/beirut-port.txt"),
    )
    .unwrap_or_else(|_| {
        fs::create_dir_all(root.join("lebanon")).unwrap();
        fs::rename(
            root.join("beirut.txt"),
            root.join("lebanon/beirut-port.txt"),
        )
        .unwrap();
    });
    write(
        root,
        "rabat.txt",
        "زيارة إلى الرباط\nوصل الوفد إلى الرباط صباح اليوم.",
    );
    write(
        root,
        "wire.jsonl",
        concat!(
            "{\"title\":\"قمة في الرياض\",\"body\":\"اجتمع القادة في الرياض\"}\n",
            "{\"title\":\"انتخابات في بغداد\",\"body\":\"أعلنت مفوضية الانتخابات في بغداد النتائج\"}\n",
        ),
    );
}

/// A temporary directory where corpus v1 is indexed and the corpus on disk has moved on to v2.
fn v1_indexed_v2_on_disk() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    corpus_v2(&corpus);
    (dir, corpus, idx)
}

fn v1_ids() -> BTreeSet<String> {
    set(&[
        "beirut.txt",
        "news/cairo.txt",
        "wire.jsonl#1",
        "wire.jsonl#2",
        "wire.jsonl#3",
    ])
}

fn v2_ids() -> BTreeSet<String> {
    set(&[
        "lebanon/beirut-port.txt",
        "news/cairo.txt",
        "rabat.txt",
        "wire.jsonl#1",
        "wire.jsonl#2",
    ])
}

#[test]
fn reruns_add_update_delete_and_rename_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    run.says("5 added, 0 updated, 0 deleted, 0 unchanged");
    assert_eq!(doc_set(&idx), v1_ids());

    // Nothing changed: nothing read, no commit (meta.json untouched).
    let meta_before = fs::read(idx.join("meta.json")).unwrap();
    let run = index(&corpus, &idx, &[]);
    run.says("nothing changed (5 documents unchanged); no commit");
    run.says("read 0 files");
    assert_eq!(fs::read(idx.join("meta.json")).unwrap(), meta_before);

    corpus_v2(&corpus);
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    // added: rabat + the renamed file; updated: cairo + 2 JSONL lines; deleted: the old name and
    // the JSONL line that is gone; unchanged: nothing (every file changed).
    run.says("2 added, 3 updated, 2 deleted, 0 unchanged");
    assert_eq!(doc_set(&idx), v2_ids());

    // Changed text is searchable, old text is gone, and the JSONL lines moved with the file.
    assert_eq!(ids_for(&idx, "اختتم"), vec!["news/cairo.txt"]);
    assert!(ids_for(&idx, "افتتح").is_empty());
    assert!(ids_for(&idx, "الدوحة").is_empty());
    assert_eq!(ids_for(&idx, "مفوضية"), vec!["wire.jsonl#2"]);
    assert_eq!(ids_for(&idx, "مرفأ"), vec!["lebanon/beirut-port.txt"]);

    // Deleting files deletes their documents.
    fs::remove_file(corpus.join("wire.jsonl")).unwrap();
    fs::remove_file(corpus.join("rabat.txt")).unwrap();
    let run = index(&corpus, &idx, &[]);
    run.says("0 added, 0 updated, 3 deleted, 2 unchanged");
    assert_eq!(
        doc_set(&idx),
        set(&["lebanon/beirut-port.txt", "news/cairo.txt"])
    );
}

#[test]
fn a_touched_but_unchanged_file_is_hashed_not_reindexed() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    // Same bytes, new modification time.
    let text = fs::read(corpus.join("beirut.txt")).unwrap();
    fs::remove_file(corpus.join("beirut.txt")).unwrap();
    fs::write(corpus.join("beirut.txt"), text).unwrap();
    let run = index(&corpus, &idx, &[]);
    run.says("nothing changed (5 documents unchanged)");
    assert_eq!(doc_set(&idx), v1_ids());
}

#[test]
fn a_file_that_turns_bad_keeps_its_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    fs::write(corpus.join("beirut.txt"), b"\xff\xfe\xfd not utf-8 \xc3").unwrap();
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(1), "{}", run.stderr);
    run.says("keeping the previously indexed version");
    assert_eq!(doc_set(&idx), v1_ids());
    assert_eq!(ids_for(&idx, "مرفأ"), vec!["beirut.txt"]);
}

/// Kills the indexer with SIGKILL at `point` while it moves the corpus from v1 to v2, checks that
/// the index still shows exactly v1 (during the pause and after the kill), then reruns and checks
/// that it converges to exactly v2.
fn kill_at(point: &str) {
    let (_dir, corpus, idx) = v1_indexed_v2_on_disk();

    let corpus_arg = corpus.to_str().unwrap();
    let mut running = Running::start(
        &idx,
        &["--threads", "1", corpus_arg],
        &[("ARSHIF_INDEX_TEST_PAUSE", point)],
    );
    running.wait_for(&format!("test pause at {point}"));
    assert_eq!(
        doc_set(&idx),
        v1_ids(),
        "searchers see the last commit while {point} is under way"
    );
    running.child.kill().unwrap(); // SIGKILL
    let (status, _) = running.finish();
    assert_eq!(status, None, "killed by a signal");

    assert_eq!(
        doc_set(&idx),
        v1_ids(),
        "the last commit survives a kill at {point}"
    );
    let run = index(&corpus, &idx, &[]);
    assert_eq!(
        run.status,
        Some(0),
        "the next run is not blocked: {}",
        run.stderr
    );
    assert_eq!(
        doc_set(&idx),
        v2_ids(),
        "the next run converges after a kill at {point}"
    );
    assert_eq!(ids_for(&idx, "اختتم"), vec!["news/cairo.txt"]);
}

#[test]
fn killed_while_parsing_the_index_survives_and_the_rerun_converges() {
    kill_at("parse");
}

#[test]
fn killed_after_adding_documents_the_index_survives_and_the_rerun_converges() {
    kill_at("add");
}

#[test]
fn killed_during_the_commit_the_index_survives_and_the_rerun_converges() {
    kill_at("commit");
}

#[test]
fn a_second_indexer_is_refused_with_status_3_and_a_killed_ones_lock_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    let corpus_arg = corpus.to_str().unwrap();
    let mut first = Running::start(&idx, &[corpus_arg], &[("ARSHIF_INDEX_TEST_PAUSE", "add")]);
    first.wait_for("test pause at add");

    let second = index(&corpus, &idx, &[]);
    assert_eq!(second.status, Some(3), "{}", second.stderr);
    let expected = format!(
        "index {} is being updated by another arshif-index (pid {})",
        idx.display(),
        first.child.id()
    );
    second.says(&expected);

    first.child.kill().unwrap();
    first.finish();
    let third = index(&corpus, &idx, &[]);
    assert_eq!(third.status, Some(0), "{}", third.stderr);
    assert_eq!(doc_set(&idx), v1_ids());

    // --status shows the runs, including the refused one.
    let status = arshif_e2e::indexer()
        .args(["--status", "--json", "--index"])
        .arg(&idx)
        .output()
        .unwrap();
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status["documents"], 5);
    assert_eq!(status["last_run"]["outcome"], "ok");
    assert_eq!(status["last_run"]["added"], 5);
    assert_eq!(status["last_error"]["outcome"], "locked");
    assert!(status["bytes"].as_u64().unwrap() > 0);
}

#[test]
fn two_corpora_in_one_index_keep_their_documents_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, idx) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("idx"),
    );
    write(&a, "x.txt", "خبر من الأرشيف الأول\nنص عن طرابلس");
    write(&a, "y.txt", "خبر ثان من الأرشيف الأول\nنص عن صنعاء");
    write(&b, "x.txt", "خبر من الأرشيف الثاني\nنص عن مسقط");
    assert_eq!(index(&a, &idx, &[]).status, Some(0));
    assert_eq!(index(&b, &idx, &[]).status, Some(0));
    assert_eq!(search_json(&idx, &["*"])["total"], 3);

    // Removing a file from one corpus never deletes the other's documents, even with the same
    // relative path.
    fs::remove_file(a.join("x.txt")).unwrap();
    let run = index(&a, &idx, &[]);
    run.says("0 added, 0 updated, 1 deleted, 1 unchanged");
    assert_eq!(search_json(&idx, &["*"])["total"], 2);
    assert_eq!(ids_for(&idx, "مسقط"), vec!["x.txt"]);
    let hit = &search_json(&idx, &["مسقط"])["hits"][0];
    assert!(hit["path"].as_str().unwrap().ends_with("/b/x.txt"), "{hit}");
    assert!(ids_for(&idx, "طرابلس").is_empty());

    // Both at once, in one run and one commit.
    write(&b, "z.txt", "خبر جديد\nنص عن عدن");
    let run = index(&a, &idx, &[b.to_str().unwrap()]);
    run.says("1 added, 0 updated, 0 deleted, 2 unchanged");
}

#[test]
fn searches_during_reindexing_always_see_one_complete_commit() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    // Two states of the corpus: 120 files, then 60 of them rewritten and 60 removed.
    let fill = |n: usize, tag: &str| {
        for i in 0..n {
            write(
                &corpus,
                &format!("f{i:03}.txt"),
                &format!("خبر رقم {i}\nنص {tag} عن العاصمة {i}"),
            );
        }
    };
    fill(120, "أول");
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    let allowed = [120u64, 60];

    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let searcher = {
        let (idx, stop) = (idx.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut seen = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || seen < 10 {
                let run = search(&idx, &["--json", "العاصمة"]);
                assert_eq!(
                    run.status,
                    Some(0),
                    "search failed during reindex: {}",
                    run.stderr
                );
                let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
                let total = v["total"].as_u64().unwrap();
                assert!(
                    allowed.contains(&total),
                    "saw a partial commit: {total} documents"
                );
                seen += 1;
            }
            seen
        })
    };
    for round in 0..6 {
        if round % 2 == 0 {
            for i in 60..120 {
                fs::remove_file(corpus.join(format!("f{i:03}.txt"))).unwrap();
            }
            fill(60, "ثان");
        } else {
            fill(120, "أول");
        }
        let run = index(&corpus, &idx, &[]);
        assert_eq!(run.status, Some(0), "{}", run.stderr);
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let searches = searcher.join().expect("no search failed");
    assert!(searches >= 10);
}

#[test]
fn every_reindexes_at_the_interval_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("c"), dir.path().join("idx"));
    corpus_v1(&corpus);
    let corpus_arg = corpus.to_str().unwrap();
    let mut running = Running::start(&idx, &["--every", "1s", corpus_arg], &[]);
    running.wait_for("5 added");
    write(
        &corpus,
        "rabat.txt",
        "زيارة إلى الرباط\nوصل الوفد إلى الرباط.",
    );
    running.wait_for("1 added, 0 updated, 0 deleted, 5 unchanged");
    running.signal("TERM");
    let (status, lines) = running.finish();
    assert_eq!(status, Some(0), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("stopped")), "{lines:#?}");
    assert_eq!(doc_set(&idx).len(), 6);
}

#[test]
fn a_signal_during_a_round_abandons_it_without_committing() {
    let (_dir, corpus, idx) = v1_indexed_v2_on_disk();
    let corpus_arg = corpus.to_str().unwrap();
    let mut running = Running::start(
        &idx,
        &["--every", "1h", corpus_arg],
        &[("ARSHIF_INDEX_TEST_PAUSE", "add")],
    );
    running.wait_for("test pause at add");
    running.signal("INT");
    running.wait_for("signal received");
    running.resume();
    running.wait_for("abandoned on signal");
    let (status, lines) = running.finish();
    assert_eq!(status, Some(0), "{lines:#?}");
    assert_eq!(
        doc_set(&idx),
        v1_ids(),
        "nothing of the abandoned round is visible"
    );
    // The next run picks the work up.
    assert_eq!(index(&corpus, &idx, &[]).status, Some(0));
    assert_eq!(doc_set(&idx), v2_ids());
}
