//! Turning panics into errors at the binaries' edge.
//!
//! tantivy trusts its files: a segment damaged on disk (a bad sector, a half-copied backup) can
//! make it panic deep inside a decoder instead of returning an error. A user must never see a
//! Rust backtrace for that, nor lose the clear message saying what to do. Both binaries run their
//! work inside [`catch`], which keeps the panic message quiet and hands it back as an error.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Runs `work`; a panic (in it, or in a thread whose panic it propagates) becomes `Err(message)`
/// instead of a backtrace.
pub fn catch<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let message = match info.payload().downcast_ref::<&str>() {
            Some(s) => s.to_string(),
            None => info
                .payload()
                .downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "unknown panic".into()),
        };
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut last = LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner());
        last.get_or_insert(format!("{message}{place}"));
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    panic::set_hook(previous);
    let mut last = LAST_PANIC.lock().unwrap_or_else(|p| p.into_inner());
    result.map_err(|_| last.take().unwrap_or_else(|| "unknown panic".into()))
}

/// What to tell the user after a caught panic while using the index in `index`.
pub fn advice(index: &std::path::Path, message: &str) -> String {
    format!(
        "internal error while using the index at {}: {message}. If the index is damaged, \
         `arshif-index --verify --index {0}` checks it and `arshif-index --rebuild CORPUS_DIR` rebuilds it",
        index.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_become_errors_with_their_message() {
        assert_eq!(catch(|| 41 + 1), Ok(42));
        let err = catch(|| -> u32 { panic!("decoder out of bounds") }).unwrap_err();
        assert!(err.starts_with("decoder out of bounds at "), "{err}");
        let err = catch(|| {
            std::thread::spawn(|| panic!("in a thread {}", 7))
                .join()
                .ok();
            "survived"
        });
        assert_eq!(err, Ok("survived"));
    }
}
