//! One indexing round: walk, compare with the index's manifest, parse what changed in parallel,
//! delete and add, commit once.
//!
//! The round is exact and atomic: new and changed files are (re)indexed, files that are gone are
//! deleted, everything else is left alone — and all of it lands in one tantivy commit, so
//! searchers see the index before the round or after it, never between, and a crash at any moment
//! leaves the previous commit as it was. The next round then converges to the corpus, because the
//! manifest it compares against is part of that same commit.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use arshif_analysis::lang::{self, How, Lang};
use arshif_entities::extract::{self, Extractor};
use arshif_entities::Gazetteer;
use arshif_schema::manifest::{self, file_term, FileStamp, Indexed, Manifest};
use arshif_schema::merge::BoundedMerges;
use arshif_schema::{create_or_open, Article, Fields, Opened};
use arshif_search::watch::{self, Watch};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use tantivy::indexer::IndexWriterOptions;
use tantivy::{IndexWriter, ReloadPolicy};

use crate::backlog::{Backlog, Queued};
use crate::corpus::{self, SourceFile};
use crate::hooks::{self, Point};
use crate::lock;
use crate::parse::{self, Problem};
use crate::tag;

/// tantivy needs at least this much writer memory per indexing thread.
const MIN_MEMORY_PER_THREAD: u64 = 15 << 20;
/// tantivy uses at most this many indexing threads.
const MAX_WRITER_THREADS: usize = 8;
/// The most segment merges run at once (tantivy's default is 4 whatever the cores).
const MAX_MERGE_THREADS: usize = 4;

/// What to index, where, and with which resources.
#[derive(Clone, Debug)]
pub struct IndexOptions {
    /// Corpus directories; each keeps its own documents in the shared index.
    pub corpora: Vec<PathBuf>,
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
    /// The language of articles without a `lang` whose detection is unsure.
    pub default_lang: Lang,
    /// Saved searches, told what each round adds (see [`arshif_search::watch`]).
    pub watches: Vec<Watch>,
}

/// What a round did; printed as the one-line summary and logged for `--status`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents from files that were not in the index.
    pub added: u64,
    /// Documents (re)indexed from files that changed.
    pub updated: u64,
    /// Documents removed: their file is gone, or it changed and now yields fewer documents.
    pub deleted: u64,
    /// Documents of files that did not change (or could not be read this time and were kept).
    pub unchanged: u64,
    /// Files or lines not indexed, each reported on stderr.
    pub skipped: u64,
    /// Documents indexed with something left out, each reported on stderr.
    pub warnings: u64,
    /// Files of other types in the corpora, not read.
    pub ignored: usize,
    /// Files read this round (new or changed ones only).
    pub files_read: usize,
    pub bytes_read: u64,
    pub elapsed: Duration,
    /// Whether a commit was made (false when nothing changed, or the round was abandoned).
    pub committed: bool,
    /// Stopped by a signal before committing: the index is as it was.
    pub abandoned: bool,
    /// Time spent extracting countries and actors, summed over threads.
    pub extraction: Duration,
    /// Articles whose language was detected (they carried no usable `lang`).
    pub detected: u64,
    /// Time spent detecting languages, summed over threads.
    pub detection: Duration,
    /// The files whose documents this round added or replaced (path as indexed, hash): what
    /// the saved searches are run over.
    pub added_files: Vec<(String, u64)>,
}

impl Summary {
    /// The one-line summary printed at the end of a round.
    pub fn line(&self) -> String {
        let secs = self.elapsed.as_secs_f64();
        let mut line = if self.abandoned {
            "abandoned on signal: nothing committed, the index is unchanged".to_string()
        } else if !self.committed {
            format!(
                "nothing changed ({} documents unchanged); no commit",
                self.unchanged
            )
        } else {
            format!(
                "{} added, {} updated, {} deleted, {} unchanged documents",
                self.added, self.updated, self.deleted, self.unchanged
            )
        };
        line += &format!("; skipped {}", self.skipped);
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
        if self.detected > 0 {
            line += &format!(
                "; language detected for {} documents in {:.3} s of thread time",
                self.detected,
                self.detection.as_secs_f64()
            );
        }
        let indexed = (self.added + self.updated) as f64;
        let rate = if secs > 0.0 { indexed / secs } else { 0.0 };
        line += &format!(
            "; read {} files ({}) in {secs:.2} s ({rate:.0} docs/s)",
            self.files_read,
            crate::size::human(self.bytes_read)
        );
        line
    }

    /// The outcome word of the run log.
    pub fn outcome(&self) -> &'static str {
        match (self.abandoned, self.committed, self.skipped > 0) {
            (true, _, _) => "abandoned",
            (false, false, false) => "unchanged",
            (false, false, true) => "unchanged-skipped",
            (false, true, true) => "skipped",
            (false, true, false) => "ok",
        }
    }
}

/// Counters shared by the parsing threads.
#[derive(Default)]
struct Counters {
    added: AtomicU64,
    updated: AtomicU64,
    deleted: AtomicU64,
    unchanged: AtomicU64,
    skipped: AtomicU64,
    warnings: AtomicU64,
    files_read: AtomicUsize,
    bytes_read: AtomicU64,
    extraction_nanos: AtomicU64,
    detected: AtomicU64,
    detection_nanos: AtomicU64,
    added_files: Mutex<Vec<(String, u64)>>,
}

fn report(bar: &ProgressBar, what: &str, problem: &Problem) {
    bar.suspend(|| {
        // The location is a file name and the reason may quote the file: both untrusted.
        eprintln!(
            "arshif-index: {what} {}: {}",
            arshif_schema::sanitize::terminal(&problem.location),
            arshif_schema::sanitize::terminal(&problem.reason)
        )
    });
}

/// Opens the index for this round. `--rebuild` on a sound index this version can open clears it
/// in the round's own commit (atomic); on an index of another schema version, or a damaged one,
/// it removes the index's files (never others) and starts from nothing.
fn open_index(dir: &Path, rebuild: bool) -> Result<(Opened, bool)> {
    let context = || format!("cannot open the index at {}", dir.display());
    if rebuild && dir.is_dir() {
        // A damaged index cannot be rebuilt in place (its writer reads the old segments): it
        // is removed — its files only, never the user's — and the rebuild starts from nothing.
        if let Ok(damage) = crate::verify::verify(dir) {
            if !damage.is_empty() {
                eprintln!(
                    "arshif-index: the index at {} is damaged ({} bad or missing files): starting it again from nothing",
                    arshif_schema::sanitize::terminal(&dir.display().to_string()),
                    damage.len()
                );
                return Ok((create_or_open(dir, true).with_context(context)?, false));
            }
        }
    }
    if rebuild {
        match arshif_schema::index::open_for_indexer(dir) {
            // Built with Japanese bigrams, and the dictionary is here now: start afresh so that
            // the rebuilt index (and its stamp) uses the dictionary.
            Ok(opened) if !arshif_schema::index::japanese_upgradable(dir) => {
                return Ok((opened, true))
            }
            // Another version's index, or one that cannot be opened at all (a damaged
            // meta.json): its files are removed and the rebuild starts from nothing.
            _ => return Ok((create_or_open(dir, true).with_context(context)?, false)),
        }
    }
    Ok((create_or_open(dir, false).with_context(context)?, false))
}

/// A file to read this round: new, or its size or modification time changed.
struct ToRead {
    file: SourceFile,
    /// Its manifest key (absolute path).
    key: String,
    /// What the index holds for it, if anything.
    prev: Option<Indexed>,
}

/// One corpus's work for this round.
struct CorpusPlan {
    root: String,
    to_read: Vec<ToRead>,
    /// Indexed files that are gone.
    removed: Vec<Indexed>,
}

fn plan_corpus(
    corpus: &Path,
    root: &str,
    index_dir: &Path,
    manifest: Manifest,
    bar: &ProgressBar,
    counters: &Counters,
) -> (CorpusPlan, usize) {
    let walk = corpus::walk(corpus, Some(index_dir));
    for e in &walk.errors {
        report(
            bar,
            "skipped",
            &Problem {
                location: e.path.clone(),
                reason: e.reason.clone(),
            },
        );
    }
    counters
        .skipped
        .fetch_add(walk.errors.len() as u64, Ordering::Relaxed);
    // Documents below an entry the walk could not visit are kept: absence is not proven.
    let protected: Vec<String> = walk
        .errors
        .iter()
        .filter_map(|e| e.rel.as_ref())
        .map(|rel| format!("{root}/{rel}"))
        .collect();
    let mut manifest = manifest;
    let mut to_read = Vec::new();
    for file in walk.files {
        let key = format!("{root}/{}", file.rel);
        match manifest.remove(&key) {
            Some(prev) if prev.stamp.size == file.size && prev.stamp.mtime == file.mtime => {
                counters
                    .unchanged
                    .fetch_add(prev.documents, Ordering::Relaxed);
            }
            prev => to_read.push(ToRead { file, key, prev }),
        }
    }
    let mut removed = Vec::new();
    for (key, indexed) in manifest {
        if protected
            .iter()
            .any(|p| key == *p || key.starts_with(&format!("{p}/")))
        {
            counters
                .unchanged
                .fetch_add(indexed.documents, Ordering::Relaxed);
        } else {
            removed.push(indexed);
        }
    }
    (
        CorpusPlan {
            root: root.to_string(),
            to_read,
            removed,
        },
        walk.ignored,
    )
}

/// Runs one round, in four phases: [`open`] the index (and lock it), [`plan`] what changed,
/// [`apply`] it (deletions, then the changed files parsed and added in parallel), and [`commit`]
/// it once. `stop` is checked between files: when it is set, the round is abandoned without
/// committing.
pub fn run(options: &IndexOptions, stop: &AtomicBool) -> Result<Summary> {
    let started = Instant::now();
    let (round, searcher) = open(options)?;
    // A delivery that a crash interrupted after its commit, finished before anything else:
    // this round's journal would replace it.
    deliver(options, &round.index, round.fields, &round.gazetteer)?;
    let had_documents = searcher.num_docs() > 0;
    let counters = Counters::default();
    let bar = progress_bar(options.progress);
    let plan = plan(options, &round, searcher, &bar, &counters)?;
    let mut summary = apply(options, &round, &plan, &bar, counters, stop)?;
    hooks::pause(Point::Add);
    if stop.load(Ordering::Relaxed) {
        // Dropping the writer without committing discards everything this round added.
        bar.finish_and_clear();
        summary.abandoned = true;
        summary.elapsed = started.elapsed();
        return Ok(summary);
    }
    let changed = plan.clear || summary.added + summary.updated + summary.deleted > 0;
    if changed {
        // The first round of an empty index (or a rebuild) is a baseline, not news.
        let news = had_documents && !plan.clear && !summary.added_files.is_empty();
        if news && !options.watches.is_empty() {
            watch::prepare(&options.index, &summary.added_files)
                .context("cannot journal the round for the saved searches; nothing committed")?;
        }
        commit(round.writer, &bar)?;
        summary.committed = true;
        hooks::pause(Point::Deliver);
        bar.finish_and_clear();
        // The lock is still held: the writer went, the rest of the round has not. The commit
        // stands whatever happens here; the journal stays for the next round to deliver.
        if let Err(e) = deliver(options, &round.index, round.fields, &round.gazetteer) {
            eprintln!("arshif-index: warning: {e:#}");
        }
    }
    bar.finish_and_clear();
    summary.elapsed = started.elapsed();
    Ok(summary)
}

/// Reports a journaled round to the saved searches (see [`watch::deliver`]): one line each on
/// stderr.
fn deliver(
    options: &IndexOptions,
    index: &tantivy::Index,
    fields: Fields,
    gazetteer: &Gazetteer,
) -> Result<()> {
    if options.watches.is_empty() {
        return Ok(());
    }
    // A new reader: the round's own commit, if it was just published.
    let opened = Opened::new(index.clone(), fields, options.index.clone());
    let reports = watch::deliver(&opened, &options.watches, gazetteer)
        .context("the saved searches could not be told what the round added (the commit is intact; the next round tries again)")?;
    for report in reports {
        eprintln!("arshif-index: {}", report.line());
    }
    Ok(())
}

/// The index opened for a round, locked, with its writer.
struct Round {
    /// Each corpus once, with its root (the canonical path its manifest keys start with).
    corpora: Vec<(PathBuf, String)>,
    threads: usize,
    /// The writer's memory budget, in bytes.
    memory: usize,
    gazetteer: std::borrow::Cow<'static, Gazetteer>,
    /// The index, with its analyzers: the saved searches read it after the commit.
    index: tantivy::Index,
    fields: Fields,
    /// `--rebuild` clears the index in this round's commit.
    clear: bool,
    writer: IndexWriter<Queued>,
    /// Held until the round ends, and let go of after the writer (fields drop in order): one
    /// indexer per index.
    _lock: lock::IndexLock,
}

/// Phase 1: checks the options, loads the gazetteer, locks and opens the index, starts its
/// writer; and a searcher of the last commit, to read its manifest.
fn open(options: &IndexOptions) -> Result<(Round, tantivy::Searcher)> {
    let mut corpora = Vec::new();
    let mut seen_roots = HashSet::new();
    for corpus in &options.corpora {
        if !corpus.is_dir() {
            bail!(
                "corpus directory {} does not exist or is not a directory",
                corpus.display()
            );
        }
        let root = corpus
            .canonicalize()
            .with_context(|| format!("cannot resolve {}", corpus.display()))?;
        if seen_roots.insert(root.clone()) {
            corpora.push((corpus.clone(), root.to_string_lossy().into_owned()));
        }
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
    if options.index.exists() && !options.index.is_dir() {
        bail!("index path {} is not a directory", options.index.display());
    }
    std::fs::create_dir_all(&options.index)
        .with_context(|| format!("cannot create index directory {}", options.index.display()))?;
    let gazetteer = Gazetteer::load(options.gazetteer.as_deref())?;
    let lock = lock::acquire(&options.index).map_err(|e| match e {
        // Kept as its own type so that the caller can exit with status 3.
        lock::LockError::Locked(locked) => anyhow::Error::new(locked),
        other => anyhow::Error::new(other),
    })?;
    let (opened, clear) = open_index(&options.index, options.rebuild)?;
    let memory = options
        .memory
        .min(u32::MAX as u64 * writer_threads as u64 / 2) as usize;
    let writer: IndexWriter<Queued> = opened
        .index
        .writer_with_options(
            IndexWriterOptions::builder()
                .num_worker_threads(writer_threads)
                .memory_budget_per_thread(memory / writer_threads)
                // Each concurrent merge maps its input: more merges than cores add memory,
                // not speed.
                .num_merge_threads(threads.clamp(1, MAX_MERGE_THREADS))
                .build(),
        )
        .context("cannot start the index writer")?;
    writer.set_merge_policy(Box::new(BoundedMerges::default()));
    let searcher = opened
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .context("cannot read the index")?
        .searcher();
    let round = Round {
        corpora,
        threads,
        memory,
        gazetteer,
        index: opened.index.clone(),
        fields: opened.fields,
        clear,
        writer,
        _lock: lock,
    };
    Ok((round, searcher))
}

/// What a round will do.
struct Plan {
    /// Per corpus: the files to read and the indexed files that are gone.
    corpora: Vec<CorpusPlan>,
    /// Files of other types, not read.
    ignored: usize,
    /// Clear the index first (`--rebuild`).
    clear: bool,
}

/// Phase 2: walks each corpus and compares it with the index's manifest (read with `searcher`,
/// which is then let go of).
fn plan(
    options: &IndexOptions,
    round: &Round,
    searcher: tantivy::Searcher,
    bar: &ProgressBar,
    counters: &Counters,
) -> Result<Plan> {
    let mut corpora = Vec::new();
    let mut ignored = 0;
    for (corpus, root) in &round.corpora {
        let manifest = if round.clear {
            Manifest::new()
        } else {
            manifest::load(&searcher, &round.fields, root)
                .context("cannot read the index's manifest")?
        };
        let (plan, n) = plan_corpus(corpus, root, &options.index, manifest, bar, counters);
        ignored += n;
        corpora.push(plan);
    }
    // The manifest is read: let go of the previous commit's segments, so that the files the
    // writer replaces (all of them with --rebuild) can be freed as the run goes.
    drop(searcher);
    Ok(Plan {
        corpora,
        ignored,
        clear: round.clear,
    })
}

/// Phase 3: deletes what is gone, then reads, parses and adds the new and changed files in
/// parallel. Returns the round's counts (nothing is committed yet).
fn apply(
    options: &IndexOptions,
    round: &Round,
    plan: &Plan,
    bar: &ProgressBar,
    counters: Counters,
    stop: &AtomicBool,
) -> Result<Summary> {
    let (fields, writer) = (&round.fields, &round.writer);
    let extractor = options
        .extract
        .map(|o| LazyExtractor::new(&round.gazetteer, o));
    if plan.clear {
        writer.delete_all_documents()?;
    }
    for corpus in &plan.corpora {
        for gone in &corpus.removed {
            writer.delete_term(file_term(fields, &gone.stamp.file));
            counters
                .deleted
                .fetch_add(gone.documents, Ordering::Relaxed);
        }
    }

    hooks::pause(Point::Walk);
    let total: usize = plan.corpora.iter().map(|p| p.to_read.len()).sum();
    bar.set_length(total as u64);
    let failure: Mutex<Option<tantivy::TantivyError>> = Mutex::new(None);
    let backlog = Backlog::for_budget(round.memory);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(round.threads)
        .build()
        .context("cannot start the parsing threads")?;
    let work: Vec<(&str, &ToRead)> = plan
        .corpora
        .iter()
        .flat_map(|p| p.to_read.iter().map(move |w| (p.root.as_str(), w)))
        .collect();
    pool.install(|| {
        work.par_iter().for_each(|(root, item)| {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let job = FileJob {
                root,
                file: &item.file,
                key: &item.key,
                prev: item.prev.as_ref(),
                fields,
                options,
                gazetteer: &round.gazetteer,
                extractor: extractor.as_ref(),
                bar,
                counters: &counters,
            };
            if let Err(e) = job.run(writer, &backlog) {
                let mut slot = failure.lock().unwrap_or_else(|p| p.into_inner());
                slot.get_or_insert(e);
            }
            bar.inc(1);
        });
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        // Nothing is committed: the previous commit stays as it was.
        return Err(with_storage_diagnosis(
            e,
            &options.index,
            "indexing failed; the index is unchanged",
        ));
    }
    Ok(Summary {
        added: counters.added.into_inner(),
        updated: counters.updated.into_inner(),
        deleted: counters.deleted.into_inner(),
        unchanged: counters.unchanged.into_inner(),
        skipped: counters.skipped.into_inner(),
        warnings: counters.warnings.into_inner(),
        ignored: plan.ignored,
        files_read: counters.files_read.into_inner(),
        bytes_read: counters.bytes_read.into_inner(),
        extraction: Duration::from_nanos(counters.extraction_nanos.into_inner()),
        detected: counters.detected.into_inner(),
        detection: Duration::from_nanos(counters.detection_nanos.into_inner()),
        added_files: counters
            .added_files
            .into_inner()
            .unwrap_or_else(|p| p.into_inner()),
        ..Summary::default()
    })
}

/// Phase 4: publishes everything the round wrote as one commit, then lets the merges finish.
fn commit(mut writer: IndexWriter<Queued>, bar: &ProgressBar) -> Result<()> {
    bar.set_message("committing");
    let prepared = writer
        .prepare_commit()
        .context("commit failed; the index is unchanged")?;
    hooks::pause(Point::Commit);
    prepared
        .commit()
        .context("commit failed; the index is unchanged")?;
    writer
        .wait_merging_threads()
        .context("merging segments failed after the commit (the commit itself is intact)")?;
    Ok(())
}

/// tantivy's worker threads report a failed write as "an index writer was killed", losing the
/// I/O error behind it. The usual cause is storage, so try writing to the index directory and,
/// if that fails too, say why (`No space left on device`, `Read-only file system`, …).
fn with_storage_diagnosis(e: tantivy::TantivyError, dir: &Path, what: &str) -> anyhow::Error {
    let probe = dir.join(".arshif-space-probe");
    let written = std::fs::File::create(&probe).and_then(|mut f| {
        use std::io::Write;
        f.write_all(&[0u8; 1 << 20])?;
        f.sync_all()
    });
    let _ = std::fs::remove_file(&probe);
    let error = anyhow::Error::new(e).context(what.to_string());
    match written {
        Err(io) => error.context(format!(
            "cannot write to the index directory {}: {io}",
            dir.display()
        )),
        Ok(()) => error,
    }
}

/// The extractor, compiled when the first article needs it: compiling its 80,000 names of
/// countries, actors and places takes about 0.2 s of CPU, which a rerun that finds nothing
/// new (cron every 15 minutes) should not pay.
struct LazyExtractor<'g> {
    gazetteer: &'g Gazetteer,
    options: extract::Options,
    built: std::sync::OnceLock<Extractor<'g>>,
}

impl<'g> LazyExtractor<'g> {
    fn new(gazetteer: &'g Gazetteer, options: extract::Options) -> LazyExtractor<'g> {
        LazyExtractor {
            gazetteer,
            options,
            built: std::sync::OnceLock::new(),
        }
    }

    fn get(&self) -> &Extractor<'g> {
        self.built
            .get_or_init(|| Extractor::new(self.gazetteer, self.options))
    }
}

/// One file to read this round.
struct FileJob<'a> {
    root: &'a str,
    file: &'a SourceFile,
    key: &'a str,
    prev: Option<&'a Indexed>,
    fields: &'a Fields,
    options: &'a IndexOptions,
    gazetteer: &'a Gazetteer,
    extractor: Option<&'a LazyExtractor<'a>>,
    bar: &'a ProgressBar,
    counters: &'a Counters,
}

impl FileJob<'_> {
    fn keep_previous(&self, why: &str) {
        if let Some(prev) = self.prev {
            self.bar.suspend(|| {
                eprintln!(
                    "arshif-index: keeping the previously indexed version of {} ({})",
                    arshif_schema::sanitize::terminal(&self.file.path.display().to_string()),
                    arshif_schema::sanitize::terminal(why)
                )
            });
            self.counters
                .unchanged
                .fetch_add(prev.documents, Ordering::Relaxed);
        }
    }

    /// Replaces the article's `lang` with the language its text is indexed in (see
    /// [`arshif_analysis::lang`]); a `lang` that names no language we analyse is a
    /// warning, returned.
    fn decide_language(
        &self,
        article: &mut Article,
        location: &str,
        index: usize,
    ) -> Option<Problem> {
        let c = self.counters;
        let started = Instant::now();
        let decision = lang::decide(
            article.lang.as_deref(),
            &article.title,
            &article.body,
            self.options.default_lang,
        );
        if decision.how != How::Given {
            c.detected.fetch_add(1, Ordering::Relaxed);
            c.detection_nanos
                .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        }
        let warning = decision.unknown.map(|unknown| {
            let at = match article.id.rsplit_once('#') {
                Some((_, n)) => format!("{location} (article {n})"),
                None if index > 0 => format!("{location} (article {})", index + 1),
                None => location.to_string(),
            };
            Problem {
                location: at,
                reason: format!(
                    "{unknown}; indexed as {} ({})",
                    decision.lang.name(),
                    match decision.how {
                        How::Detected => "detected",
                        _ => "the default language",
                    }
                ),
            }
        });
        if decision.lang == Lang::Ja {
            if let Some(warning) = arshif_analysis::japanese_warning() {
                static ONCE: std::sync::Once = std::sync::Once::new();
                ONCE.call_once(|| {
                    self.bar
                        .suspend(|| eprintln!("arshif-index: warning: {warning}"))
                });
            }
        }
        article.lang = Some(decision.lang.code().to_string());
        warning
    }

    fn run(&self, writer: &IndexWriter<Queued>, backlog: &Arc<Backlog>) -> tantivy::Result<()> {
        let c = self.counters;
        let bytes = match parse::read(self.file, self.options.max_file_size) {
            Ok(bytes) => bytes,
            Err(problem) => {
                report(self.bar, "skipped", &problem);
                c.skipped.fetch_add(1, Ordering::Relaxed);
                self.keep_previous("it cannot be read now");
                return Ok(());
            }
        };
        c.files_read.fetch_add(1, Ordering::Relaxed);
        c.bytes_read
            .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes);
        if let Some(prev) = self.prev.filter(|p| p.stamp.hash == hash) {
            // Touched, not changed.
            c.unchanged.fetch_add(prev.documents, Ordering::Relaxed);
            return Ok(());
        }
        let location = self.file.path.display().to_string();
        let mut parsed = parse::parse_bytes(
            &location,
            &self.file.rel,
            self.file.format,
            &bytes,
            self.gazetteer,
        );
        // In parallel: a large JSONL file is one job, and detection is most of the time its
        // articles take here.
        let unknown: Vec<Problem> = parsed
            .articles
            .par_iter_mut()
            .enumerate()
            .filter_map(|(i, article)| self.decide_language(article, &location, i))
            .collect();
        parsed.warnings.extend(unknown);
        if let Some(extractor) = self.extractor.filter(|_| !parsed.articles.is_empty()) {
            let extractor = extractor.get();
            for article in &mut parsed.articles {
                let spent = tag::tag(article, extractor);
                c.extraction_nanos
                    .fetch_add(spent.as_nanos() as u64, Ordering::Relaxed);
            }
        }
        for problem in &parsed.skipped {
            report(self.bar, "skipped", problem);
        }
        for problem in &parsed.warnings {
            report(self.bar, "warning:", problem);
        }
        c.skipped
            .fetch_add(parsed.skipped.len() as u64, Ordering::Relaxed);
        c.warnings
            .fetch_add(parsed.warnings.len() as u64, Ordering::Relaxed);
        if parsed.articles.is_empty() && self.prev.is_some() {
            self.keep_previous("no article could be read from its new content");
            return Ok(());
        }
        hooks::pause(Point::Parse);
        let stamp = FileStamp {
            corpus: self.root.to_string(),
            file: self.key.to_string(),
            size: self.file.size,
            mtime: self.file.mtime,
            hash,
        };
        let n = parsed.articles.len() as u64;
        match self.prev {
            Some(prev) => {
                writer.delete_term(file_term(self.fields, self.key));
                c.updated.fetch_add(n, Ordering::Relaxed);
                c.deleted
                    .fetch_add(prev.documents.saturating_sub(n), Ordering::Relaxed);
            }
            None => {
                c.added.fetch_add(n, Ordering::Relaxed);
            }
        }
        for article in &parsed.articles {
            let mut doc = article.to_index_document(self.fields);
            stamp.add_to(doc.values_mut(), self.fields);
            writer.add_document(backlog.admit(doc))?;
        }
        if !self.options.watches.is_empty() {
            c.added_files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((stamp.file, stamp.hash));
        }
        Ok(())
    }
}

fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    // Drawn on stderr, and only when stderr is a terminal (indicatif hides it otherwise).
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files ({per_sec}, eta {eta}) {msg}",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}
