//! A slow search on demand, for the server's time-limit test.
//!
//! The test must see a search outlive `--time-limit` — deterministically, not by hoping some
//! query is slow enough on the machine that runs it. When `ARSHIF_SEARCH_TEST_SLOW` names a
//! query, every `/api/search` for exactly that `q` sleeps [`DELAY`] before it searches.
//!
//! Only builds with the `test-hooks` feature (which the end-to-end tests turn on) have it: in
//! the release binary [`slow_search`] is empty and the variable is never read.

use std::time::Duration;

/// The environment variable naming the query to slow down.
pub const ENV: &str = "ARSHIF_SEARCH_TEST_SLOW";
/// How long a slowed search sleeps.
pub const DELAY: Duration = Duration::from_secs(5);

/// Sleeps [`DELAY`] when the request's `q` is the one [`ENV`] names (`test-hooks` builds only).
#[cfg_attr(not(feature = "test-hooks"), allow(unused_variables))]
pub fn slow_search(pairs: &[(String, String)]) {
    #[cfg(feature = "test-hooks")]
    if let Ok(slow) = std::env::var(ENV) {
        if pairs.iter().any(|(k, v)| k == "q" && *v == slow) {
            std::thread::sleep(DELAY);
        }
    }
}
