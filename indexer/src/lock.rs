//! One indexer at a time per index.
//!
//! The lock is an OS file lock (`flock`) on `arshif.lock` in the index directory, holding the
//! owner's pid for the message. The kernel releases it when the process dies, however it dies, so
//! a lock left by a `kill -9` never blocks the next run — no stale-lock heuristics needed.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The lock file's name inside the index directory.
pub const LOCK_FILE: &str = "arshif.lock";

/// Another indexer holds the lock.
#[derive(Debug, thiserror::Error)]
#[error("index {} is being updated by another arshif-index ({})", .index.display(), .pid.map_or("pid unknown".to_string(), |p| format!("pid {p}")))]
pub struct Locked {
    pub index: PathBuf,
    pub pid: Option<u32>,
}

/// Holds the index lock until dropped.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(transparent)]
    Locked(#[from] Locked),
    #[error("cannot lock {}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Takes the lock of the index in `dir` (which must exist), or says who holds it.
pub fn acquire(dir: &Path) -> Result<IndexLock, LockError> {
    let path = dir.join(LOCK_FILE);
    let io = |source| LockError::Io {
        path: path.clone(),
        source,
    };
    // Never through a symlink: one planted here would have us write our pid over its target.
    let mut file = crate::files::open_own(
        &path,
        OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false),
    )
    .map_err(io)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            return Err(Locked {
                index: dir.to_path_buf(),
                pid: text.trim().parse().ok(),
            }
            .into());
        }
        Err(TryLockError::Error(e)) => return Err(io(e)),
    }
    file.set_len(0).map_err(io)?;
    file.seek(SeekFrom::Start(0)).map_err(io)?;
    writeln!(file, "{}", std::process::id()).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(IndexLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_with_the_pid_then_admitted_after_release() {
        let dir = tempfile::tempdir().unwrap();
        let first = acquire(dir.path()).unwrap();
        match acquire(dir.path()) {
            Err(LockError::Locked(locked)) => {
                assert_eq!(locked.pid, Some(std::process::id()));
                assert!(locked
                    .to_string()
                    .contains("being updated by another arshif-index (pid "));
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(first);
        acquire(dir.path()).unwrap();
    }

    #[test]
    fn a_planted_symlink_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        let index = dir.path().join("idx");
        std::fs::create_dir(&index).unwrap();
        std::os::unix::fs::symlink(&victim, index.join(LOCK_FILE)).unwrap();
        let err = acquire(&index).unwrap_err();
        assert!(format!("{:#}", anyhow::Error::from(err)).contains("symbolic link"));
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    }
}
