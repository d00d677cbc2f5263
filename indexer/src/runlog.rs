//! The run log: what the last runs did, for `arshif-index --status`.
//!
//! One JSON object per run, appended to `arshif-runs.jsonl` in the index directory and trimmed to
//! the last [`KEEP`] runs, so a scheduled indexer can run for years without the log growing.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The log file's name inside the index directory.
pub const LOG_FILE: &str = "arshif-runs.jsonl";
/// How many runs the log keeps.
pub const KEEP: usize = 100;

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
    let mut lines: Vec<String> = fs::read_to_string(&path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    lines.push(serde_json::to_string(record)?);
    let start = lines.len().saturating_sub(KEEP);
    let tmp = dir.join(format!("{LOG_FILE}.tmp"));
    let mut file = fs::File::create(&tmp)?;
    for line in &lines[start..] {
        writeln!(file, "{line}")?;
    }
    file.sync_all()?;
    fs::rename(tmp, path)
}

/// The logged runs, oldest first; unreadable lines are left out.
pub fn read(dir: &Path) -> Vec<RunRecord> {
    fs::read_to_string(dir.join(LOG_FILE))
        .unwrap_or_default()
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
}
