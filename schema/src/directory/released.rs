//! Index files mapped as tantivy maps them, with their pages handed back while the maps live.
//!
//! tantivy reads a segment through a memory map of each of its files, and a merge reads every
//! page of its inputs once. Each page read stays in the process's resident set until the map
//! goes, when the merge ends: at a million articles that was ~1 GB of the indexer's 1.55 GB peak
//! RSS (BENCHMARKS.md), for data it had finished with. The kernel keeps those pages in its page
//! cache either way; the map only makes the process *hold* them — `top` shows them as the
//! indexer's, and the OOM killer's score counts them.
//!
//! So the indexer's maps are released: every [`RELEASE_EVERY`], a thread tells the kernel
//! (`madvise(MADV_DONTNEED)`) that the process no longer needs the pages of each live map. On a
//! read-only shared map of a file that loses nothing — a later read faults the page back in
//! from the page cache (or the disk), the same bytes, since tantivy never rewrites a file it
//! has written — and costs little, because a merge reads its inputs once, in order. Searching
//! does not use this: a searcher reads the same pages again and again, and keeping them is the
//! point of the map.
//!
//! Why not read the files (`pread`) instead of mapping them? tantivy asks a file for its bytes
//! in slices that must stay valid as long as it likes, and a merge asks for a segment's whole
//! store of texts at once (to copy it into the merged segment): read into memory, that would be
//! hundreds of MB allocated in one go. A map gives those bytes without holding them.

use std::fs::File;
use std::io;
use std::ops::Deref;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::thread;
use std::time::Duration;

use memmap2::{Mmap, UncheckedAdvice};
use stable_deref_trait::StableDeref;
use tantivy::directory::error::OpenReadError;
use tantivy::directory::{FileHandle, OwnedBytes};

/// How often the pages are handed back. A merge copies a segment's stored texts (hundreds of
/// MB) in one go, at a GB/s or more: released every 100 ms, ~100 MB of them were still resident
/// at the peaks of a million-article run; every 20 ms, hardly any (BENCHMARKS.md). A release
/// costs one system call per mapped file.
pub const RELEASE_EVERY: Duration = Duration::from_millis(20);

/// How long the releasing thread sleeps, when no map is live, before it checks whether its
/// directory is gone.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// The live maps of one directory (and its clones), and the thread that releases their pages.
#[derive(Debug, Default)]
pub struct ReleasedMaps {
    maps: Mutex<Vec<Weak<Mmap>>>,
    /// Signalled when a file is mapped, to wake the releasing thread.
    opened: Condvar,
}

impl ReleasedMaps {
    /// A new set of maps, with its releasing thread. The thread sleeps while no map is live
    /// (an `--every` daemon between rounds wakes nobody) and ends once the set is dropped; if no
    /// thread can be started, the maps are kept whole, as tantivy keeps them.
    pub fn start() -> Arc<ReleasedMaps> {
        let maps = Arc::new(ReleasedMaps::default());
        let weak = Arc::downgrade(&maps);
        let _ = thread::Builder::new()
            .name("arshif-release-maps".into())
            .spawn(move || {
                while let Some(maps) = weak.upgrade() {
                    maps.wait_for_a_map();
                    // Not held while sleeping, so that dropping the directory ends the thread.
                    drop(maps);
                    thread::sleep(RELEASE_EVERY);
                    if let Some(maps) = weak.upgrade() {
                        maps.release();
                    }
                }
            });
        maps
    }

    /// Returns once a map is live, or after a while (to notice the set being dropped).
    fn wait_for_a_map(&self) {
        let maps = self.lock();
        if !maps.iter().any(|m| m.strong_count() > 0) {
            let _ = self.opened.wait_timeout(maps, IDLE_CHECK);
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Weak<Mmap>>> {
        // A panic elsewhere while holding the list cannot leave it inconsistent.
        self.maps
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Maps the file at `full_path` (`path` as the directory names it, for errors) and keeps
    /// track of the map so that its pages are released.
    pub fn open(
        &self,
        path: &Path,
        full_path: &Path,
    ) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let error = |e: io::Error| {
            if e.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_path_buf())
            } else {
                OpenReadError::wrap_io_error(e, path.to_path_buf())
            }
        };
        let file = File::open(full_path).map_err(error)?;
        if file.metadata().map_err(error)?.len() == 0 {
            // An empty file cannot be mapped.
            return Ok(Arc::new(OwnedBytes::empty()));
        }
        // SAFETY: as in tantivy's `MmapDirectory`: an index file is written once, before it is
        // named in a commit, and never modified after.
        let map = Arc::new(unsafe { Mmap::map(&file) }.map_err(error)?);
        let mut maps = self.lock();
        maps.retain(|m| m.strong_count() > 0);
        maps.push(Arc::downgrade(&map));
        self.opened.notify_all();
        Ok(Arc::new(OwnedBytes::new(SharedMap(map))))
    }

    /// Hands back the resident pages of every live map.
    fn release(&self) {
        // The maps are held (upgraded) while advised, so none is unmapped under the call.
        let live: Vec<Arc<Mmap>> = {
            let mut maps = self.lock();
            maps.retain(|m| m.strong_count() > 0);
            maps.iter().filter_map(Weak::upgrade).collect()
        };
        for map in live {
            // SAFETY: a read-only, shared map of a file: MADV_DONTNEED drops the process's page
            // table entries and nothing else; a later read maps the file's page again, with the
            // same bytes (see the module documentation). Failure only means the pages stay.
            let _ = unsafe { map.unchecked_advise(UncheckedAdvice::DontNeed) };
        }
    }

    /// How many maps are live (for tests).
    #[cfg(test)]
    fn live(&self) -> usize {
        self.lock().iter().filter(|m| m.strong_count() > 0).count()
    }
}

/// A map shared by the `OwnedBytes` cut from it; its bytes never move while it lives.
struct SharedMap(Arc<Mmap>);

impl Deref for SharedMap {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

// SAFETY: the bytes are the map's, which stays at one address until the last `Arc` is dropped.
unsafe impl StableDeref for SharedMap {}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident_kb(map: &[u8]) -> u64 {
        // The map's line in /proc/self/smaps is followed by its Rss.
        let start = format!("{:x}-", map.as_ptr() as usize);
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut lines = smaps.lines().skip_while(|l| !l.starts_with(&start));
        lines
            .find_map(|l| l.strip_prefix("Rss:"))
            .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("the map's Rss line")
    }

    #[test]
    fn pages_read_are_handed_back_and_read_again_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = Path::new("segment.pos");
        let content: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 251) as u8).collect();
        std::fs::write(dir.path().join(path), &content).unwrap();
        let maps = ReleasedMaps::default();
        let handle = maps.open(path, &dir.path().join(path)).unwrap();
        let bytes = handle.read_bytes(0..content.len()).unwrap();
        assert_eq!(bytes.as_slice(), &content[..]);
        assert!(
            resident_kb(bytes.as_slice()) >= 4096,
            "all pages read are resident"
        );

        maps.release();
        assert_eq!(resident_kb(bytes.as_slice()), 0, "released");
        assert_eq!(bytes.as_slice(), &content[..], "read again, the same bytes");
    }

    #[test]
    fn the_thread_releases_the_pages_of_a_live_map() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), vec![7u8; 1 << 20]).unwrap();
        let maps = ReleasedMaps::start();
        let handle = maps.open(Path::new("a"), &dir.path().join("a")).unwrap();
        let bytes = handle.read_bytes(0..1 << 20).unwrap();
        assert!(bytes.as_slice().iter().all(|&b| b == 7));
        // Generous: the thread releases every RELEASE_EVERY; this only bounds a hung test.
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while resident_kb(bytes.as_slice()) > 0 {
            assert!(std::time::Instant::now() < deadline, "never released");
            thread::sleep(RELEASE_EVERY);
        }
    }

    #[test]
    fn maps_are_forgotten_when_dropped_and_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), b"abc").unwrap();
        std::fs::write(dir.path().join("empty"), b"").unwrap();
        let maps = ReleasedMaps::default();
        let a = maps.open(Path::new("a"), &dir.path().join("a")).unwrap();
        let empty = maps
            .open(Path::new("empty"), &dir.path().join("empty"))
            .unwrap();
        assert_eq!(empty.read_bytes(0..0).unwrap().as_slice(), b"");
        assert_eq!(maps.live(), 1);
        drop(a);
        assert_eq!(maps.live(), 0);
        match maps.open(Path::new("gone"), &dir.path().join("gone")) {
            Err(OpenReadError::FileDoesNotExist(p)) => assert_eq!(p, Path::new("gone")),
            other => panic!("expected FileDoesNotExist, got {other:?}"),
        }
    }
}
