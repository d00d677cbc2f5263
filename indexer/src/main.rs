//! `arshif-index`: the allocator, then the command line parsed ([`arshif_index::cli`]) and
//! handed to the library ([`arshif_index::commands`]); the work is all there.

use std::process::ExitCode;

use arshif_index::cli::Args;
use arshif_index::commands;
use clap::Parser;

/// mimalloc rather than the system's allocator: an indexing run frees most of what it
/// allocated (queued documents, the writer's segment buffers) before its last merges, which
/// map the new index's segments — glibc kept the freed ~750 MB in its per-thread arenas, so
/// the two added up to the run's peak; mimalloc returns it (peak RSS at 100k articles 1.53 →
/// 1.15 GB, see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Positions in mimalloc's `mi_option_t` (v3, as libmimalloc-sys 0.1.49 builds it; the crate
/// does not name them, and the workspace pins that version so they cannot move under us).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;

/// Tunes the allocator for a run that builds and frees large buffers. mimalloc reads its options
/// from the environment before `main`, so these defaults are set here, first thing, and an
/// option given in the environment (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ALLOW_THP`) still wins.
///
/// - Freed memory goes back to the system at once rather than after the default 10 ms: a run
///   frees large buffers (a segment's postings, a merge's) while others grow, and the delay let
///   them add up — anonymous peak at 100k articles 546, 548 → 525, 515 MiB, no slower.
/// - No transparent huge pages: mimalloc asks for them, and a 2 MiB page faults in (and zeroes)
///   whole even where a buffer touches a few KiB of it — peak RSS at 100k articles 534 → 485
///   MiB, at 1M 564–628 → 566 MiB, and no slower (the kernel zeroes less). mimalloc's own switch
///   only takes effect at its start-up, so the process also opts out with `PR_SET_THP_DISABLE`,
///   as mimalloc does when `MIMALLOC_ALLOW_THP=0` is set (the indexer starts no other program,
///   so nothing else inherits it). Numbers in BENCHMARKS.md.
fn tune_allocator() {
    default_option("MIMALLOC_PURGE_DELAY", MI_OPTION_PURGE_DELAY, 0);
    if default_option("MIMALLOC_ALLOW_THP", MI_OPTION_ALLOW_THP, 0) {
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no memory of ours;
        // a kernel without it returns an error, which leaves huge pages on and is harmless.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

/// Sets mimalloc's `option` to `value` unless the environment variable `env` gives it; true if
/// it was set here.
fn default_option(
    env: &str,
    option: libmimalloc_sys::mi_option_t,
    value: std::ffi::c_long,
) -> bool {
    if std::env::var_os(env).is_some() {
        return false;
    }
    // SAFETY: sets a plain integer option, first thing in `main`, before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(option, value) };
    true
}

fn main() -> ExitCode {
    tune_allocator();
    // Before any thread: the index is created 0755/0644 at most, whatever the umask.
    arshif_index::files::restrict_umask();
    let args = Args::parse();
    commands::run(args)
}
