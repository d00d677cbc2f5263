//! `arshif-index --status`: what is in the index and how the last runs went.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{json, Value};
use tantivy::ReloadPolicy;

use crate::runlog::{self, RunRecord};

/// The status of an index, gathered for printing.
pub struct Status {
    pub documents: u64,
    pub bytes: u64,
    pub last_run: Option<RunRecord>,
    /// The most recent run that ended in an error (or found the index locked).
    pub last_error: Option<RunRecord>,
}

/// Reads the status of the index in `dir`.
pub fn read(dir: &Path) -> Result<Status> {
    let opened = arshif_schema::open(dir)?;
    let reader = opened
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot read the index: {}",
                arshif_schema::error::describe(&e)
            )
        })?;
    let documents = reader.searcher().num_docs();
    let bytes = fs::read_dir(dir)
        .with_context(|| format!("cannot list {}", dir.display()))?
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    let runs = runlog::read(dir);
    let last_error = runs
        .iter()
        .rev()
        .find(|r| r.outcome == "error" || r.outcome == "locked")
        .cloned();
    Ok(Status {
        documents,
        bytes,
        last_run: runs.last().cloned(),
        last_error,
    })
}

fn run_json(r: &Option<RunRecord>) -> Value {
    r.as_ref().map_or(Value::Null, |r| {
        serde_json::to_value(r).unwrap_or(Value::Null)
    })
}

/// `--status --json`: one object.
pub fn json(s: &Status, dir: &Path) -> Value {
    json!({
        "index": dir.display().to_string(),
        "documents": s.documents,
        "bytes": s.bytes,
        "last_run": run_json(&s.last_run),
        "last_error": run_json(&s.last_error),
    })
}

/// `--status`: a few aligned lines.
pub fn human(s: &Status, dir: &Path) -> String {
    let mut out = format!(
        "index:      {}\ndocuments:  {}\nsize:       {}\n",
        dir.display(),
        s.documents,
        crate::size::human(s.bytes)
    );
    match &s.last_run {
        None => out.push_str("last run:   none logged\n"),
        Some(r) => {
            out += &format!(
                "last run:   {} → {}: {}\n            {} added, {} updated, {} deleted, {} unchanged, {} skipped\n",
                r.started, r.finished, r.outcome, r.added, r.updated, r.deleted, r.unchanged, r.skipped
            );
        }
    }
    if let Some(r) = &s.last_error {
        out += &format!(
            "last error: {} — {}\n",
            r.started,
            r.error.as_deref().unwrap_or("(no message)")
        );
    }
    out
}

/// `arshif-index --verify`: checks every file of the last commit (see [`crate::verify`]).
/// Returns the damaged or missing files (empty when the index is sound).
pub fn verify(dir: &Path) -> Result<Vec<crate::verify::Damage>> {
    Ok(crate::verify::verify(dir)?)
}
