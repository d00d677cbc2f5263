//! Running rounds: once, or `--every` interval until SIGINT/SIGTERM.
//!
//! Each round's outcome is printed as one summary line on stderr and appended to the run log.
//! Rounds never overlap: the next one is due `interval` after the previous one *started*, and a
//! round that overruns makes the next start as soon as it ends. A signal stops the loop at once
//! when it is waiting; during a round it stops the round between files, and nothing of that round
//! is committed — unless the commit had already begun, in which case it completes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::lock::Locked;
use crate::run::{self, IndexOptions, Summary};
use crate::runlog::{self, RunRecord};

/// The documented exit statuses of `arshif-index`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything indexed (or nothing to do).
    Ok = 0,
    /// Committed (or nothing to do), but some files or lines were skipped.
    Skipped = 1,
    /// Nothing committed: bad arguments, missing corpus, unusable index.
    Error = 2,
    /// Another arshif-index holds the index.
    Locked = 3,
}

fn now() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// Runs one round, prints its summary (or error) and logs it.
pub fn round(options: &IndexOptions, stop: &AtomicBool) -> Exit {
    let started = now();
    let result = match arshif_schema::guard::catch(|| run::run(options, stop)) {
        Ok(result) => result,
        // The writer was dropped while unwinding: nothing of this round is committed.
        Err(panic) => Err(anyhow::anyhow!(arshif_schema::guard::advice(
            &options.index,
            &panic
        ))),
    };
    let mut record = RunRecord {
        started,
        finished: now(),
        corpora: options
            .corpora
            .iter()
            .map(|c| c.display().to_string())
            .collect(),
        ..RunRecord::default()
    };
    let exit = match &result {
        Ok(summary) => {
            eprintln!("arshif-index: {}", summary.line());
            fill(&mut record, summary);
            if summary.skipped > 0 {
                Exit::Skipped
            } else {
                Exit::Ok
            }
        }
        Err(e) => {
            eprintln!(
                "arshif-index: error: {}",
                arshif_schema::error::for_people(e.as_ref())
            );
            let locked = e.downcast_ref::<Locked>().is_some();
            record.outcome = if locked { "locked" } else { "error" }.into();
            record.error = Some(arshif_schema::error::for_people(e.as_ref()));
            if locked {
                Exit::Locked
            } else {
                Exit::Error
            }
        }
    };
    // A run that failed for want of a writable index directory cannot log either; its error
    // already says why, so the log failure is only worth a line after a successful round.
    if options.index.is_dir() {
        if let Err(e) = runlog::append(&options.index, &record) {
            if result.is_ok() {
                eprintln!(
                    "arshif-index: warning: cannot write the run log: {}",
                    arshif_schema::sanitize::terminal(&e.to_string())
                );
            }
        }
    }
    exit
}

fn fill(record: &mut RunRecord, s: &Summary) {
    record.outcome = s.outcome().into();
    record.added = s.added;
    record.updated = s.updated;
    record.deleted = s.deleted;
    record.unchanged = s.unchanged;
    record.skipped = s.skipped;
}

/// Installs the SIGINT/SIGTERM handler: sets `stop` and wakes the waiting loop.
fn on_signal() -> std::io::Result<(Arc<AtomicBool>, mpsc::Receiver<()>)> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let flag = Arc::clone(&stop);
    ctrlc::set_handler(move || {
        if !flag.swap(true, Ordering::SeqCst) {
            eprintln!("arshif-index: signal received: stopping (a round under way is abandoned, not committed)");
        }
        let _ = tx.send(());
    })
    .map_err(std::io::Error::other)?;
    Ok((stop, rx))
}

/// Runs a round every `interval` until SIGINT or SIGTERM; returns the exit status (0 when stopped
/// by a signal). A failing round is reported and logged, and the next one still runs: a
/// scheduled indexer should outlive a corpus that is briefly unmounted.
pub fn every(options: &IndexOptions, interval: Duration) -> Exit {
    let (stop, signals) = match on_signal() {
        Ok(pair) => pair,
        Err(e) => {
            eprintln!("arshif-index: error: cannot install the signal handler: {e}");
            return Exit::Error;
        }
    };
    eprintln!(
        "arshif-index: reindexing every {}; stop with Ctrl-C or SIGTERM",
        humantime::format_duration(interval)
    );
    let mut options = options.clone();
    loop {
        let started = Instant::now();
        round(&options, &stop);
        // --rebuild applies to the first round only.
        options.rebuild = false;
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let wait = interval.saturating_sub(started.elapsed());
        match signals.recv_timeout(wait) {
            Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
    }
    eprintln!("arshif-index: stopped");
    Exit::Ok
}

/// Parses `--every` values: `15m`, `1h`, `30s`, `1h 30m`; at least one second.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(text)
        .map_err(|e| format!("invalid interval {text:?} ({e}): use e.g. 30s, 15m, 1h"))?;
    if d < Duration::from_secs(1) {
        return Err(format!("interval {text:?} is shorter than a second"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("15m"), Ok(Duration::from_secs(900)));
        assert_eq!(parse_interval("1h 30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_interval("10ms").is_err());
        assert!(parse_interval("soon").is_err());
    }
}
