//! The library's errors. Binaries add context with `anyhow`; here each variant says what went
//! wrong and, where the user can fix it, what to do.

use std::path::PathBuf;

use crate::analysis::japanese::{JapaneseAnalysis, SETUP_HINT};

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

    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),

    #[error("gazetteer file {}: {reason}", .path.display())]
    Gazetteer { path: PathBuf, reason: String },

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
