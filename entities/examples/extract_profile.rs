//! Runs entity extraction alone over the files of a directory, many times, for profiling (e.g.
//! under `valgrind --tool=callgrind`, which counts instructions and ignores the machine's load):
//!
//!     cargo build --release -p arshif-entities --example extract_profile
//!     valgrind --tool=callgrind target/release/examples/extract_profile data-samples 20
//!
//! Prints the number of countries and actors found, so that two versions can be compared.
use std::path::Path;

use arshif_entities::extract::{Extractor, Options};
use arshif_entities::gazetteer::Gazetteer;

fn read_dir(dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            read_dir(&path, out);
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            out.push(text);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "data-samples".into());
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(10);
    let mut texts = Vec::new();
    read_dir(Path::new(&dir), &mut texts);
    let extractor = Extractor::new(Gazetteer::builtin(), Options::default());
    let (mut countries, mut actors) = (0, 0);
    for _ in 0..rounds {
        for text in &texts {
            let found = extractor.extract("", text);
            countries += found.countries.len();
            actors += found.actors.len();
        }
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} files, {bytes} bytes, {rounds} rounds: {countries} countries, {actors} actors",
        texts.len()
    );
}
