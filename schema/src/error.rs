//! The library's errors. Binaries add context with `anyhow`; here each variant says what went
//! wrong and, where the user can fix it, what to do.

use std::path::PathBuf;

use arshif_analysis::cjk::japanese::{JapaneseAnalysis, SETUP_HINT};

/// What to do about an index that cannot be read.
const DAMAGE_FIX: &str = "`arshif-index --verify` names the damaged files and \
                          `arshif-index --rebuild CORPUS_DIR` rebuilds the index";

/// A tantivy error as one human line. tantivy's own messages are written for developers —
/// `Failed to open file for read: 'IoError { … Footer magic byte mismatch … }'`, or a dump of a
/// broken `meta.json` — so none of them is shown as it is: each class of damage gets a sentence
/// saying which file, what is wrong and what to do; I/O errors keep the system's reason.
pub fn describe(e: &tantivy::TantivyError) -> String {
    use std::io::ErrorKind;
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError as T;
    match e {
        T::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("index file {} is missing: {DAMAGE_FIX}", path.display())
        }
        T::OpenReadError(OpenReadError::IoError { io_error, filepath }) => match io_error.kind() {
            ErrorKind::InvalidData | ErrorKind::UnexpectedEof => format!(
                "index file {} is damaged (truncated or overwritten): {DAMAGE_FIX}",
                filepath.display()
            ),
            _ => format!(
                "cannot read index file {}: {}",
                filepath.display(),
                io_error.kind()
            ),
        },
        T::OpenReadError(OpenReadError::IncompatibleIndex(_)) | T::IncompatibleIndex(_) => {
            "the index was written by an incompatible version: rebuild it with \
             `arshif-index --rebuild CORPUS_DIR`"
                .to_string()
        }
        T::DataCorruption(_) => format!("the index is damaged: {DAMAGE_FIX}"),
        T::IoError(io)
            if matches!(io.kind(), ErrorKind::InvalidData | ErrorKind::UnexpectedEof) =>
        {
            format!("the index is damaged: {DAMAGE_FIX}")
        }
        T::IoError(io) => io.to_string(),
        T::OpenDirectoryError(_) => "cannot open the index directory".to_string(),
        T::OpenWriteError(w) => match w {
            tantivy::directory::error::OpenWriteError::IoError { io_error, filepath } => {
                format!("cannot write {}: {io_error}", filepath.display())
            }
            other => format!("cannot write to the index: {other}"),
        },
        T::LockFailure(..) => "the index is locked by another writer".to_string(),
        other => other.to_string(),
    }
}

/// An error and its causes on one line, as anyhow's `{:#}` writes them, but without tantivy's
/// own errors: they are developer text (see [`describe`]), and the error that wraps one has
/// already said, in words, what it means. The result is made safe for a terminal.
pub fn for_people(e: &(dyn std::error::Error + 'static)) -> String {
    let mut line = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        if c.is::<tantivy::TantivyError>() || c.is::<tantivy::directory::error::OpenReadError>() {
            break;
        }
        line.push_str(": ");
        line.push_str(&c.to_string());
        cause = c.source();
    }
    crate::sanitize::terminal(&line).into_owned()
}

/// What to do when an index's Japanese analysis is not the one available.
fn japanese_fix(recorded: JapaneseAnalysis) -> String {
    match recorded {
        JapaneseAnalysis::Lindera => format!(
            "the dictionary is missing — {SETUP_HINT}; or rebuild the index with \
             `arshif-index --rebuild CORPUS_DIR` to index Japanese with bigrams"
        ),
        JapaneseAnalysis::Bigram => {
            "rebuild the index with `arshif-index --rebuild CORPUS_DIR`".to_string()
        }
    }
}

/// Result alias for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in the shared core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(
        "no Arshif index at {}: build one with `arshif-index CORPUS_DIR` (or point --index / $ARSHIF_INDEX at it)",
        .0.display()
    )]
    NoIndex(PathBuf),

    #[error(
        "index {} was built with schema version {found}, this Arshif uses version {expected}: rebuild it with `arshif-index --rebuild CORPUS_DIR`",
        .path.display()
    )]
    SchemaVersion {
        path: PathBuf,
        found: String,
        expected: u32,
    },

    #[error(
        "index {} holds Japanese analysed as {}, but it would be analysed as {} now, so Japanese queries would never match: {}",
        .path.display(),
        .recorded.describe(),
        .available.describe(),
        japanese_fix(*.recorded)
    )]
    JapaneseAnalysis {
        path: PathBuf,
        recorded: JapaneseAnalysis,
        available: JapaneseAnalysis,
    },

    #[error("{} is not a directory", .0.display())]
    NotADirectory(PathBuf),

    #[error("{context}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{}", describe(.0))]
    Tantivy(#[from] tantivy::TantivyError),

    #[error("invalid date {0:?}: use YYYY-MM-DD or RFC 3339 (2024-03-01T12:00:00Z)")]
    Date(String),

    #[error("date {0:?} is out of range: dates from {first} to {last} are supported", first = crate::date::FIRST_YEAR, last = crate::date::LAST_YEAR)]
    DateOutOfRange(String),
}

impl Error {
    /// Wraps an I/O error with what was being done, so the message names the file.
    pub fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            context: context.into(),
            source,
        }
    }
}
