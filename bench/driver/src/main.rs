//! `arshif-bench`: the Rust half of the benchmark against Lucene and plain tantivy
//! (`bench/run.sh` drives it; `BENCHMARKS.md` has the results).
//!
//! - `plain-index`: the plain-tantivy peer — the same JSONL articles, tantivy's default tokenizer,
//!   the same writer threads and memory as `arshif-index`, timed as a whole process;
//! - `query`: the fixed query mix (`bench/corpus.py queries`) run in-process, against an Arshif
//!   index through `arshif_search::search` or against the plain-tantivy index, printing
//!   p50/p95/p99 per query class;
//! - `http-load`: concurrent clients sending the mix to `arshif-search --serve` (loopback only),
//!   throughput, errors and latency percentiles per class (`bench/serve.sh`).

mod http;
mod mix;
mod plain;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "arshif-bench", about = "Benchmark driver (see bench/run.sh)")]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Engine {
    /// An index built by `arshif-index`, searched with `arshif_search::search`.
    Arshif,
    /// The same index doing the peers' work: no snippets, reader opened once.
    ArshifCore,
    /// An index built by `arshif-bench plain-index`.
    Plain,
}

#[derive(Subcommand)]
enum Command {
    /// Index every *.jsonl under CORPUS with plain tantivy (default tokenizer) into INDEX.
    PlainIndex {
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Writer memory budget in MB (arshif-index's --memory).
        #[arg(long, default_value_t = 256)]
        memory_mb: usize,
        /// Index title and body this many times (copies not stored): tantivy's cost of a
        /// second view of every word, the floor under Arshif's exact view (issue 29).
        #[arg(long, default_value_t = 1)]
        views: usize,
        /// Merge no segments (tantivy's NoMergePolicy): the indexing alone, without the merges
        /// the default log policy makes.
        #[arg(long)]
        no_merge: bool,
        index: PathBuf,
        corpus: PathBuf,
    },
    /// Run the query mix in-process and print latency percentiles per class (TSV).
    Query {
        #[arg(long, value_enum)]
        engine: Engine,
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        queries: PathBuf,
        /// Timed passes over the mix (after one untimed warm-up pass).
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Also print the N queries with the highest median latency (to stderr): which queries
        /// make a class's p99.
        #[arg(long, default_value_t = 0)]
        slowest: usize,
    },
    /// Send the query mix to `arshif-search --serve` at URL (loopback only) from CLIENTS threads
    /// for SECONDS; print throughput and errors (stderr) and latency percentiles per class (TSV).
    HttpLoad {
        #[arg(long)]
        url: String,
        #[arg(long)]
        queries: PathBuf,
        #[arg(long, default_value_t = 32)]
        clients: usize,
        #[arg(long, default_value_t = 60)]
        seconds: u64,
    },
}

fn main() -> Result<()> {
    match Args::parse().command {
        Command::PlainIndex {
            threads,
            memory_mb,
            views,
            no_merge,
            index,
            corpus,
        } => plain::index(
            &index,
            &corpus,
            threads,
            memory_mb << 20,
            views.max(1),
            !no_merge,
        ),
        Command::Query {
            engine,
            index,
            queries,
            rounds,
            slowest,
        } => {
            let mix = mix::load(&queries)?;
            let times = match engine {
                Engine::Arshif => mix::run_arshif(&index, &mix, rounds)?,
                Engine::ArshifCore => mix::run_arshif_core(&index, &mix, rounds)?,
                Engine::Plain => plain::run_queries(&index, &mix, rounds)?,
            };
            mix::report(&mix, &times);
            mix::report_slowest(&mix, &times, slowest);
            Ok(())
        }
        Command::HttpLoad {
            url,
            queries,
            clients,
            seconds,
        } => http::load(
            url.trim_end_matches('/'),
            &mix::load(&queries)?,
            clients,
            seconds,
        ),
    }
}
