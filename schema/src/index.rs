//! Creating and opening Arshif indexes.
//!
//! An index directory holds tantivy's files plus `arshif.json`, which records the schema version
//! the index was built with, and how its Japanese text was analysed (words through the lindera
//! dictionary, or bigrams without it). Opening always registers the analyzers and checks both, so
//! a binary never reads an index whose terms were made by different analysis.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::directory::{Access, ArshifDirectory};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use crate::{analyzers, Error, Result};
use arshif_analysis::cjk::japanese::{self, JapaneseAnalysis};

/// The file, inside an index directory, that stamps it with Arshif's schema version.
pub const STAMP_FILE: &str = "arshif.json";

#[derive(Serialize, Deserialize)]
struct Stamp {
    schema_version: u32,
    created_by: String,
    /// How Japanese was analysed; absent when no Japanese analyzer was registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    japanese: Option<JapaneseAnalysis>,
}

/// Where the index lives; both binaries resolve it the same way (`--index`, `$ARSHIF_INDEX`,
/// `.arshif/`).
pub struct IndexPaths;

impl IndexPaths {
    /// The environment variable that names the index directory.
    pub const ENV: &'static str = "ARSHIF_INDEX";
    /// The default index directory, relative to the current directory.
    pub const DEFAULT: &'static str = ".arshif";
}

/// An open index and the handles to its fields.
pub struct Opened {
    pub index: Index,
    pub fields: Fields,
    pub path: PathBuf,
    /// One reader for every search of this opened index; see [`Opened::latest_searcher`].
    reader: OnceLock<IndexReader>,
}

impl Opened {
    pub fn new(index: Index, fields: Fields, path: PathBuf) -> Opened {
        Opened {
            index,
            fields,
            path,
            reader: OnceLock::new(),
        }
    }

    /// A searcher on the index's latest commit. The reader is made once and reloaded for each
    /// search, so segments that a new commit keeps stay mapped: a reader per search mapped every
    /// file again and faulted its pages back in — a third of a search's time in an interactive
    /// session or a benchmark on a million articles.
    pub fn latest_searcher(&self) -> tantivy::Result<Searcher> {
        let reader = self.reader()?;
        reader.reload()?;
        Ok(reader.searcher())
    }

    /// A searcher on the commit the last [`Opened::latest_searcher`] saw (the latest, if none
    /// did): what a search's histogram and score explanations must count on.
    pub fn searcher(&self) -> tantivy::Result<Searcher> {
        Ok(self.reader()?.searcher())
    }

    fn reader(&self) -> tantivy::Result<&IndexReader> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader);
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| reader))
    }
}

fn has_index(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Reads one of Arshif's small files in the index directory: only from a regular file (a
/// symlink planted there pointing at `/dev/zero`, or a FIFO, would be read or waited on
/// forever) and only its first 64 KiB (a stamp is a few lines).
fn read_small(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    if !fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let mut text = String::new();
    fs::File::open(path)?
        .take(64 << 10)
        .read_to_string(&mut text)?;
    Ok(text)
}

fn check_stamp(dir: &Path) -> Result<Stamp> {
    let mismatch = |found: String| Error::SchemaVersion {
        path: dir.to_path_buf(),
        found,
        expected: SCHEMA_VERSION,
    };
    let text = match read_small(&dir.join(STAMP_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(mismatch("none (no arshif.json)".into()))
        }
        Err(e) => {
            return Err(Error::io(
                format!("cannot read {}", dir.join(STAMP_FILE).display()),
                e,
            ))
        }
    };
    match serde_json::from_str::<Stamp>(&text) {
        Ok(stamp) if stamp.schema_version == SCHEMA_VERSION => Ok(stamp),
        Ok(stamp) => Err(mismatch(stamp.schema_version.to_string())),
        Err(_) => Err(mismatch("unreadable".into())),
    }
}

fn finish(index: Index, path: &Path) -> Result<Opened> {
    analyzers::register(&index);
    let fields = Fields::new(&index.schema()).map_err(|_| Error::SchemaVersion {
        path: path.to_path_buf(),
        found: "a schema without Arshif's fields".into(),
        expected: SCHEMA_VERSION,
    })?;
    Ok(Opened::new(index, fields, path.to_path_buf()))
}

/// The Japanese analysis registered on `index` now (`None` without a Japanese analyzer).
fn japanese_in_force(index: &Index) -> Option<JapaneseAnalysis> {
    let mut analyzer = index.tokenizers().get(japanese::ANALYZER_NAME)?;
    JapaneseAnalysis::of(&mut analyzer)
}

/// Keeps an index's Japanese analysis the one it was built with. Built with bigrams and opened
/// where the dictionary loads: it keeps bigrams (queries match; `--rebuild` moves it to words).
/// Built with the dictionary and opened where it is missing: an error that says what to do, as
/// bigram queries would silently find no Japanese article.
fn keep_japanese(opened: &Opened, recorded: Option<JapaneseAnalysis>) -> Result<()> {
    let (Some(recorded), Some(available)) = (recorded, japanese_in_force(&opened.index)) else {
        return Ok(());
    };
    match (recorded, available) {
        (JapaneseAnalysis::Bigram, JapaneseAnalysis::Lindera) => {
            opened.index.tokenizers().register(
                japanese::ANALYZER_NAME,
                arshif_analysis::cjk::bigram::cjk_bigram_analyzer(),
            );
            Ok(())
        }
        (recorded, available) if recorded != available => Err(Error::JapaneseAnalysis {
            path: opened.path.clone(),
            recorded,
            available,
        }),
        _ => Ok(()),
    }
}

/// Whether the index in `dir` was built with Japanese bigrams while the dictionary loads now:
/// it keeps working with bigrams, but a `--rebuild` should start afresh to use the dictionary.
pub fn japanese_upgradable(dir: &Path) -> bool {
    let recorded = check_stamp(dir).ok().and_then(|s| s.japanese);
    let probe = Index::create_in_ram(schema::build());
    analyzers::register(&probe);
    recorded == Some(JapaneseAnalysis::Bigram)
        && japanese_in_force(&probe) == Some(JapaneseAnalysis::Lindera)
}

/// Opens an existing index for searching.
pub fn open(dir: &Path) -> Result<Opened> {
    open_for(dir, Access::Search)
}

/// Opens an existing index for `arshif-index`'s work (writing, merging, verifying): like
/// [`open`], but the pages read are handed back as they go, since each is read once (see
/// [`crate::directory::released`]).
pub fn open_for_indexer(dir: &Path) -> Result<Opened> {
    open_for(dir, Access::Index)
}

fn open_for(dir: &Path, access: Access) -> Result<Opened> {
    if !has_index(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let stamp = check_stamp(dir)?;
    let opened = finish(Index::open(open_directory(dir, access)?)?, dir)?;
    keep_japanese(&opened, stamp.japanese)?;
    Ok(opened)
}

/// Opens the index in `dir` for the indexer (see [`open_for_indexer`]), creating the directory
/// and an empty index if there is none. With `rebuild`, any existing index there is removed
/// first.
pub fn create_or_open(dir: &Path, rebuild: bool) -> Result<Opened> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::NotADirectory(dir.to_path_buf()));
    }
    if rebuild && dir.is_dir() {
        remove_index_files(dir)?;
    }
    if has_index(dir) {
        return open_for_indexer(dir);
    }
    fs::create_dir_all(dir).map_err(|e| {
        Error::io(
            format!("cannot create index directory {}", dir.display()),
            e,
        )
    })?;
    // The stamp is written before the index: an index without one is never taken for current.
    let probe = Index::create_in_ram(schema::build());
    analyzers::register(&probe);
    let stamp = Stamp {
        schema_version: SCHEMA_VERSION,
        created_by: format!("arshif {}", env!("CARGO_PKG_VERSION")),
        japanese: japanese_in_force(&probe),
    };
    let stamp = serde_json::to_string_pretty(&stamp).map_err(|e| Error::io("stamp", e.into()))?;
    fs::write(dir.join(STAMP_FILE), stamp).map_err(|e| {
        Error::io(
            format!("cannot write {}", dir.join(STAMP_FILE).display()),
            e,
        )
    })?;
    let directory = open_directory(dir, Access::Index)?;
    finish(
        Index::create(directory, schema::build(), Default::default())?,
        dir,
    )
}

fn open_directory(dir: &Path, access: Access) -> Result<ArshifDirectory> {
    ArshifDirectory::open(dir, access).map_err(|e| {
        Error::io(
            format!("cannot open index directory {}", dir.display()),
            std::io::Error::other(e.to_string()),
        )
    })
}

/// Removes an index's files but not the directory itself (it may be a mount point, or hold
/// files that are not ours: only tantivy's files and the schema stamp are removed — not the
/// indexer's lock, held by the caller, nor its run log).
fn remove_index_files(dir: &Path) -> Result<()> {
    let entries =
        fs::read_dir(dir).map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(format!("cannot list {}", dir.display()), e))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name == "meta.json"
            || name == ".managed.json"
            || name == STAMP_FILE
            || name.starts_with(".tantivy-")
            || is_segment_file(&name);
        let path = entry.path();
        let kind = fs::symlink_metadata(&path).map(|m| m.file_type());
        if !ours {
            continue;
        }
        match kind {
            Ok(kind) if kind.is_file() || kind.is_symlink() => fs::remove_file(&path)
                .map_err(|e| Error::io(format!("cannot remove {}", path.display()), e))?,
            // A directory where tantivy's file belongs (meta.json made a directory): removed
            // only when empty, so nothing of the user's is ever deleted.
            Ok(kind) if kind.is_dir() => fs::remove_dir(&path).map_err(|e| {
                Error::io(
                    format!(
                        "{} is a directory where the index's own file belongs; move it away",
                        path.display()
                    ),
                    e,
                )
            })?,
            _ => {}
        }
    }
    Ok(())
}

/// tantivy's segment files are `<32 hex digits>.<component>` (and `.del` files with a generation).
fn is_segment_file(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or("");
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && name.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_search_sees_the_latest_commit_and_its_followers_the_same_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        let writing = create_or_open(&path, false).unwrap();
        let mut writer: tantivy::IndexWriter = writing.index.writer(15_000_000).unwrap();
        let add = |writer: &mut tantivy::IndexWriter, id: &str| {
            let article = crate::Article {
                id: id.into(),
                body: "اشتباكات على حدود أرمينيا".into(),
                lang: Some("ar".into()),
                ..crate::Article::default()
            };
            writer
                .add_document(article.to_document(&writing.fields))
                .unwrap();
            writer.commit().unwrap();
        };
        add(&mut writer, "a");
        let searching = open(&path).unwrap();
        assert_eq!(searching.latest_searcher().unwrap().num_docs(), 1);
        add(&mut writer, "b");
        // The searcher of the last search stays on its commit (a histogram or explanation
        // counts what the search counted); the next search sees the new one.
        assert_eq!(searching.searcher().unwrap().num_docs(), 1);
        assert_eq!(searching.latest_searcher().unwrap().num_docs(), 2);
        assert_eq!(searching.searcher().unwrap().num_docs(), 2);
    }

    #[test]
    fn creates_then_reopens_and_checks_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("idx");
        assert!(matches!(open(&path), Err(Error::NoIndex(_))));
        create_or_open(&path, false).unwrap();
        open(&path).unwrap();

        fs::write(
            path.join(STAMP_FILE),
            r#"{"schema_version": 0, "created_by": "x"}"#,
        )
        .unwrap();
        let err = open(&path).err().unwrap();
        assert!(matches!(err, Error::SchemaVersion { .. }));
        assert!(err.to_string().contains("--rebuild"), "{err}");

        // --rebuild clears the old index, and keeps files that are not ours.
        fs::write(path.join("notes.txt"), "mine").unwrap();
        create_or_open(&path, true).unwrap();
        open(&path).unwrap();
        assert!(path.join("notes.txt").exists());
    }

    /// The lindera analyzer over the dictionary the setup script builds; `None` (the test
    /// skipped, saying why) where it is missing and not required.
    fn lindera(test: &str) -> Option<tantivy::tokenizer::TextAnalyzer> {
        let path = japanese::dictionary_for_test(test)?;
        Some(japanese::lindera_analyzer(&path).expect("checked by dictionary_for_test"))
    }

    #[test]
    fn an_index_built_with_the_dictionary_is_not_searched_with_bigrams() {
        let dir = tempfile::tempdir().unwrap();
        let opened = create_or_open(&dir.path().join("idx"), false).unwrap();
        let tokenizers = opened.index.tokenizers();
        tokenizers.register(
            japanese::ANALYZER_NAME,
            arshif_analysis::cjk::bigram::cjk_bigram_analyzer(),
        );
        let err = keep_japanese(&opened, Some(JapaneseAnalysis::Lindera)).unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::JapaneseAnalysis { .. }));
        assert!(message.contains("tools/ja-dict/setup.sh"), "{message}");
        assert!(message.contains("--rebuild"), "{message}");
        // The same analysis on both sides, or no record: nothing to say.
        keep_japanese(&opened, Some(JapaneseAnalysis::Bigram)).unwrap();
        keep_japanese(&opened, None).unwrap();
    }

    #[test]
    fn an_index_built_with_bigrams_keeps_them_when_the_dictionary_appears() {
        let Some(lindera) =
            lindera("an_index_built_with_bigrams_keeps_them_when_the_dictionary_appears")
        else {
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let opened = create_or_open(&dir.path().join("idx"), false).unwrap();
        let tokenizers = opened.index.tokenizers();
        tokenizers.register(japanese::ANALYZER_NAME, lindera);
        assert_eq!(
            japanese_in_force(&opened.index),
            Some(JapaneseAnalysis::Lindera)
        );
        keep_japanese(&opened, Some(JapaneseAnalysis::Bigram)).unwrap();
        assert_eq!(
            japanese_in_force(&opened.index),
            Some(JapaneseAnalysis::Bigram),
            "queries must be cut like the index was"
        );
    }

    #[test]
    fn the_stamp_records_the_japanese_analysis_and_reads_old_stamps() {
        let stamp: Stamp =
            serde_json::from_str(r#"{"schema_version": 3, "created_by": "x"}"#).unwrap();
        assert_eq!(stamp.japanese, None);
        let stamp = Stamp {
            schema_version: 3,
            created_by: "x".into(),
            japanese: Some(JapaneseAnalysis::Lindera),
        };
        let text = serde_json::to_string(&stamp).unwrap();
        assert!(text.contains(r#""japanese":"lindera""#), "{text}");
        let back: Stamp = serde_json::from_str(&text).unwrap();
        assert_eq!(back.japanese, Some(JapaneseAnalysis::Lindera));
    }

    #[test]
    fn refuses_a_file_as_index_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, "x").unwrap();
        assert!(matches!(
            create_or_open(&file, false),
            Err(Error::NotADirectory(_))
        ));
    }
}
