//! Replays every seed and every minimized finding of the fuzz targets (`fuzz/seeds/TARGET/`,
//! `fuzz/regressions/TARGET/`) through the same invariants the fuzzers check, so that what a fuzz
//! run once found stays fixed in the normal test run.

use std::fs;
use std::path::Path;

use arshif_e2e::{invariants, repo_root};

fn replay(target: &str, check: impl Fn(&[u8]) -> Result<(), String>) -> usize {
    let mut n = 0;
    for kind in ["seeds", "regressions"] {
        let dir = repo_root().join("fuzz").join(kind).join(target);
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            if let Err(broken) = check(&bytes) {
                panic!("{}: {broken}", Path::new(&path).display());
            }
            n += 1;
        }
    }
    n
}

/// The text a `&str` fuzz target sees: libfuzzer-sys (through `arbitrary`) takes the longest
/// valid UTF-8 prefix of the input.
fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(e) => String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned(),
    }
}

#[test]
fn analyzer_inputs_keep_their_invariants() {
    assert!(
        replay("analyzer", |b| invariants::analyzer(&text(b))) > 0,
        "no inputs found"
    );
}

#[test]
fn query_inputs_give_results_or_clean_errors() {
    assert!(
        replay("query", |b| invariants::query(&text(b))) > 0,
        "no inputs found"
    );
}

#[test]
fn document_inputs_parse_or_are_reported() {
    assert!(
        replay("document", invariants::parse_document) > 0,
        "no inputs found"
    );
}
