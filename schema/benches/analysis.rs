//! Throughput of Arabic analysis beside tantivy's default tokenizer, on the same Arabic text
//! (every title and body of `data-samples/`, repeated to about 1 MB).
//!
//!     cargo bench -p arshif-schema --bench analysis
//!
//! Results are recorded in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use arshif_analysis::StemRule;
use arshif_schema::analyzers::analyzer;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tantivy::tokenizer::{LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};

fn corpus_text() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data-samples");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("data-samples is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n != "README.md") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut text = String::new();
    for file in files {
        text.push_str(&std::fs::read_to_string(file).expect("UTF-8 text"));
        text.push('\n');
    }
    let once = text.clone();
    while text.len() < 1 << 20 {
        text.push_str(&once);
    }
    text
}

/// tantivy's `default` tokenizer, as `TokenizerManager::default()` registers it.
fn tantivy_default() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .build()
}

fn count(analyzer: &mut TextAnalyzer, text: &str) -> usize {
    let mut stream = analyzer.token_stream(text);
    let mut n = 0;
    while stream.advance() {
        n += stream.token().text.len();
    }
    n
}

fn bench(c: &mut Criterion) {
    let text = corpus_text();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(30);
    let mut analyzers = [
        ("tantivy_default", tantivy_default()),
        ("arshif_exact", analyzer(StemRule::None)),
        ("arshif_arabic", analyzer(StemRule::Arshif)),
        ("light10", analyzer(StemRule::Light10)),
        ("snowball", analyzer(StemRule::Snowball)),
    ];
    for (name, analyzer) in analyzers.iter_mut() {
        group.bench_function(*name, |b| b.iter(|| count(analyzer, black_box(&text))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
