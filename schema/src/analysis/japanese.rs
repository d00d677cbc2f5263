// stand-in until the cjk branch lands
//! Japanese: lindera over an IPADIC dictionary built offline, else CJK bigrams.
//!
//! This stand-in always uses bigrams; the cjk branch replaces it with lindera.

use std::path::{Path, PathBuf};

use tantivy::tokenizer::TextAnalyzer;

/// Where the lindera dictionary is: `$ARSHIF_JA_DICT`, else `configured`, else the default
/// cache directory, if it exists.
pub fn dictionary_path(configured: Option<&Path>) -> Option<PathBuf> {
    std::env::var_os("ARSHIF_JA_DICT")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| configured.map(Path::to_path_buf))
}

/// The Japanese analyzer and the warning to print when it fell back to bigrams.
pub fn japanese_analyzer(_configured: Option<&Path>) -> (TextAnalyzer, Option<String>) {
    (super::bigram::cjk_bigram_analyzer(), None)
}
