//! Pause points for the crash-safety tests.
//!
//! The tests must kill the indexer *at* a given moment — after the walk, while parsing, after documents were
//! added, between writing segments and publishing the commit — not after a sleep that may or may
//! not land there. When `ARSHIF_INDEX_TEST_PAUSE` names a point, the indexer announces
//! `arshif-index: test pause at POINT (pid N)` on stderr when it reaches it the first time, then
//! waits for a line on stdin (the test sends one to go on, or kills the process). Unset, each
//! point costs one environment lookup per run.
//!
//! The points exist only in builds with the `test-hooks` feature, which the end-to-end tests
//! (`arshif-e2e`) turn on; without it [`pause`] is empty and the release binary has no pause
//! points and never reads `ARSHIF_INDEX_TEST_PAUSE`.

/// The environment variable naming the point to pause at.
pub const ENV: &str = "ARSHIF_INDEX_TEST_PAUSE";

/// The places a run can pause at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Point {
    /// After the corpus was walked and compared with the index, before any file is read.
    Walk,
    /// After the first file was parsed, before its documents are added.
    Parse,
    /// After every document was added, before the commit starts.
    Add,
    /// After the new segments are written, before the commit is published.
    Commit,
    /// After the commit is published, before the saved searches are told what it added.
    Deliver,
}

impl Point {
    #[cfg_attr(not(feature = "test-hooks"), allow(dead_code))]
    fn name(self) -> &'static str {
        match self {
            Point::Walk => "walk",
            Point::Parse => "parse",
            Point::Add => "add",
            Point::Commit => "commit",
            Point::Deliver => "deliver",
        }
    }
}

/// Pauses here if the environment asks for this point (once per process).
#[cfg(feature = "test-hooks")]
pub fn pause(point: Point) {
    use std::io::BufRead;
    use std::sync::Once;
    static ONCE: Once = Once::new();
    if std::env::var(ENV).ok().as_deref() != Some(point.name()) {
        return;
    }
    ONCE.call_once(|| {
        eprintln!(
            "arshif-index: test pause at {} (pid {})",
            point.name(),
            std::process::id()
        );
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
    });
}

/// Without the `test-hooks` feature there are no pause points.
#[cfg(not(feature = "test-hooks"))]
#[inline(always)]
pub fn pause(_point: Point) {}
