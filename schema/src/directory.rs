//! The tantivy directory Arshif opens indexes with: memory-mapped, and usable read-only.
//!
//! tantivy's readers take a lock file (`.tantivy-meta.lock`) while loading a commit, so that a
//! writer's garbage collection cannot delete the files being opened. On a read-only mount, or an
//! index owned by another user, creating that file fails and every search would fail with it —
//! yet nobody can be writing to an index no one may write to, and for an index that *is* being
//! written by its owner the searcher retries when files vanish (see `arshif-search`). So when the
//! lock file cannot be created for lack of permission, searching goes on without it.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, FileSlice, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

/// An `MmapDirectory` whose locks degrade to no-ops where the directory is not writable.
#[derive(Clone, Debug)]
pub struct ArshifDirectory {
    inner: MmapDirectory,
}

impl ArshifDirectory {
    /// Opens the directory at `path`.
    pub fn open(
        path: &Path,
    ) -> Result<ArshifDirectory, tantivy::directory::error::OpenDirectoryError> {
        Ok(ArshifDirectory {
            inner: MmapDirectory::open(path)?,
        })
    }
}

fn not_writable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for ArshifDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn open_read(&self, path: &Path) -> Result<FileSlice, OpenReadError> {
        self.inner.open_read(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if not_writable(&e) => Ok(DirectoryLock::from(Box::new(()))),
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
