//! End-to-end: an archive is untrusted input. Documents and file names carrying terminal escape
//! sequences (a window title and screen clear, an OSC 8 hyperlink, a C1 CSI) and bidi overrides
//! are indexed, then every output path of both programs is checked byte by byte: nothing a
//! document holds may reach the terminal as a control; the programs' own colours still do.
//! Also: the index directory as an attacker may have prepared it (a planted lock symlink), and
//! the modes of what the indexer creates whatever the umask.

#![cfg(unix)]

use std::fs;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use arshif_e2e::{index, indexer, searcher};

/// The hostile title: retitles the terminal, then clears it.
const TITLE: &str = "zanzibar \x1b]0;pwned\x07\x1b[2J title";
/// An OSC 8 hyperlink to a local file, a C1 CSI, and an override reversing what follows.
const BODY: &str = "zanzibar body \x1b]8;;file:///etc/passwd\x07click here\x1b]8;;\x07 then \u{9b}31mred\u{9b}0m and \u{202E}gnp.exe\u{202C} and \u{202D}forced\u{2066}isolate\u{2069} end";
/// A source (a facet value) with escapes of both kinds.
const SOURCE: &str = "\x1b[31mEvil Wire\u{9b}0m\u{202E}";

/// A corpus of hostile documents; returns its directory and the index's.
fn hostile_index(dir: &Path) -> (PathBuf, PathBuf, Output) {
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    let doc = serde_json::json!({
        "title": TITLE, "body": BODY, "source": SOURCE,
        "url": "https://example.org/\x1b]8;;file:///etc/passwd\x07",
        "date": "2024-05-01",
    });
    fs::write(corpus.join("evil.jsonl"), format!("{doc}\n")).unwrap();
    // A good document in a file whose name holds an escape (its id is printed), and a broken
    // file whose name holds one (its name is in the indexer's "skipped" line).
    let named = std::ffi::OsStr::from_bytes(b"name\x1b[2J\xe2\x80\xaeevil.txt");
    fs::write(
        corpus.join(named),
        "zanzibar in a named file\nzanzibar text",
    )
    .unwrap();
    let broken = std::ffi::OsStr::from_bytes(b"bad\x1b]0;pwned\x07.jsonl");
    fs::write(corpus.join(broken), "{\"title\": \"cut\n").unwrap();
    let idx = dir.join("idx");
    let out = indexer()
        .arg("--index")
        .arg(&idx)
        .arg(&corpus)
        .output()
        .unwrap();
    (corpus, idx, out)
}

/// Asserts that `bytes` hold no control a document could have put there: the only escapes are
/// SGR colour codes (`ESC [ digits;… m`) and only when `colour` is expected; no BEL, no other C0
/// control but newline, no C1 control, no bidi embedding/override/isolate.
#[track_caller]
fn assert_safe(what: &str, bytes: &[u8], colour: bool) {
    let text = String::from_utf8_lossy(bytes);
    let mut escapes = 0;
    for (at, c) in text.char_indices() {
        let context = || {
            text[at.saturating_sub(60)..]
                .chars()
                .take(120)
                .collect::<String>()
        };
        match c {
            '\x1b' => {
                escapes += 1;
                assert!(
                    colour,
                    "{what}: an escape without colour at {at}: {:?}",
                    context()
                );
                let rest = &text[at + 1..];
                let sgr = rest.strip_prefix('[').and_then(|r| {
                    let end = r.find(|c: char| !(c.is_ascii_digit() || c == ';'))?;
                    (r.as_bytes()[end] == b'm').then_some(end)
                });
                assert!(
                    sgr.is_some(),
                    "{what}: an escape that is not a colour at {at}: {:?}",
                    context()
                );
            }
            '\n' => {}
            c if (c as u32) < 0x20 || ('\x7f'..='\u{9f}').contains(&c) => {
                panic!("{what}: control {c:?} at {at}: {:?}", context())
            }
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                panic!("{what}: bidi control {c:?} at {at}: {:?}", context())
            }
            _ => {}
        }
    }
    if colour {
        assert!(escapes > 0, "{what}: colour was asked for: {text}");
    }
}

fn search_raw(idx: &Path, args: &[&str]) -> Output {
    searcher()
        .arg("--index")
        .arg(idx)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn no_output_path_lets_a_document_control_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let (_corpus, idx, indexed) = hostile_index(dir.path());
    assert_eq!(indexed.status.code(), Some(1), "{indexed:?}");
    assert_safe("indexer stderr", &indexed.stderr, false);
    let stderr = String::from_utf8_lossy(&indexed.stderr);
    assert!(
        stderr.contains("/bad\\x1b]0;pwned\\x07.jsonl:1: invalid JSON"),
        "the file is named, its escapes visible: {stderr}"
    );

    let q = "zanzibar";
    for colour in ["always", "never"] {
        let colour_on = colour == "always";
        for extra in [
            &[][..],
            &["--explain"],
            &["--facets"],
            &["--facets", "date:year"],
            &["--bidi", "reorder"],
            &["--width", "40"],
        ] {
            let mut args = vec![q, "--color", colour, "--no-pager"];
            args.extend_from_slice(extra);
            let out = search_raw(&idx, &args);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
            assert_safe(&format!("{args:?} stdout"), &out.stdout, colour_on);
            assert_safe(&format!("{args:?} stderr"), &out.stderr, false);
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(!text.contains("pwned\x07"), "{text}");
            if extra.is_empty() {
                // Made visible, not dropped: the reader sees that something was there.
                assert!(text.contains("\\x1b]0;pwned\\x07\\x1b[2J"), "{text}");
                assert!(text.contains("\\x9b31mred"), "{text}");
                assert!(text.contains("name\\x1b[2Jevil.txt"), "{text}");
            }
            if extra == ["--facets"] {
                assert!(text.contains("\\x1b[31mEvil Wire\\x9b0m"), "{text}");
            }
        }
    }

    // JSON: every control escaped (C1 and bidi included), and read back exactly.
    for args in [
        &[q, "--json", "--facets", "--explain"][..],
        &[q, "--ndjson", "--explain"],
        &[q, "--json", "--facets", "date:month"],
    ] {
        let out = search_raw(&idx, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
        assert_safe(&format!("{args:?}"), &out.stdout, false);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("\\u009b") && text.contains("\\u202e"),
            "{text}"
        );
        let first = text.lines().next().unwrap();
        let value: serde_json::Value = serde_json::from_str(first).unwrap();
        let hits = value.get("hits").and_then(|h| h.as_array()).cloned();
        let hits = hits.unwrap_or_else(|| vec![value.clone()]);
        let evil: Vec<_> = text
            .lines()
            .flat_map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                v.get("hits")
                    .and_then(|h| h.as_array())
                    .cloned()
                    .unwrap_or(vec![v])
            })
            .chain(hits)
            .filter(|h| h["id"] == "evil.jsonl#1")
            .collect();
        assert!(!evil.is_empty(), "{text}");
        assert_eq!(evil[0]["title"], TITLE, "lossless");
        assert_eq!(evil[0]["source"], SOURCE, "lossless");
    }

    // The prompt.
    let mut child = searcher()
        .arg("--index")
        .arg(&idx)
        .args(["-i", "--color", "always"])
        .env("XDG_STATE_HOME", dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"zanzibar\n:facets\nzanzibar\n:source \x1b]0;x\x07\n:quit\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_safe("-i stdout", &out.stdout, true);
    assert!(String::from_utf8_lossy(&out.stdout).contains("\\x1b]0;pwned"));
}

/// The same in a real terminal (tmux): the window title is not changed, the screen not cleared,
/// no hyperlink made.
#[test]
fn a_real_terminal_is_not_retitled_or_cleared() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_corpus, idx, _) = hostile_index(dir.path());
    let program: PathBuf = searcher().get_program().into();
    let socket = format!("arshif-security-{}", std::process::id());
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .args(["-u", "-f", "/dev/null", "-L", &socket])
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .output()
            .unwrap()
    };
    let command = format!(
        "echo BEFORE-MARKER; env -u NO_COLOR '{}' --index '{}' zanzibar --facets --explain --no-pager; echo __DONE__; sleep 600",
        program.display(),
        idx.display()
    );
    let started = tmux(&["new-session", "-d", "-x", "200", "-y", "200", &command]);
    assert!(started.status.success(), "{started:?}");
    let start = Instant::now();
    let screen = loop {
        let screen = String::from_utf8_lossy(&tmux(&["capture-pane", "-p"]).stdout).into_owned();
        if screen.contains("__DONE__") || start.elapsed() > Duration::from_secs(120) {
            break screen;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let title = tmux(&["display-message", "-p", "#{pane_title}"]);
    let _ = tmux(&["kill-server"]);
    assert!(screen.contains("__DONE__"), "{screen}");
    assert!(
        screen.contains("BEFORE-MARKER"),
        "the screen was cleared:\n{screen}"
    );
    assert!(screen.contains("\\x1b]0;pwned"), "{screen}");
    let title = String::from_utf8_lossy(&title.stdout);
    assert!(
        !title.contains("pwned"),
        "the terminal was retitled: {title}"
    );
}

/// A small corpus indexed once; returns the index.
fn small_index(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    fs::create_dir_all(corpus.join("sub")).unwrap();
    fs::write(corpus.join("a.txt"), "zanzibar news\nzanzibar text").unwrap();
    fs::write(corpus.join("sub/b.txt"), "second zanzibar\nmore text").unwrap();
    let idx = dir.join("idx");
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    idx
}

#[test]
fn a_planted_lock_symlink_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let idx = small_index(dir.path());
    let victim = dir.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    let lock = idx.join("arshif.lock");
    fs::remove_file(&lock).unwrap();
    std::os::unix::fs::symlink(&victim, &lock).unwrap();
    let run = index(&dir.path().join("corpus"), &idx, &[]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    run.says("arshif.lock").says("symbolic link");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Runs the indexer under `umask MASK` and returns the modes of the index directory and of
/// every file in it.
fn modes_under(mask: &str, dir: &Path) -> (u32, Vec<(String, u32)>) {
    use std::os::unix::fs::PermissionsExt;
    let corpus = dir.join("corpus");
    fs::create_dir_all(&corpus).unwrap();
    fs::write(corpus.join("a.txt"), "zanzibar news\nzanzibar text").unwrap();
    let idx = dir.join(format!("idx-{mask}"));
    let program: PathBuf = indexer().get_program().into();
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("umask {mask}; exec \"$0\" \"$@\""))
        .arg(&program)
        .arg("--index")
        .arg(&idx)
        .arg(&corpus)
        .env_remove("ARSHIF_INDEX")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let files = fs::read_dir(&idx)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                mode(&e.path()),
            )
        })
        .collect();
    (mode(&idx), files)
}

#[test]
fn modes_do_not_follow_a_careless_umask_and_keep_a_strict_one() {
    let dir = tempfile::tempdir().unwrap();
    let (dir_mode, files) = modes_under("000", dir.path());
    assert_eq!(dir_mode, 0o755, "{dir_mode:o}");
    assert!(files.len() > 3, "{files:?}");
    for (name, mode) in &files {
        assert_eq!(*mode, 0o644, "{name}: {mode:o}");
    }
    let (dir_mode, files) = modes_under("077", dir.path());
    assert_eq!(dir_mode, 0o700, "{dir_mode:o}");
    for (name, mode) in &files {
        assert_eq!(*mode, 0o600, "{name}: {mode:o}");
    }
}

/// Runs a command and waits at most `secs` for it; kills it (and fails) if it takes longer.
fn bounded(mut cmd: Command, secs: u64) -> Output {
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(id.to_string()).status();
            panic!("{cmd:?} still running after {secs} s");
        }
    }
}

#[test]
fn a_run_log_that_is_not_a_regular_file_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let idx = small_index(dir.path());
    let log = idx.join("arshif-runs.jsonl");
    for planted in ["/dev/zero", "fifo"] {
        let _ = fs::remove_file(&log);
        if planted == "fifo" {
            let made = Command::new("mkfifo").arg(&log).status().unwrap();
            assert!(made.success());
        } else {
            std::os::unix::fs::symlink(planted, &log).unwrap();
        }
        let mut status = indexer();
        status.arg("--index").arg(&idx).arg("--status");
        let out = bounded(status, 60);
        assert_eq!(out.status.code(), Some(0), "{planted}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("documents:  2"));
        let mut run = indexer();
        run.arg("--index").arg(&idx).arg(dir.path().join("corpus"));
        let out = bounded(run, 120);
        assert_eq!(out.status.code(), Some(0), "{planted}: {out:?}");
    }
    // The run replaced the planted log with a real one.
    assert!(fs::symlink_metadata(&log).unwrap().is_file());
}

#[test]
fn huge_pages_are_refused_with_the_bound_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let idx = small_index(dir.path());
    for args in [
        &["zanzibar", "-n", "4294967296"][..],
        &["zanzibar", "-n", "18446744073709551615"],
        &["zanzibar", "--offset", "1000000000"],
        &["zanzibar", "-n", "10000000", "--offset", "1"],
        &["zanzibar", "--json", "-n", "1000000000"],
        &["zanzibar", "--ndjson", "-n", "1000000000"],
    ] {
        let out = search_raw(&idx, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("at most 10000000 deep"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("--verify"), "{stderr}");
    }
    // The bound itself is allowed.
    let out = search_raw(&idx, &["zanzibar", "-n", "10000000", "--count"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

#[test]
fn a_stamp_pointing_at_a_device_fails_fast_and_rebuild_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let idx = small_index(dir.path());
    let stamp = idx.join("arshif.json");
    fs::remove_file(&stamp).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &stamp).unwrap();
    let mut search = searcher();
    search.arg("--index").arg(&idx).arg("zanzibar");
    let out = bounded(search, 60);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    let mut rebuild = indexer();
    rebuild
        .arg("--index")
        .arg(&idx)
        .arg("--rebuild")
        .arg(dir.path().join("corpus"));
    let out = bounded(rebuild, 120);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(fs::symlink_metadata(&stamp).unwrap().is_file());
    assert_eq!(search_raw(&idx, &["zanzibar", "--count"]).stdout, b"2\n");
}
