//! The run log: what the last runs did, for `arshif-index --status`.
//!
//! One JSON object per run, appended to `arshif-runs.jsonl` in the index directory and trimmed to
//! the last [`KEEP`] runs, so a scheduled indexer can run for years without the log growing.
//!
//! The log lives in a directory others may have written to, so it is read only from a regular
//! file (never through a symlink: one to `/dev/zero` would be read forever) and only its last
//! [`MAX_READ`] bytes; its temporary file is never written through a symlink either.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The log file's name inside the index directory.
pub const LOG_FILE: &str = "arshif-runs.jsonl";
/// How many runs the log keeps.
pub const KEEP: usize = 100;
/// How much of the log is read, from its end: far more than [`KEEP`] runs take (a few hundred
/// bytes each), little enough to read at once.
pub const MAX_READ: u64 = 1 << 20;

/// One run, as logged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// RFC 3339 start and end times.
    pub started: String,
    pub finished: String,
    /// `ok`, `skipped` (committed, some input skipped), `unchanged` (nothing to commit),
    /// `abandoned` (stopped by a signal, nothing committed), `locked` or `error`.
    pub outcome: String,
    pub corpora: Vec<String>,
    pub added: u64,
    pub updated: u64,
    pub deleted: u64,
    pub unchanged: u64,
    pub skipped: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Appends `record` to the log of the index in `dir`, keeping the last [`KEEP`] runs.
/// The trimmed log is written to a temporary file and renamed, so a crash leaves a whole log.
pub fn append(dir: &Path, record: &RunRecord) -> std::io::Result<()> {
    let path = dir.join(LOG_FILE);
    let mut lines: Vec<String> = read_text(&path)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    lines.push(serde_json::to_string(record)?);
    let start = lines.len().saturating_sub(KEEP);
    let tmp = dir.join(format!("{LOG_FILE}.tmp"));
    // A stale temporary file (or a symlink planted at its name) is removed, not written through.
    match std::fs::remove_file(&tmp) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let mut file = crate::files::open_own(&tmp, OpenOptions::new().write(true).create_new(true))?;
    for line in &lines[start..] {
        writeln!(file, "{line}")?;
    }
    file.sync_all()?;
    std::fs::rename(tmp, path)
}

/// The last [`MAX_READ`] bytes of the log, from its first whole line; empty when there is no
/// log, it is not a regular file, or it cannot be read.
fn read_text(path: &Path) -> String {
    let Ok(mut file) = crate::files::open_own(path, OpenOptions::new().read(true)) else {
        return String::new();
    };
    let len = file.metadata().map_or(0, |m| m.len());
    let start = len.saturating_sub(MAX_READ);
    let mut bytes = Vec::new();
    if file.seek(SeekFrom::Start(start)).is_err()
        || file.take(MAX_READ).read_to_end(&mut bytes).is_err()
    {
        return String::new();
    }
    if start > 0 {
        // Cut inside a line: drop its tail.
        let first = bytes
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| i + 1);
        bytes.drain(..first);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The logged runs, oldest first; unreadable lines are left out.
pub fn read(dir: &Path) -> Vec<RunRecord> {
    read_text(&dir.join(LOG_FILE))
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_runs_only() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..(KEEP + 5) {
            let record = RunRecord {
                added: i as u64,
                outcome: "ok".into(),
                ..RunRecord::default()
            };
            append(dir.path(), &record).unwrap();
        }
        let runs = read(dir.path());
        assert_eq!(runs.len(), KEEP);
        assert_eq!(runs[0].added, 5);
        assert_eq!(runs.last().unwrap().added, (KEEP + 4) as u64);
    }

    #[test]
    fn a_hostile_log_is_neither_followed_nor_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join(LOG_FILE);
        std::os::unix::fs::symlink("/dev/zero", &log).unwrap();
        assert!(read(dir.path()).is_empty(), "a symlink is not read");
        std::fs::remove_file(&log).unwrap();
        // A huge log: only its end is read, and it still gives the last runs.
        let record = serde_json::to_string(&RunRecord {
            outcome: "ok".into(),
            added: 7,
            ..RunRecord::default()
        })
        .unwrap();
        let mut text = "x".repeat(3 * MAX_READ as usize);
        text.push('\n');
        for _ in 0..3 {
            text += &format!("{record}\n");
        }
        std::fs::write(&log, text).unwrap();
        let runs = read(dir.path());
        assert_eq!(runs.len(), 3);
        append(dir.path(), &RunRecord::default()).unwrap();
        assert_eq!(read(dir.path()).len(), 4, "the trimmed log keeps the runs");
        // The temporary file's name as a symlink: removed, its target untouched.
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(format!("{LOG_FILE}.tmp"))).unwrap();
        append(dir.path(), &RunRecord::default()).unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
}
