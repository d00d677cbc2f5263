//! Saved searches: the articles each indexing round adds that match a `[[watch]]` of
//! `arshif.toml`, reported once — exactly once, across crashes.
//!
//! A newsroom watches a beat by being told what is new, not by rerunning queries (Google
//! Alerts, Elasticsearch Watcher). After each round `arshif-index` runs every watch over the
//! articles of the files that round added or changed, appends the hits to
//! `INDEX/watches/NAME.ndjson` (one `--ndjson` line each), prints one summary line per watch and
//! runs the watch's `notify` command with the new hits on its standard input.
//! `arshif-search --new NAME` lists the lines a reader has not seen yet.
//!
//! **Exactly once.** Before the round commits, [`prepare`] writes the files it adds to
//! `watches/pending.json` with an id for the round. After the commit, [`deliver`] reports them
//! and removes the journal. A round killed before its commit leaves a journal whose files are
//! not in the index (their hash is not the committed one): it is dropped, and the next round,
//! which adds those files again, reports them. A round killed after its commit leaves a journal
//! whose files are: the next round delivers it first, before it plans anything. Each watch
//! keeps `NAME.state.json` — the id of the last round it reported and the length of its NDJSON
//! file then — written after the lines, so a delivery killed halfway is undone (the file cut
//! back to that length) and done again, never twice. The `notify` command runs after the lines
//! are safe and before the state is written: a crash in between runs it once more.
//!
//! The first round of an empty index is a baseline, not news: it reports nothing.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use arshif_entities::Gazetteer;
use arshif_schema::config::WatchConfig;
use arshif_schema::manifest::file_term;
use arshif_schema::Opened;
use serde::{Deserialize, Serialize};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

use crate::engine::{self, groups, QueryError, SearchError, SearchRequest, Sort, MAX_DEPTH};
use crate::front::json;

/// The directory of the watches' files, inside the index directory.
pub const DIR: &str = "watches";
const PENDING: &str = "pending.json";

/// Why watches could not be reported.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error("{what} {}: {source}", path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{} is damaged ({reason}); delete it to start the watches afresh", path.display())]
    Damaged { path: PathBuf, reason: String },
    #[error("watch {name}")]
    // Boxed: a SearchError is large, and this error is returned by every function here.
    Search {
        name: String,
        source: Box<SearchError>,
    },
}

fn io_error<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> WatchError + 'a {
    move |source| WatchError::Io {
        what,
        path: path.to_path_buf(),
        source,
    }
}

/// A saved search, ready to run.
#[derive(Clone, Debug)]
pub struct Watch {
    pub name: String,
    pub request: SearchRequest,
    pub notify: Option<String>,
}

impl Watch {
    /// The search a `[[watch]]` table describes: its filters as the flags of the same names
    /// would make them; never relaxed (a watch reports articles with every word or none); newest
    /// first.
    pub fn from_config(config: &WatchConfig) -> Watch {
        let flat = |values: &[String]| -> Vec<String> { groups(values).concat() };
        Watch {
            name: config.name.clone(),
            request: SearchRequest {
                query: config.query.clone(),
                limit: MAX_DEPTH,
                countries: groups(&config.country),
                actors: groups(&config.actor),
                sources: flat(&config.source),
                langs: flat(&config.lang),
                sort: Sort::Date,
                snippet_chars: 200,
                strict: true,
                ..SearchRequest::default()
            },
            notify: config.notify.clone(),
        }
    }

    /// Where the watch's hits are appended.
    pub fn output(&self, index: &Path) -> PathBuf {
        index.join(DIR).join(format!("{}.ndjson", self.name))
    }

    fn state_path(&self, index: &Path) -> PathBuf {
        index.join(DIR).join(format!("{}.state.json", self.name))
    }
}

/// A round's journal: the files it adds, to be reported once its commit is published.
#[derive(Debug, Serialize, Deserialize)]
struct Pending {
    /// Unique to the round (its start time in nanoseconds and the process id).
    round: String,
    files: Vec<PendingFile>,
}

#[derive(Debug, Serialize, Deserialize)]
struct PendingFile {
    file: String,
    hash: u64,
}

/// What a watch has reported.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// The round it reported last.
    round: Option<String>,
    /// The length of its NDJSON file after that report.
    length: u64,
}

/// One watch's part of a delivery.
#[derive(Debug)]
pub struct Report {
    pub name: String,
    /// How many new articles matched.
    pub new: usize,
    pub output: PathBuf,
    /// Why the `notify` command failed, if it did (the hits are in `output` all the same).
    pub notify_failed: Option<String>,
    /// Why the watch did not run: a filter value nobody knows (a typo in `arshif.toml`). It
    /// reports nothing until fixed; the other watches are not held up.
    pub not_run: Option<String>,
}

impl Report {
    /// The summary line: `watch armenia: 2 new articles (INDEX/watches/armenia.ndjson)`.
    pub fn line(&self) -> String {
        if let Some(why) = &self.not_run {
            return format!(
                "warning: watch {} did not run: {why} (fix it in arshif.toml; the other watches ran)",
                self.name
            );
        }
        let articles = match self.new {
            1 => "1 new article".to_string(),
            n => format!("{n} new articles"),
        };
        let mut line = format!(
            "watch {}: {articles} ({})",
            self.name,
            arshif_schema::sanitize::terminal(&self.output.display().to_string())
        );
        if let Some(why) = &self.notify_failed {
            line.push_str(&format!("; notify failed: {why}"));
        }
        line
    }
}

/// Journals the files (absolute path as indexed, xxh3 hash) that the round about to commit
/// adds, so that [`deliver`] can report them once the commit is published — or know that it
/// never was. Written to a temporary file and renamed: a journal is whole or absent.
pub fn prepare(index: &Path, files: &[(String, u64)]) -> Result<(), WatchError> {
    let dir = index.join(DIR);
    fs::create_dir_all(&dir).map_err(io_error("cannot create", &dir))?;
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let pending = Pending {
        round: format!("{started}-{}", std::process::id()),
        files: files
            .iter()
            .map(|(file, hash)| PendingFile {
                file: file.clone(),
                hash: *hash,
            })
            .collect(),
    };
    let text = serde_json::to_vec(&pending).map_err(|e| WatchError::Damaged {
        path: dir.join(PENDING),
        reason: e.to_string(),
    })?;
    write_whole(&dir.join(PENDING), &text)
}

/// Reports the journaled round if its commit was published (see the module's documentation),
/// then removes the journal. Nothing to do without a journal. Run after each commit, and
/// before each round plans anything (to finish a delivery a crash interrupted).
pub fn deliver(
    opened: &Opened,
    watches: &[Watch],
    gazetteer: &Gazetteer,
) -> Result<Vec<Report>, WatchError> {
    let dir = opened.path.join(DIR);
    let journal = dir.join(PENDING);
    let pending: Pending = match fs::read(&journal) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| WatchError::Damaged {
            path: journal.clone(),
            reason: e.to_string(),
        })?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error("cannot read", &journal)(e)),
    };
    let search_error = |name: &str| {
        let name = name.to_string();
        move |e: tantivy::TantivyError| WatchError::Search {
            name,
            source: Box::new(SearchError::Index(e)),
        }
    };
    let mut reports = Vec::new();
    if landed(opened, &pending).map_err(search_error("journal"))? {
        let files: Vec<String> = pending.files.iter().map(|f| f.file.clone()).collect();
        for watch in watches {
            reports.push(deliver_one(
                opened,
                watch,
                &pending.round,
                &files,
                gazetteer,
            )?);
        }
    }
    fs::remove_file(&journal).map_err(io_error("cannot remove", &journal))?;
    Ok(reports)
}

/// Whether the journaled round's commit was published: one of its files is in the index with
/// the hash the round gave it (a commit is atomic: one file tells for all).
fn landed(opened: &Opened, pending: &Pending) -> tantivy::Result<bool> {
    let searcher = opened.searcher()?;
    for f in &pending.files {
        let query = TermQuery::new(file_term(&opened.fields, &f.file), IndexRecordOption::Basic);
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        if let Some((_, at)) = found.first() {
            let hashes = searcher
                .segment_reader(at.segment_ord)
                .fast_fields()
                .u64("hash")?;
            return Ok(hashes.first(at.doc_id) == Some(f.hash));
        }
    }
    Ok(false)
}

fn deliver_one(
    opened: &Opened,
    watch: &Watch,
    round: &str,
    files: &[String],
    gazetteer: &Gazetteer,
) -> Result<Report, WatchError> {
    let index = &opened.path;
    let output = watch.output(index);
    let state_path = watch.state_path(index);
    let state: State = match fs::read(&state_path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| WatchError::Damaged {
            path: state_path.clone(),
            reason: e.to_string(),
        })?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => State::default(),
        Err(e) => return Err(io_error("cannot read", &state_path)(e)),
    };
    let mut report = Report {
        name: watch.name.clone(),
        new: 0,
        output: output.clone(),
        notify_failed: None,
        not_run: None,
    };
    if state.round.as_deref() == Some(round) {
        // Reported before a crash; only the journal was left.
        return Ok(report);
    }
    let request = SearchRequest {
        within_files: Some(files.to_vec()),
        ..watch.request.clone()
    };
    let answer = match engine::search(opened, &request, gazetteer) {
        Ok(answer) => answer,
        Err(SearchError::Query(QueryError::Unknown(unknown))) => {
            report.not_run = Some(unknown.to_string());
            return Ok(report);
        }
        Err(source) => {
            return Err(WatchError::Search {
                name: watch.name.clone(),
                source: Box::new(source),
            })
        }
    };
    report.new = answer.hits.len();
    let mut lines = String::new();
    for hit in &answer.hits {
        let line = serde_json::to_string(&json::hit(hit)).unwrap_or_default();
        lines.push_str(&arshif_schema::sanitize::json(line));
        lines.push('\n');
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&output)
        .map_err(io_error("cannot open", &output))?;
    let length = file
        .metadata()
        .map_err(io_error("cannot read", &output))?
        .len();
    // A delivery killed after writing some lines and before its state: cut them off, write
    // them again. (A file shorter than the state says was emptied by someone: append.)
    if length > state.length {
        file.set_len(state.length)
            .map_err(io_error("cannot truncate", &output))?;
    }
    file.write_all(lines.as_bytes())
        .and_then(|_| file.sync_all())
        .map_err(io_error("cannot write", &output))?;
    let length = file
        .metadata()
        .map_err(io_error("cannot read", &output))?
        .len();
    if let Some(command) = watch.notify.as_deref().filter(|_| report.new > 0) {
        report.notify_failed = notify(command, &watch.name, report.new, &lines).err();
    }
    let state = State {
        round: Some(round.to_string()),
        length,
    };
    let text = serde_json::to_vec(&state).unwrap_or_default();
    write_whole(&state_path, &text)?;
    Ok(report)
}

/// Runs `command` through `sh -c` with `lines` on its standard input and the watch's name and
/// count in `ARSHIF_WATCH` and `ARSHIF_WATCH_NEW`.
fn notify(command: &str, name: &str, new: usize, lines: &str) -> Result<(), String> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("ARSHIF_WATCH", name)
        .env("ARSHIF_WATCH_NEW", new.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run sh: {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A command that does not read its input is not an error.
        let _ = stdin.write_all(lines.as_bytes());
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    match status.success() {
        true => Ok(()),
        false => Err(format!("`{command}` exited with {status}")),
    }
}

/// Writes `bytes` to `path` whole: a temporary file beside it, synced, then renamed.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), WatchError> {
    let tmp = path.with_extension("tmp");
    let result = File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| fs::rename(&tmp, path));
    result.map_err(io_error("cannot write", path))
}

/// What a reader has seen of each watch: `arshif-search --new NAME` shows the lines after it.
pub mod reading {
    use super::*;

    /// The lines of `watch`'s output not yet read by this user, and the offset to
    /// [`mark_read`] once they are shown.
    pub fn unread(index: &Path, watch: &Watch) -> Result<(Vec<String>, u64), WatchError> {
        let output = watch.output(index);
        let text = match fs::read(&output) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
            Err(e) => return Err(io_error("cannot read", &output)(e)),
        };
        let mut from = read_offset(index, &watch.name) as usize;
        if from > text.len() {
            // The output was emptied and began again.
            from = 0;
        }
        // Whole lines only: a line being written is for the next reading.
        let end = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let lines = String::from_utf8_lossy(&text[from.min(end)..end])
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(String::from)
            .collect();
        Ok((lines, end as u64))
    }

    /// Remembers that `watch`'s output was read up to `offset`.
    pub fn mark_read(index: &Path, name: &str, offset: u64) -> Result<(), WatchError> {
        let path = marker(index, name);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_error("cannot create", dir))?;
        }
        write_whole(&path, offset.to_string().as_bytes())
    }

    fn read_offset(index: &Path, name: &str) -> u64 {
        fs::read_to_string(marker(index, name))
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(0)
    }

    /// The reader's marker lives in the reader's state directory, not the index's (which the
    /// indexer's user owns): `$XDG_STATE_HOME/arshif/read/<index hash>-NAME`.
    fn marker(index: &Path, name: &str) -> PathBuf {
        let state = std::env::var_os("XDG_STATE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/state")))
            .unwrap_or_else(std::env::temp_dir);
        let canonical = fs::canonicalize(index).unwrap_or_else(|_| index.to_path_buf());
        let key = xxhash_rust::xxh3::xxh3_64(canonical.to_string_lossy().as_bytes());
        state
            .join("arshif")
            .join("read")
            .join(format!("{key:016x}-{name}"))
    }
}
