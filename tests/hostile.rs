//! End-to-end: a corpus of hostile input (the hardening issue's list), indexed by the real binary.
//! Every good document must be indexed, every bad file or line named once on stderr with its
//! reason and counted, the run must finish with status 1, and a rerun must give the same result.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use arshif_e2e::{hit_ids, search_json, Running};

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Builds the hostile corpus; returns the ids that must be indexed.
fn hostile_corpus(root: &Path) -> BTreeSet<String> {
    let mut good = BTreeSet::new();
    let mut ok = |rel: &str| {
        good.insert(rel.to_string());
    };
    write(root, "plain.txt", "خبر عادي عن طهران\nنص عادي".as_bytes());
    ok("plain.txt");
    write(
        root,
        "utf16le.txt",
        &utf16("خبر بترميز UTF-16LE\nنص عن الخرطوم", false),
    );
    ok("utf16le.txt");
    write(
        root,
        "utf16be.json",
        &utf16(r#"{"title":"خبر UTF-16BE","body":"نص عن نواكشوط"}"#, true),
    );
    ok("utf16be.json");
    write(
        root,
        "bom.txt",
        &[
            b"\xEF\xBB\xBF".as_slice(),
            "خبر مع BOM\nنص عن تونس".as_bytes(),
        ]
        .concat(),
    );
    ok("bom.txt");
    let (cp1256, _, _) =
        encoding_rs::WINDOWS_1256.encode("خبر قديم بترميز ويندوز\nنص عن بنغازي من الأرشيف القديم");
    write(root, "legacy-1256.txt", &cp1256);
    ok("legacy-1256.txt");
    write(
        root,
        "crlf.txt",
        "عنوان بأسطر ويندوز\r\nنص عن جيبوتي\r\nسطر آخر\r\n".as_bytes(),
    );
    ok("crlf.txt");
    let big_body = "كلمة ".repeat((20 << 20) / "كلمة ".len()); // 20 MiB of Arabic on one line
    let jsonl = format!(
        "{}\r\n{}\n{}\n{}\n{}\n{}\n",
        r#"{"title":"سطر جيد بنهاية ويندوز","body":"نص عن الموصل"}"#,
        r#"{"title": "سطر مقطوع"#,
        r#"{"title": ["قائمة"], "body": 7}"#,
        r#"{"title":"عنوان بلا نص"}"#,
        r#"{"url":"https://example.org/no-text"}"#,
        format_args!(r#"{{"title":"سطر ضخم","body":"{big_body}"}}"#),
    );
    write(root, "feed.jsonl", jsonl.as_bytes());
    ok("feed.jsonl#1");
    ok("feed.jsonl#4");
    ok("feed.jsonl#6");
    let mut broken = "نص عربي سليم ثم بايت مقطوع ".as_bytes().to_vec();
    broken.push(0xD8);
    write(root, "broken-utf8.txt", &broken);
    write(root, "nul.txt", "عنوان\0مع بايت صفري".as_bytes());
    write(root, "empty.md", b"");
    write(
        root,
        "image.json",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
    );
    write(
        root,
        "nested.json",
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).as_bytes(),
    );
    let huge = fs::File::create(root.join("huge.txt")).unwrap();
    huge.set_len(40 << 20).unwrap(); // sparse: above --max-file-size without using the disk
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9-\xff.txt");
        fs::write(root.join(name), "خبر باسم ملف غير صالح\nنص عن صفاقس").unwrap();
        ok("caf\u{FFFD}-\u{FFFD}.txt");
        write(root, "locked/secret.txt", "خبر في مجلد مقفل\nنص".as_bytes());
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(root.join("locked"), fs::Permissions::from_mode(0o000)).unwrap();
        // Files that are not regular files: read, they would block or never end.
        for fifo in ["fifo.jsonl", "pipe"] {
            let made = Command::new("mkfifo")
                .arg(root.join(fifo))
                .status()
                .unwrap();
            assert!(made.success());
        }
        for (name, target) in [
            ("zero.txt", "/dev/zero"),
            ("urandom.jsonl", "/dev/urandom"),
            ("stdin.txt", "/dev/stdin"),
        ] {
            std::os::unix::fs::symlink(target, root.join(name)).unwrap();
        }
    }
    write(root, "vanishing.txt", "خبر سيختفي\nنص".as_bytes());
    // One broken byte in a JSONL file costs its line only.
    let mut lines = "{\"title\":\"سطر سليم أول\",\"body\":\"نص عن الحسكة\"}\n"
        .as_bytes()
        .to_vec();
    lines.extend_from_slice(b"{\"title\":\"broken \xD8 byte\"}\n");
    lines.extend_from_slice("{\"title\":\"سطر سليم ثالث\"}\n".as_bytes());
    write(root, "broken-line.jsonl", &lines);
    ok("broken-line.jsonl#1");
    ok("broken-line.jsonl#3");
    // Mostly ASCII with stray bytes: broken UTF-8, not windows-1250 mojibake.
    let mut stray = b"An English wire report about the talks in Geneva. ".repeat(8);
    for at in [40, 150, 300] {
        stray[at] = 0xE9;
    }
    write(root, "stray-bytes.txt", &stray);
    // A short text with a few escapes is text, not "mostly control characters".
    write(
        root,
        "escapes.txt",
        b"Title \x1b[1mbold\x1b[0m\nA body with a bell \x07 in it",
    );
    ok("escapes.txt");
    // Dates the index cannot store: indexed without a date, with a warning each.
    write(
        root,
        "dates.jsonl",
        "{\"title\":\"future\",\"date\":\"9999-12-31T23:59:59Z\"}\n{\"title\":\"past\",\"date\":\"-0001-01-01\"}\n".as_bytes(),
    );
    ok("dates.jsonl#1");
    ok("dates.jsonl#2");
    // 200,000 actors on one line: capped, with a warning, and quick.
    let actors: Vec<String> = (0..200_000).map(|i| format!("actor-{i}")).collect();
    let crowded = serde_json::json!({"title": "crowded", "actors": actors});
    write(root, "crowded.jsonl", format!("{crowded}\n").as_bytes());
    ok("crowded.jsonl#1");
    good
}

#[cfg(unix)]
#[test]
fn hostile_input_is_reported_counted_and_the_rest_indexed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (corpus, idx) = (dir.path().join("corpus"), dir.path().join("idx"));
    let good = hostile_corpus(&corpus);
    // Root reads every file whatever its mode; run the indexer as `nobody` so that the unreadable
    // directory is really unreadable.
    let unprivileged = is_root() && Path::new("/usr/bin/setpriv").exists();
    if unprivileged {
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        fs::create_dir(&idx).unwrap();
        fs::set_permissions(&idx, fs::Permissions::from_mode(0o777)).unwrap();
    } else if is_root() {
        eprintln!(
            "NOTE: running as root without setpriv: the unreadable-directory case is readable here"
        );
    }
    let run_once = |pause: bool| -> (Option<i32>, Vec<String>) {
        let program: PathBuf = arshif_e2e::indexer().get_program().into();
        let mut args: Vec<String> = Vec::new();
        if unprivileged {
            args.extend(["--reuid=65534", "--regid=65534", "--clear-groups"].map(String::from));
            args.push(program.display().to_string());
        }
        args.extend([
            "--max-file-size".into(),
            "30M".into(),
            "--threads".into(),
            "2".into(),
        ]);
        args.push(corpus.display().to_string());
        let launcher = if unprivileged {
            PathBuf::from("/usr/bin/setpriv")
        } else {
            program
        };
        let env: &[(&str, &str)] = if pause {
            &[("ARSHIF_INDEX_TEST_PAUSE", "walk")]
        } else {
            &[]
        };
        let mut running = Running::start_program(&launcher, &idx, &args, env);
        if pause {
            running.wait_for("test pause at walk");
            fs::remove_file(corpus.join("vanishing.txt")).unwrap();
            running.resume();
        }
        running.finish()
    };

    let (status, lines) = run_once(true);
    assert_eq!(status, Some(1), "finished with skips: {lines:#?}");
    let expect_skipped = [
        ("broken-utf8.txt", "not valid UTF-8"),
        ("nul.txt", "binary file"),
        ("empty.md", "empty file"),
        ("image.json", "binary file"),
        ("feed.jsonl:2", "invalid JSON"),
        ("feed.jsonl:3", "invalid type"),
        ("feed.jsonl:5", "no title and no body"),
        ("nested.json", "recursion limit"),
        ("huge.txt", "--max-file-size"),
        ("loop", "symlink loop"),
        ("vanishing.txt", "No such file"),
        (
            "broken-line.jsonl:2",
            "not valid UTF-8 (first invalid byte at column 18)",
        ),
        (
            "stray-bytes.txt",
            "not valid UTF-8 (first invalid byte at offset 40)",
        ),
        ("fifo.jsonl", "a FIFO, not a regular file"),
        ("pipe", "a FIFO, not a regular file"),
        ("zero.txt", "a character device, not a regular file"),
        ("urandom.jsonl", "a character device, not a regular file"),
        // The indexer's stdin is a pipe here.
        ("stdin.txt", "not a regular file"),
    ];
    let mut expect_skipped: Vec<(&str, &str)> = expect_skipped.to_vec();
    if unprivileged || !is_root() {
        expect_skipped.push(("locked", "Permission denied"));
    }
    for (what, reason) in &expect_skipped {
        let hits: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("arshif-index: skipped") && l.contains(what))
            .collect();
        assert_eq!(hits.len(), 1, "{what} reported once: {lines:#?}");
        assert!(
            hits[0].contains(reason),
            "{what}: expected {reason:?} in {}",
            hits[0]
        );
    }
    let warnings: Vec<&String> = lines.iter().filter(|l| l.contains("warning:")).collect();
    assert_eq!(warnings.len(), 4, "{warnings:#?}");
    let warned = |file: &str, reason: &str| {
        assert!(
            warnings
                .iter()
                .any(|w| w.contains(file) && w.contains(reason)),
            "{file}: {reason}: {warnings:#?}"
        )
    };
    warned("legacy-1256.txt", "windows-1256");
    warned("dates.jsonl:1", "\"9999-12-31T23:59:59Z\" is out of range");
    warned("dates.jsonl:2", "indexed without a date");
    warned(
        "crowded.jsonl:1",
        "200000 actors listed; only the first 256 are kept",
    );
    let summary = lines.last().unwrap();
    assert!(
        summary.contains(&format!("skipped {}", expect_skipped.len())),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("{} added", good.len())),
        "{summary}"
    );
    assert!(summary.contains("4 warnings"), "{summary}");
    assert!(!lines.iter().any(|l| l.contains("panicked")), "{lines:#?}");

    let all: BTreeSet<String> = hit_ids(&search_json(&idx, &["*", "-n", "1000"]))
        .into_iter()
        .collect();
    assert_eq!(all, good);
    // Decoded text is searchable.
    for (word, id) in [
        ("الخرطوم", "utf16le.txt"),
        ("نواكشوط", "utf16be.json"),
        ("تونس", "bom.txt"),
        ("بنغازي", "legacy-1256.txt"),
        ("جيبوتي", "crlf.txt"),
        ("الموصل", "feed.jsonl#1"),
        ("صفاقس", "caf\u{FFFD}-\u{FFFD}.txt"),
    ] {
        assert_eq!(hit_ids(&search_json(&idx, &[word])), vec![id], "{word}");
    }
    let future = &search_json(&idx, &["future"])["hits"][0];
    assert_eq!(future["id"], "dates.jsonl#1");
    assert!(future["date"].is_null(), "not stored as 2262: {future}");
    let crlf = &search_json(&idx, &["جيبوتي"])["hits"][0];
    assert_eq!(
        crlf["title"], "عنوان بأسطر ويندوز",
        "no stray carriage return"
    );

    // The same corpus again: same documents, the same problems reported, nothing new committed.
    let (status, again) = run_once(false);
    assert_eq!(status, Some(1), "{again:#?}");
    assert!(again.last().unwrap().contains("no commit"), "{again:#?}");
    let all_again: BTreeSet<String> = hit_ids(&search_json(&idx, &["*", "-n", "1000"]))
        .into_iter()
        .collect();
    assert_eq!(all_again, good);
    fs::set_permissions(corpus.join("locked"), fs::Permissions::from_mode(0o755)).unwrap();
}
