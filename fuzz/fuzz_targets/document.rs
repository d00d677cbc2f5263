//! Fuzz target: any bytes as a .txt, .json and .jsonl article file (see tests/src/invariants.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Err(broken) = arshif_e2e::invariants::parse_document(bytes) {
        panic!("{broken}");
    }
});
