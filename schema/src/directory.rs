//! The tantivy directory Arshif opens indexes with: memory-mapped, usable read-only, and for
//! the indexer, with the pages it has read handed back ([`released`]).
//!
//! tantivy's readers take a lock file (`.tantivy-meta.lock`) while loading a commit, so that a
//! writer's garbage collection cannot delete the files being opened. On a read-only mount, or an
//! index owned by another user, creating that file fails and every search would fail with it —
//! yet nobody can be writing to an index no one may write to, and for an index that *is* being
//! written by its owner the searcher retries when files vanish (see `arshif-search`). So when the
//! lock file cannot be created for lack of permission, searching goes on without it.

pub mod released;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// An `MmapDirectory` whose locks degrade to no-ops where the directory is not writable, and
/// which, opened for the indexer, maps files itself to hand their pages back.
#[derive(Clone, Debug)]
pub struct ArshifDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    /// Set when opened for the indexer: files are then mapped here, and their pages released.
    released: Option<Arc<released::ReleasedMaps>>,
}

/// What a directory is opened for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Searching: maps kept whole, since a searcher reads the same pages again and again.
    Search,
    /// The indexer's work — merging, checking checksums: each page is read once, so pages are
    /// handed back as they go (see [`released`]).
    Index,
}

impl ArshifDirectory {
    /// Opens the directory at `path`, for `access`.
    pub fn open(
        path: &Path,
        access: Access,
    ) -> Result<ArshifDirectory, tantivy::directory::error::OpenDirectoryError> {
        Ok(ArshifDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
            released: (access == Access::Index).then(released::ReleasedMaps::start),
        })
    }
}

impl ArshifDirectory {
    /// Gives a file written by [`Directory::atomic_write`] (`meta.json`, `.managed.json`) the
    /// mode of the index's other files. tantivy writes it through a temporary file, which is
    /// always created `0600`: people other than the indexer's user could then see the segments
    /// but not open the index. Its mode is taken from the directory's, without the execute bits
    /// and never group- or world-writable (`0755` → `0644`, `0700` → `0600`). Best effort: the
    /// commit has happened by now, and a file left `0600` only keeps other users out.
    fn match_mode(&self, path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            if let Ok(dir) = std::fs::metadata(&self.root) {
                let mode = dir.permissions().mode() & 0o644;
                let _ = std::fs::set_permissions(
                    self.root.join(path),
                    std::fs::Permissions::from_mode(mode),
                );
            }
        }
        #[cfg(not(unix))]
        let _ = path;
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
        match &self.released {
            Some(maps) => maps.open(path, &self.root.join(path)),
            None => self.inner.get_file_handle(path),
        }
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
        self.inner.atomic_write(path, data)?;
        self.match_mode(path);
        Ok(())
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
