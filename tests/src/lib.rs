//! Helpers for the end-to-end tests: build the real binaries once, run them, read their output;
//! and the [`invariants`] the fuzz targets check.

pub mod invariants;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The repository root (where `data-samples/` lives).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Builds `name` (with `features`, if any: a build of one package gets only the features asked
/// for, not those the test crate's dependencies unify) and returns a command running it.
fn binary(name: &'static str, features: Option<&str>, cell: &'static OnceLock<PathBuf>) -> Command {
    let path = cell.get_or_init(|| {
        let build = escargot::CargoBuild::new()
            .package(name)
            .bin(name)
            .current_target()
            .manifest_path(repo_root().join("Cargo.toml"));
        let build = match features {
            Some(f) => build.features(f),
            None => build,
        };
        build
            .run()
            .unwrap_or_else(|e| panic!("cannot build {name}: {e}"))
            .path()
            .to_path_buf()
    });
    let mut cmd = Command::new(path);
    // The tests decide where the index is; the environment of the person running them must not.
    cmd.env_remove("ARSHIF_INDEX").env_remove("NO_COLOR");
    cmd
}

/// `data-samples/` indexed once per test binary (in a temporary directory that lives as long as
/// the process), for the tests that only read it.
pub fn sample_index() -> &'static Path {
    static INDEX: OnceLock<tempfile::TempDir> = OnceLock::new();
    INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
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

/// `eval/entities/labels.tsv` — what a person labelled each evaluation article with:
/// id → (country codes, actor ids).
pub fn entity_labels() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let text = std::fs::read_to_string(repo_root().join("eval/entities/labels.tsv"))
        .expect("eval/entities/labels.tsv is readable");
    let set = |s: Option<&str>| -> BTreeSet<String> {
        s.unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    };
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            let id = cols.next().unwrap_or_default().to_string();
            (id, (set(cols.next()), set(cols.next())))
        })
        .collect()
}

/// `arshif-index`, freshly built, with the pause points of the crash tests
/// (`ARSHIF_INDEX_TEST_PAUSE`, the `test-hooks` feature).
pub fn indexer() -> Command {
    static CELL: OnceLock<PathBuf> = OnceLock::new();
    binary("arshif-index", Some("test-hooks"), &CELL)
}

/// `arshif-search`, freshly built, with its slow search on demand (`ARSHIF_SEARCH_TEST_SLOW`,
/// the `test-hooks` feature).
pub fn searcher() -> Command {
    static CELL: OnceLock<PathBuf> = OnceLock::new();
    binary("arshif-search", Some("test-hooks"), &CELL)
}

/// The outcome of a run, with text output.
pub struct Run {
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts that stderr contains `needle`, showing all of stderr when it does not.
    #[track_caller]
    pub fn says(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "expected {needle:?} in stderr:\n{}",
            self.stderr
        );
        self
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            status: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `cmd` with `input` on its standard input (the lines a person would type at `-i`'s
/// prompt) and returns what it printed.
pub fn with_input(mut cmd: Command, input: &str) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the program starts");
    child
        .stdin
        .take()
        .expect("piped stdin")
        .write_all(input.as_bytes())
        .expect("write the input");
    child.wait_with_output().expect("the program ends").into()
}

/// Indexes `corpus` into `index`.
pub fn index(corpus: &Path, index: &Path, extra: &[&str]) -> Run {
    indexer()
        .arg("--index")
        .arg(index)
        .args(extra)
        .arg(corpus)
        .output()
        .expect("arshif-index runs")
        .into()
}

/// Runs `arshif-search --index INDEX ARGS…`.
pub fn search(index: &Path, args: &[&str]) -> Run {
    searcher()
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("arshif-search runs")
        .into()
}

/// Runs a search with `--json` and parses the one object it prints.
pub fn search_json(index: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = search(index, &all);
    assert!(
        matches!(run.status, Some(0) | Some(1)),
        "search {args:?} failed: {}",
        run.stderr
    );
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("--json output is not JSON ({e}): {}", run.stdout))
}

/// The ids of the hits of a `--json` result, in rank order.
pub fn hit_ids(result: &serde_json::Value) -> Vec<String> {
    result["hits"]
        .as_array()
        .expect("hits is an array")
        .iter()
        .map(|h| h["id"].as_str().expect("id is a string").to_string())
        .collect()
}

/// A running `arshif-index` whose stderr is read line by line.
pub struct Running {
    pub child: std::process::Child,
    lines: std::sync::mpsc::Receiver<String>,
    /// Every stderr line seen so far.
    pub seen: Vec<String>,
}

/// How long to wait for an expected line before failing: generous, this is not a timing test —
/// it only keeps a broken build from hanging CI.
const LINE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(120);

impl Running {
    /// Starts `arshif-index --index INDEX ARGS…` with piped stdin and stderr, and `env` set.
    pub fn start(index: &Path, args: &[&str], env: &[(&str, &str)]) -> Running {
        let program: PathBuf = indexer().get_program().into();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        Running::start_program(&program, index, &args, env)
    }

    /// Like [`Running::start`], but through `program` (the indexer itself, or a launcher such as
    /// `setpriv … arshif-index` whose arguments end with the indexer's path).
    pub fn start_program(
        program: &Path,
        index: &Path,
        args: &[String],
        env: &[(&str, &str)],
    ) -> Running {
        use std::io::BufRead;
        let mut cmd = Command::new(program);
        cmd.env_remove("ARSHIF_INDEX")
            .env("ARSHIF_INDEX", index)
            .args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("arshif-index starts");
        let stderr = child.stderr.take().expect("piped stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Running {
            child,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line containing `needle` and returns it.
    pub fn wait_for(&mut self, needle: &str) -> String {
        loop {
            match self.lines.recv_timeout(LINE_TIMEOUT) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("no line with {needle:?}; stderr so far: {:#?}", self.seen),
            }
        }
    }

    /// Sends a line to stdin (lets a test pause go on).
    pub fn resume(&mut self) {
        use std::io::Write;
        let stdin = self.child.stdin.as_mut().expect("piped stdin");
        stdin.write_all(b"\n").expect("write to stdin");
        stdin.flush().expect("flush stdin");
    }

    /// Sends a signal by name (`TERM`, `INT`, `KILL`) with kill(1).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .arg(format!("-{name}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill(1) runs");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Waits for the process to exit and returns its status code (None if killed by a signal),
    /// collecting the rest of stderr.
    pub fn finish(mut self) -> (Option<i32>, Vec<String>) {
        let status = self.child.wait().expect("wait for arshif-index");
        while let Ok(line) = self.lines.recv_timeout(LINE_TIMEOUT) {
            self.seen.push(line);
        }
        (status.code(), self.seen)
    }
}
