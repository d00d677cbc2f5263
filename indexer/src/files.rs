//! How the indexer's own files in the index directory are created and opened.
//!
//! The index directory may be shared (a service indexes, people search) and may have been
//! prepared by someone else, so two rules:
//!
//! - **Modes do not follow a careless umask.** The process's umask is made at least `022`
//!   ([`restrict_umask`]): the index directory and every file in it (tantivy's segments too) are
//!   created at most `0755`/`0644` — readable by the people who search, writable only by the
//!   indexer's user — even under `umask 000`. A stricter umask (`077`, for a private archive) is
//!   kept, giving `0700`/`0600`: it is never loosened.
//! - **Our own files are never opened through a symlink** ([`open_own`]): `arshif.lock` and the
//!   run log are opened with `O_NOFOLLOW`, so a symlink planted at their name cannot make the
//!   indexer write its pid or a log over some other file, and a log pointing at `/dev/zero` is
//!   not read forever (only a regular file is read, and only so much of it).

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Makes the process's umask at least `022` (see the module's rule). Call it first thing in
/// `main`, before any thread starts (the umask is per process).
pub fn restrict_umask() {
    #[cfg(unix)]
    // SAFETY: umask(2) only sets and returns the process's file mode mask; it cannot fail.
    unsafe {
        let old = libc::umask(0o022);
        libc::umask(old | 0o022);
    }
}

/// Opens one of the indexer's own files in the index directory, refusing a symlink (ELOOP, or
/// [`io::ErrorKind::InvalidInput`] with a clear message) and anything that is not a regular file.
pub fn open_own(path: &Path, options: &mut OpenOptions) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK too, so that opening a FIFO planted at the name does not wait for a writer.
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        if e.raw_os_error() == Some(ELOOP) {
            not_regular("a symbolic link")
        } else {
            e
        }
    })?;
    if !file.metadata()?.is_file() {
        return Err(not_regular("not a regular file"));
    }
    #[cfg(unix)]
    {
        // Back to blocking I/O for the regular file.
        use std::os::fd::AsRawFd;
        // SAFETY: fcntl on a descriptor we own, with integer flags only.
        unsafe {
            let fd = file.as_raw_fd();
            let flags = libc::fcntl(fd, libc::F_GETFL);
            if flags >= 0 {
                libc::fcntl(fd, libc::F_SETFL, flags & !libc::O_NONBLOCK);
            }
        }
    }
    Ok(file)
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

fn not_regular(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it is {what}, which the index's own files never are; remove it"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symlinks_and_special_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join("arshif.lock");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = open_own(&link, OpenOptions::new().write(true).create(true)).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
        let err = open_own(Path::new("/dev/zero"), OpenOptions::new().read(true)).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        open_own(&target, OpenOptions::new().read(true)).unwrap();
    }
}
