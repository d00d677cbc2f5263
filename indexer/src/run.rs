//! One indexing run: walk, parse in parallel, add, commit once.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use arshif_schema::extract::{self, Extractor};
use arshif_schema::{create_or_open, Gazetteer};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tantivy::{IndexWriter, TantivyDocument};

use crate::corpus::{self, SourceFile};
use crate::parse::{self, Problem};
use crate::tag;

/// tantivy needs at least this much writer memory per indexing thread.
const MIN_MEMORY_PER_THREAD: u64 = 15 << 20;
/// tantivy uses at most this many indexing threads.
const MAX_WRITER_THREADS: usize = 8;

/// What to index, where, and with which resources.
#[derive(Clone, Debug)]
pub struct IndexOptions {
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Total memory budget of the tantivy writer, in bytes.
    pub memory: u64,
    /// Threads for parsing and for the writer.
    pub threads: usize,
    /// Files larger than this are skipped.
    pub max_file_size: u64,
    /// Start from an empty index.
    pub rebuild: bool,
    /// Draw a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// A gazetteer file adding to or overriding the built-in one.
    pub gazetteer: Option<PathBuf>,
    /// How to find countries and actors in the text; `None`: metadata only.
    pub extract: Option<extract::Options>,
}

/// What a run did; printed as the one-line summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Article files read (a JSONL file counts once).
    pub files: usize,
    pub documents: usize,
    /// Files or lines not indexed, each reported on stderr.
    pub skipped: usize,
    /// Documents indexed with something left out, each reported on stderr.
    pub warnings: usize,
    /// Files of other types in the corpus, not read.
    pub ignored: usize,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Time spent extracting countries and actors, summed over threads.
    pub extraction: Duration,
}

impl Summary {
    /// `indexed 23 documents from 22 files (41.2 KB) in 0.31 s (74 docs/s); skipped 2; …`
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.documents as f64 / secs
        } else {
            0.0
        };
        let mut line = format!(
            "indexed {} documents from {} files ({}) in {secs:.2} s ({rate:.0} docs/s); skipped {}",
            self.documents,
            self.files,
            crate::size::human(self.bytes),
            self.skipped,
        );
        if self.warnings > 0 {
            line += &format!("; {} warnings", self.warnings);
        }
        if self.ignored > 0 {
            line += &format!("; {} files of other types ignored", self.ignored);
        }
        if !self.extraction.is_zero() {
            line += &format!(
                "; entity extraction {:.2} s of thread time",
                self.extraction.as_secs_f64()
            );
        }
        line
    }
}

fn report(bar: &ProgressBar, what: &str, problem: &Problem) {
    bar.suspend(|| {
        eprintln!(
            "arshif-index: {what} {}: {}",
            problem.location, problem.reason
        )
    });
}

/// Indexes `options.corpus` into `options.index` and commits once.
///
/// The run replaces the index's content with the corpus as it is now, atomically: searchers see
/// the previous commit until this one lands. Problems with single files or lines are reported on
/// stderr and counted; only problems with the index or the corpus root fail the run.
pub fn run(options: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    if !options.corpus.is_dir() {
        bail!(
            "corpus directory {} does not exist or is not a directory",
            options.corpus.display()
        );
    }
    let threads = options.threads.max(1);
    let writer_threads = threads.min(MAX_WRITER_THREADS);
    if options.memory < MIN_MEMORY_PER_THREAD * writer_threads as u64 {
        bail!(
            "--memory {} is too small for {writer_threads} threads: tantivy needs at least 15M per thread (try --memory {}M or fewer --threads)",
            crate::size::human(options.memory),
            15 * writer_threads
        );
    }
    let gazetteer = Gazetteer::load(options.gazetteer.as_deref())?;
    let extractor = options.extract.map(|o| Extractor::new(&gazetteer, o));
    let opened = create_or_open(&options.index, options.rebuild)
        .with_context(|| format!("cannot open the index at {}", options.index.display()))?;
    let memory = options
        .memory
        .min(u32::MAX as u64 * writer_threads as u64 / 2) as usize;
    let mut writer: IndexWriter<TantivyDocument> = opened
        .index
        .writer_with_num_threads(writer_threads, memory)
        .map_err(|e| match e {
            tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                "index {} is being updated by another arshif-index; wait for it to finish",
                options.index.display()
            ),
            other => anyhow::Error::new(other).context("cannot start the index writer"),
        })?;

    let walk = corpus::walk(&options.corpus, Some(&options.index));
    let bar = progress_bar(options.progress, walk.files.len() as u64);
    let skipped = AtomicUsize::new(walk.errors.len());
    for (location, reason) in &walk.errors {
        report(
            &bar,
            "skipped",
            &Problem {
                location: location.clone(),
                reason: reason.clone(),
            },
        );
    }

    // A rerun replaces everything; the deletes and the adds land in the same commit.
    writer.delete_all_documents()?;
    let fields = opened.fields;
    let extraction_nanos = AtomicU64::new(0);
    let documents = AtomicUsize::new(0);
    let warnings = AtomicUsize::new(0);
    let bytes = AtomicU64::new(0);
    let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the parsing threads")?;
    pool.install(|| {
        walk.files.par_iter().for_each(|file: &SourceFile| {
            let mut parsed = parse::parse_file(file, options.max_file_size, &gazetteer);
            if let Some(extractor) = &extractor {
                for article in &mut parsed.articles {
                    let spent = tag::tag(article, extractor);
                    extraction_nanos.fetch_add(spent.as_nanos() as u64, Ordering::Relaxed);
                }
            }
            for problem in &parsed.skipped {
                report(&bar, "skipped", problem);
            }
            for problem in &parsed.warnings {
                report(&bar, "warning:", problem);
            }
            skipped.fetch_add(parsed.skipped.len(), Ordering::Relaxed);
            warnings.fetch_add(parsed.warnings.len(), Ordering::Relaxed);
            bytes.fetch_add(parsed.bytes, Ordering::Relaxed);
            for article in &parsed.articles {
                match writer.add_document(article.to_document(&fields)) {
                    Ok(_) => {
                        documents.fetch_add(1, Ordering::Relaxed);
                    }
                    Err(e) => {
                        let mut slot = failure.lock().unwrap_or_else(|p| p.into_inner());
                        slot.get_or_insert(e);
                    }
                }
            }
            bar.inc(1);
        });
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        // Nothing is committed: the previous commit stays as it was.
        return Err(anyhow::Error::new(e).context("indexing failed; the index is unchanged"));
    }
    bar.set_message("committing");
    writer
        .commit()
        .context("commit failed; the index is unchanged")?;
    writer
        .wait_merging_threads()
        .context("merging segments failed after the commit (the commit itself is intact)")?;
    bar.finish_and_clear();
    Ok(Summary {
        files: walk.files.len(),
        documents: documents.into_inner(),
        skipped: skipped.into_inner(),
        warnings: warnings.into_inner(),
        ignored: walk.ignored,
        bytes: bytes.into_inner(),
        elapsed: started.elapsed(),
        extraction: Duration::from_nanos(extraction_nanos.into_inner()),
    })
}

fn progress_bar(enabled: bool, len: u64) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    // Drawn on stderr, and only when stderr is a terminal (indicatif hides it otherwise).
    let bar = ProgressBar::new(len);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files ({per_sec}, eta {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
