//! `arshif-index --verify`, and the check `--rebuild` makes before trusting an old index.
//!
//! tantivy's own check (`Index::validate_checksum`) needs an index it can open, stops at the
//! first file whose footer is unreadable, and skips missing files; its errors are debug text
//! (`IoError { … Footer magic bytes … }`). A damaged index is exactly when a check is needed,
//! so this one reads what it can on its own: `meta.json` and `.managed.json` as JSON, then every
//! file of every segment `meta.json` lists — present, a regular file, with a valid footer, and
//! with content matching the footer's CRC-32 — and names *every* bad or missing file with a
//! one-line, human reason. When `meta.json` itself is unreadable, the segment files present
//! in the directory are checked instead.

use std::fs;
use std::path::Path;

use arshif_schema::directory::{Access, ArshifDirectory};
use tantivy::directory::footer::Footer;
use tantivy::directory::Directory;

/// One damaged or missing file: its name in the index directory, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Damage {
    pub file: String,
    pub reason: String,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.reason)
    }
}

/// Why an index directory could not be checked at all.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("there is no index at {0} (no meta.json and no segment files)")]
    NoIndex(std::path::PathBuf),
    #[error("cannot read the index directory {}: {source}", .path.display())]
    Unreadable {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

/// The files of one segment every Arshif index has, by extension.
const SEGMENT_PARTS: [&str; 6] = ["idx", "pos", "term", "store", "fast", "fieldnorm"];

/// Checks the index in `dir`; returns every damaged or missing file (empty when sound), sorted
/// by file name.
pub fn verify(dir: &Path) -> Result<Vec<Damage>, VerifyError> {
    let unreadable = |source| VerifyError::Unreadable {
        path: dir.to_path_buf(),
        source,
    };
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut damage = Vec::new();
    let segments = match json_file(dir, "meta.json") {
        Ok(meta) => match segment_files(&meta) {
            Some(files) => Some(files),
            None => {
                damage.push(Damage {
                    file: "meta.json".into(),
                    reason: "damaged: it is JSON but does not list the index's segments".into(),
                });
                None
            }
        },
        Err(JsonTrouble::Missing) if !names.iter().any(|n| is_segment_file(n)) => {
            return Err(VerifyError::NoIndex(dir.to_path_buf()))
        }
        Err(trouble) => {
            damage.push(Damage {
                file: "meta.json".into(),
                reason: trouble.to_string(),
            });
            None
        }
    };
    match json_file(dir, ".managed.json") {
        Ok(serde_json::Value::Array(_)) | Err(JsonTrouble::Missing) => {}
        Ok(_) => damage.push(Damage {
            file: ".managed.json".into(),
            reason: "damaged: it is JSON but not tantivy's list of files".into(),
        }),
        Err(trouble) => damage.push(Damage {
            file: ".managed.json".into(),
            reason: trouble.to_string(),
        }),
    }
    // Without a readable meta.json, the segment files that are there are all we can check.
    let files = segments.unwrap_or_else(|| {
        names
            .iter()
            .filter(|n| is_segment_file(n) && !n.ends_with(".store.temp"))
            .cloned()
            .collect()
    });
    let directory = ArshifDirectory::open(dir, Access::Index).ok();
    for file in files {
        if let Some(reason) = check_file(dir, directory.as_ref(), &file) {
            damage.push(Damage { file, reason });
        }
    }
    damage.sort_by(|a, b| a.file.cmp(&b.file));
    damage.dedup();
    Ok(damage)
}

/// What is wrong with a JSON file of the index.
#[derive(Debug)]
enum JsonTrouble {
    Missing,
    Problem(String),
}

impl std::fmt::Display for JsonTrouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JsonTrouble::Missing => write!(f, "missing"),
            JsonTrouble::Problem(p) => write!(f, "{p}"),
        }
    }
}

fn json_file(dir: &Path, name: &str) -> Result<serde_json::Value, JsonTrouble> {
    let path = dir.join(name);
    let meta = match fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(JsonTrouble::Missing),
        Err(e) => return Err(JsonTrouble::Problem(format!("cannot read it: {e}"))),
    };
    if !meta.is_file() {
        return Err(JsonTrouble::Problem(
            "damaged: not a regular file (a directory or a link stands in its place)".into(),
        ));
    }
    if meta.len() == 0 {
        return Err(JsonTrouble::Problem("damaged: empty".into()));
    }
    let bytes =
        fs::read(&path).map_err(|e| JsonTrouble::Problem(format!("cannot read it: {e}")))?;
    serde_json::from_slice(&bytes).map_err(|e| {
        JsonTrouble::Problem(if e.is_eof() {
            "damaged: truncated (its JSON ends too early)".into()
        } else {
            "damaged: not valid JSON (overwritten?)".into()
        })
    })
}

/// The files of the segments `meta.json` lists, or `None` when it lists none readably.
fn segment_files(meta: &serde_json::Value) -> Option<Vec<String>> {
    let segments = meta.get("segments")?.as_array()?;
    let mut files = Vec::new();
    for segment in segments {
        let id: String = segment
            .get("segment_id")?
            .as_str()?
            .chars()
            .filter(|c| *c != '-')
            .collect();
        if !is_segment_file(&format!("{id}.x")) {
            return None;
        }
        files.extend(SEGMENT_PARTS.iter().map(|ext| format!("{id}.{ext}")));
        if let Some(opstamp) = segment
            .get("deletes")
            .and_then(|d| d.get("opstamp"))
            .and_then(|o| o.as_u64())
        {
            files.push(format!("{id}.{opstamp}.del"));
        }
    }
    Some(files)
}

/// tantivy's segment files: `<32 hex digits>.<component>` (`.del` files with a generation).
fn is_segment_file(name: &str) -> bool {
    let (stem, rest) = name.split_once('.').unwrap_or((name, ""));
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit()) && !rest.is_empty()
}

/// What is wrong with one segment file, if anything.
fn check_file(dir: &Path, directory: Option<&ArshifDirectory>, name: &str) -> Option<String> {
    let meta = match fs::symlink_metadata(dir.join(name)) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some("missing".into()),
        Err(e) => return Some(format!("cannot read it: {e}")),
    };
    if !meta.is_file() {
        return Some("damaged: not a regular file".into());
    }
    if meta.len() == 0 {
        return Some("damaged: empty".into());
    }
    let directory = directory?;
    let slice = match directory.open_read(Path::new(name)) {
        Ok(slice) => slice,
        Err(_) => return Some("cannot read it".into()),
    };
    // A panic in a check on garbage must not end the check of the other files.
    let checked = arshif_schema::guard::catch(|| -> Result<bool, &'static str> {
        let (footer, body) = Footer::extract_footer(slice).map_err(|_| {
            "damaged: its end (tantivy's footer) is not valid: truncated or overwritten"
        })?;
        let bytes = body.read_bytes().map_err(|_| "cannot read it")?;
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(bytes.as_slice());
        Ok(hasher.finalize() == footer.crc)
    });
    match checked {
        Ok(Ok(true)) => None,
        Ok(Ok(false)) => Some("damaged: its content does not match its checksum".into()),
        Ok(Err(reason)) => Some(reason.into()),
        Err(_) => Some("damaged: unreadable".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_files_come_from_meta_json() {
        let meta = serde_json::json!({"segments": [
            {"segment_id": "485b68e8-47c8-497a-8cc4-eedfe006d92c", "max_doc": 1, "deletes": null},
            {"segment_id": "00000000000000000000000000000abc", "deletes": {"opstamp": 7, "num_deleted_docs": 1}},
        ]});
        let files = segment_files(&meta).unwrap();
        assert_eq!(files.len(), 13);
        assert!(files.contains(&"485b68e847c8497a8cc4eedfe006d92c.store".to_string()));
        assert!(files.contains(&"00000000000000000000000000000abc.7.del".to_string()));
        assert!(segment_files(&serde_json::json!({"segments": [{"segment_id": "x"}]})).is_none());
        assert!(is_segment_file("485b68e847c8497a8cc4eedfe006d92c.7.del"));
        assert!(!is_segment_file("meta.json"));
    }
}
