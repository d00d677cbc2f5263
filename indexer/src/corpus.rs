//! Walking the corpus directory.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

/// The article formats Arshif reads, by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.md`: first non-empty line is the title, the rest the body.
    Text,
    /// `.json`: one article object (or an array of them).
    Json,
    /// `.jsonl`, `.ndjson`: one article object per line.
    JsonLines,
}

impl Format {
    /// The format of a file, from its extension (case-insensitive); `None` for other files.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" => Some(Format::Text),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A file to index.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path relative to the corpus root with `/` separators: the base of document ids.
    pub rel: String,
    pub format: Format,
    /// Size in bytes, from the walk's `stat`.
    pub size: u64,
    /// Modification time in nanoseconds since the Unix epoch (0 if the system has none).
    pub mtime: i64,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<SourceFile>,
    /// Files of other types, not read.
    pub ignored: usize,
    /// Entries the walk could not visit (permission denied, symlink loop…).
    pub errors: Vec<WalkError>,
}

/// An entry the walk could not visit.
#[derive(Clone, Debug)]
pub struct WalkError {
    /// The path as walked (for messages).
    pub path: String,
    /// The path relative to the corpus root: documents indexed from below it are kept, since
    /// the walk could not tell whether they still exist.
    pub rel: Option<String>,
    pub reason: String,
}

/// Walks `root` (following symlinks; walkdir detects loops and reports them) in a stable,
/// sorted order. Hidden files and directories (`.git`, `.arshif`), README files and the
/// directory `skip` (the index itself, if it lies inside the corpus) are left out.
pub fn walk(root: &Path, skip: Option<&Path>) -> Walk {
    let skip = skip.and_then(|s| s.canonicalize().ok());
    let mut walk = Walk::default();
    let mut candidates = Vec::new();
    let entries = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let hidden = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            let is_index =
                skip.is_some() && e.file_type().is_dir() && e.path().canonicalize().ok() == skip;
            !hidden && !is_index
        });
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let rel = err.path().map(|p| relative_id(root, p));
                let path = err
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| root.display().to_string());
                let reason = if err.loop_ancestor().is_some() {
                    "symlink loop, not followed".to_string()
                } else {
                    err.io_error()
                        .map(|e| e.to_string())
                        .unwrap_or_else(|| err.to_string())
                };
                walk.errors.push(WalkError { path, rel, reason });
                continue;
            }
        };
        let kind = entry.file_type();
        if !kind.is_file() && !kind.is_dir() {
            // A FIFO would block the reader forever and /dev/zero or /dev/urandom never end:
            // never read, but named, since the README promises a line for every file skipped.
            walk.errors.push(WalkError {
                path: entry.path().display().to_string(),
                rel: Some(relative_id(root, entry.path())),
                reason: format!("{}, not a regular file: not read", special_kind(&kind)),
            });
            continue;
        }
        if !kind.is_file() || is_readme(entry.path()) {
            continue;
        }
        let Some(format) = Format::of(entry.path()) else {
            walk.ignored += 1;
            continue;
        };
        candidates.push((entry.into_path(), format));
    }
    // One `stat` per file is most of a no-change rerun's cost: spread them over the cores.
    let stats: Vec<_> = candidates
        .into_par_iter()
        .map(|(path, format)| {
            let meta = std::fs::metadata(&path);
            (path, format, meta)
        })
        .collect();
    for (path, format, meta) in stats {
        let rel = relative_id(root, &path);
        match meta {
            Ok(meta) => walk.files.push(SourceFile {
                path,
                rel,
                format,
                size: meta.len(),
                mtime: mtime_nanos(&meta),
            }),
            Err(err) => walk.errors.push(WalkError {
                path: path.display().to_string(),
                rel: Some(rel),
                reason: err.to_string(),
            }),
        }
    }
    walk
}

/// What a file that is neither a regular file nor a directory is, for messages.
pub fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = kind;
    "a special file"
}

/// Modification time in nanoseconds since the epoch; 0 where the platform has none.
pub fn mtime_nanos(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// `README`, `README.md`, `readme.txt`…: they describe a corpus, they are not articles in it.
fn is_readme(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("readme"))
}

/// `root/a/b.txt` → `a/b.txt`, always with `/`, lossily for non-UTF-8 names.
pub fn relative_id(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn finds_articles_skips_hidden_and_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("idx")).unwrap();
        for f in [
            "b.txt",
            "a.JSON",
            "sub/c.jsonl",
            "sub/d.ndjson",
            "e.md",
            "x.png",
            ".git/h.txt",
            "idx/i.json",
        ] {
            fs::write(root.join(f), "x").unwrap();
        }
        let walk = walk(root, Some(&root.join("idx")));
        let rels: Vec<_> = walk.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            vec!["a.JSON", "b.txt", "e.md", "sub/c.jsonl", "sub/d.ndjson"]
        );
        assert_eq!(walk.files[0].format, Format::Json);
        assert_eq!(walk.files[3].format, Format::JsonLines);
        assert_eq!(walk.ignored, 1);
        assert!(walk.errors.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("a.txt"), "x").unwrap();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.txt")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(root.join("fifo.jsonl"))
            .status()
            .unwrap();
        assert!(made.success());
        let walk = walk(root, None);
        assert_eq!(walk.files.len(), 1);
        let errors: Vec<(String, String)> = walk
            .errors
            .iter()
            .map(|e| (e.rel.clone().unwrap(), e.reason.clone()))
            .collect();
        assert_eq!(
            errors,
            vec![
                (
                    "fifo.jsonl".into(),
                    "a FIFO, not a regular file: not read".into()
                ),
                (
                    "zero.txt".into(),
                    "a character device, not a regular file: not read".into()
                ),
            ]
        );
        // Replaced by a FIFO after the walk: refused at once, not waited on.
        let mut file = walk.files[0].clone();
        file.path = root.join("fifo.jsonl");
        let problem = crate::parse::read(&file, 1 << 20).unwrap_err();
        assert!(problem.reason.contains("FIFO"), "{problem:?}");
    }

    #[test]
    fn symlink_loops_are_reported_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("a")).unwrap();
        fs::write(root.join("a/x.txt"), "t").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let walk = walk(root, None);
        assert_eq!(walk.files.len(), 1);
        assert_eq!(walk.errors.len(), 1);
        assert!(walk.errors[0].reason.contains("loop"), "{:?}", walk.errors);
        assert_eq!(walk.errors[0].rel.as_deref(), Some("a/loop"));
    }
}
