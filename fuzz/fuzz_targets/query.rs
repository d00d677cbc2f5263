//! Fuzz target: any string through the query invariants (see tests/src/invariants.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(broken) = arshif_e2e::invariants::query(text) {
        panic!("{broken}");
    }
});
