//! Japanese analysis: lindera's morphological analysis over the IPADIC dictionary, or CJK
//! bigrams when that dictionary is missing.
//!
//! Japanese is written without spaces; only a dictionary says that `アルメニアとアゼルバイジャン`
//! is `アルメニア` `と` `アゼルバイジャン`. lindera (a Rust MeCab) does that with IPADIC. Its
//! `embed-*` features would download the dictionary inside `build.rs`, which fails offline, so
//! the dictionary is built once from Debian's `mecab-ipadic` sources by
//! `tools/ja-dict/setup.sh` (`arshif-index --build-ja-dict`) and loaded here at run time with
//! `lindera::dictionary::load_dictionary`, from [`dictionary_path`].
//!
//! [`LinderaTokenizer`] adapts lindera's `Segmenter` to tantivy (the `lindera-tantivy` crate
//! pins older tantivy and lindera versions and would compile a second tantivy):
//! - segmentation in lindera's *decompose* (search) mode, which splits long kanji compounds
//!   (`関西国際空港` → `関西` `国際` `空港`) so that a query for a part finds the whole;
//! - a term is the word's dictionary base form when it has one (`衝突し` → `衝突` `する`), so
//!   inflected verbs and adjectives match their other forms;
//! - terms are NFKC-folded and lowercased (`ＥＵ` → `eu`, `ｱﾙﾒﾆｱ` → `アルメニア`);
//! - punctuation-only tokens (`、` `。` `「` `」`) are dropped;
//! - offsets point into the original text (for highlighting), positions count the remaining
//!   tokens one by one (for phrases);
//! - particles and auxiliaries (`の` `が` `た`) are kept, unlike Kuromoji's default stop tags:
//!   a quoted phrase then matches exactly what was quoted, and BM25 already gives such
//!   frequent terms almost no weight.
//!
//! An index must be searched with the analysis it was built with: [`JapaneseAnalysis`] is
//! recorded in the index stamp and checked when the index is opened (`crate::index`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use lindera::dictionary::Lattice;
use lindera::mode::{Mode, Penalty};
use lindera::segmenter::Segmenter;
use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, Token, Tokenizer};

use super::bigram::{bigrams, cjk_bigram_analyzer};
use super::{fold_into, is_punctuation_only, Folded, VecTokenStream};
use crate::MAX_TOKEN_BYTES;

/// The environment variable naming the dictionary directory.
pub const ENV: &str = "ARSHIF_JA_DICT";

/// The name the Japanese analyzer is registered under; the index stamp check looks it up.
pub const ANALYZER_NAME: &str = "japanese";

/// What the user should run to get the dictionary.
pub const SETUP_HINT: &str = "run `bash tools/ja-dict/setup.sh` (with --force to replace one that \
     does not load, e.g. after a lindera upgrade; or `arshif-index --build-ja-dict SRC_DIR`), or set \
     $ARSHIF_JA_DICT to a lindera IPADIC dictionary";

/// The default dictionary directory: `${XDG_CACHE_HOME:-$HOME/.cache}/arshif/ja-dict`, whether
/// it exists or not (`None` only when neither variable is set). `tools/ja-dict/setup.sh` builds
/// into the same place.
pub fn default_dictionary_dir() -> Option<PathBuf> {
    let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let cache = nonempty("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| nonempty("HOME").map(|home| PathBuf::from(home).join(".cache")))?;
    Some(cache.join("arshif").join("ja-dict"))
}

/// Where the lindera dictionary is: `$ARSHIF_JA_DICT`, else `[analysis] ja_dict` in arshif.toml
/// if the caller passes it, else the default cache dir
/// `${XDG_CACHE_HOME:-$HOME/.cache}/arshif/ja-dict` (if it exists).
///
/// A path named explicitly (variable or configuration) is returned even if it does not exist,
/// so that the warning can name it; the default one only if it does.
pub fn dictionary_path(configured: Option<&Path>) -> Option<PathBuf> {
    if let Some(env) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(env));
    }
    if let Some(configured) = configured {
        return Some(configured.to_path_buf());
    }
    default_dictionary_dir().filter(|dir| dir.is_dir())
}

/// The Japanese analyzer: lindera over the dictionary when it loads, else CJK bigrams; the
/// String is the one warning to print (why it fell back and how to fix it).
pub fn japanese_analyzer(configured: Option<&Path>) -> (TextAnalyzer, Option<String>) {
    analyzer_at(dictionary_path(configured))
}

/// [`japanese_analyzer`] once the dictionary path is resolved.
fn analyzer_at(path: Option<PathBuf>) -> (TextAnalyzer, Option<String>) {
    let Some(path) = path else {
        let looked = default_dictionary_dir()
            .map(|d| format!(", nor in {}", d.display()))
            .unwrap_or_default();
        return (
            cjk_bigram_analyzer(),
            Some(format!(
                "Japanese is analysed with CJK bigrams, not words: no lindera dictionary \
                 ($ARSHIF_JA_DICT is unset, no [analysis] ja_dict in arshif.toml{looked}); \
                 {SETUP_HINT}, then rebuild the index with --rebuild"
            )),
        );
    };
    match lindera_analyzer(&path) {
        Ok(analyzer) => (analyzer, None),
        Err(reason) => (
            cjk_bigram_analyzer(),
            Some(format!(
                "Japanese is analysed with CJK bigrams, not words: cannot load the \
                 lindera dictionary {}: {reason}; {SETUP_HINT}, then rebuild the index with \
                 --rebuild",
                path.display()
            )),
        ),
    }
}

/// The lindera analyzer over the dictionary in `dir`, or why it cannot be loaded.
/// Dictionaries are loaded once per process and shared (they are read-only).
pub fn lindera_analyzer(dir: &Path) -> Result<TextAnalyzer, String> {
    let tokenizer = LinderaTokenizer::new(segmenter(dir)?);
    Ok(TextAnalyzer::builder(tokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .build())
}

/// Loaded dictionaries, by directory: loading IPADIC takes a while and every index opened in
/// the process registers the analyzer again.
fn segmenter(dir: &Path) -> Result<Arc<Segmenter>, String> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Segmenter>>>> = OnceLock::new();
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(segmenter) = loaded.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
        return Ok(Arc::clone(segmenter));
    }
    if !dir.join("metadata.json").is_file() {
        return Err(if dir.is_dir() {
            "it has no metadata.json: not a built lindera dictionary".to_string()
        } else {
            "no such directory".to_string()
        });
    }
    let dictionary = match dir.to_str() {
        Some(uri) => lindera::dictionary::load_dictionary(uri),
        None => lindera::dictionary::load_fs_dictionary(dir),
    }
    .map_err(|e| e.to_string())?;
    let segmenter = Arc::new(Segmenter::new(
        Mode::Decompose(Penalty::default()),
        dictionary,
        None,
    ));
    loaded
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf(), Arc::clone(&segmenter));
    Ok(segmenter)
}

/// A tantivy tokenizer over lindera's `Segmenter`; see the module documentation.
#[derive(Clone)]
pub struct LinderaTokenizer {
    segmenter: Arc<Segmenter>,
    /// Where the base form is among a word's details (`None` for a dictionary without one).
    base_form: Option<usize>,
    /// lindera's working memory, kept from one text to the next to spare its allocations.
    lattice: Lattice,
}

impl LinderaTokenizer {
    /// A tokenizer over `segmenter`.
    pub fn new(segmenter: Arc<Segmenter>) -> Self {
        let base_form = segmenter
            .dictionary
            .metadata
            .dictionary_schema
            .get_custom_field_index("base_form");
        LinderaTokenizer {
            segmenter,
            base_form,
            lattice: Lattice::default(),
        }
    }
}

/// A base form worth using: IPADIC writes `*` for none (unknown words).
fn usable(base: &str) -> bool {
    !base.is_empty() && base != "*"
}

impl Tokenizer for LinderaTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut out = Vec::new();
        let folded = Folded::new(text);
        let words = match self
            .segmenter
            .segment_with_lattice(Cow::Borrowed(&folded.text), &mut self.lattice)
        {
            Ok(words) => words,
            Err(_) => {
                // Never lose the text: index it as bigrams rather than not at all.
                bigrams(text, 0, &mut out);
                return VecTokenStream::new(out);
            }
        };
        for mut word in words {
            let (from, to) = (word.byte_start, word.byte_end);
            let Some(surface) = folded.text.get(from..to) else {
                continue;
            };
            if is_punctuation_only(surface) {
                continue;
            }
            if surface.contains(MIDDLE_DOT) {
                // ナゴルノ・カラバフ: each part is a word of its own.
                let mut start = from;
                for part in surface.split(MIDDLE_DOT) {
                    push(&mut out, &folded, part, start);
                    start += part.len() + MIDDLE_DOT.len_utf8();
                }
                continue;
            }
            match self.base_form.and_then(|i| word.get_detail(i)) {
                Some(base) if usable(base) => {
                    let mut term = String::with_capacity(base.len());
                    fold_into(base, &mut term);
                    push_term(&mut out, &folded, term, from, to);
                }
                _ => push(&mut out, &folded, surface, from),
            }
        }
        VecTokenStream::new(out)
    }
}

/// The katakana middle dot that separates the parts of foreign names (`ナゴルノ・カラバフ`);
/// half-width `･` folds to it.
const MIDDLE_DOT: char = '・';

/// Appends the token for `surface`, found at byte `from` of the folded text.
fn push(out: &mut Vec<Token>, folded: &Folded, surface: &str, from: usize) {
    let mut term = String::with_capacity(surface.len());
    fold_into(surface, &mut term);
    push_term(out, folded, term, from, from + surface.len());
}

/// Appends `term` for the folded text's bytes `from..to`, unless it is punctuation only.
fn push_term(out: &mut Vec<Token>, folded: &Folded, term: String, from: usize, to: usize) {
    if is_punctuation_only(&term) {
        return;
    }
    let (offset_from, offset_to) = folded.original(from, to);
    out.push(Token {
        offset_from,
        offset_to,
        position: out.len(),
        text: term,
        position_length: 1,
    });
}

/// Which Japanese analysis an index was built with; recorded in its stamp (`arshif.json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JapaneseAnalysis {
    /// Words, by lindera over the IPADIC dictionary.
    Lindera,
    /// Overlapping CJK bigrams (no dictionary).
    Bigram,
}

impl JapaneseAnalysis {
    /// What an analyzer does, found by running it: lindera cuts `アルメニアの首相` into
    /// `アルメニア` `の` `首相`, bigrams into `アル ルメ …`, a word tokenizer keeps it whole.
    /// `None` for an analyzer that is neither lindera nor bigrams.
    pub fn of(analyzer: &mut TextAnalyzer) -> Option<JapaneseAnalysis> {
        let terms = crate::run(analyzer, "アルメニアの首相");
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        match terms.as_slice() {
            ["アルメニア", "の", ..] => Some(JapaneseAnalysis::Lindera),
            ["アル", "ルメ", ..] => Some(JapaneseAnalysis::Bigram),
            _ => None,
        }
    }

    /// How a person would say it.
    pub fn describe(self) -> &'static str {
        match self {
            JapaneseAnalysis::Lindera => "words (the lindera dictionary)",
            JapaneseAnalysis::Bigram => "CJK bigrams (no dictionary)",
        }
    }
}

/// Set (to anything) where the Japanese dictionary must be there for the tests: CI sets it.
pub const REQUIRE_ENV: &str = "ARSHIF_REQUIRE_JA_DICT";

/// For tests that need the dictionary: its path when it is installed and loads. When it is
/// not, the test is skipped — one stderr line names `test` and says why and how to install
/// it — unless [`REQUIRE_ENV`] is set, where the test fails with that message. The dictionary
/// is built from a Debian package (`tools/ja-dict/setup.sh`), which a machine without apt
/// cannot do; the rest of the tests must run there all the same.
pub fn dictionary_for_test(test: &str) -> Option<PathBuf> {
    let problem = match dictionary_path(None) {
        None => "no lindera dictionary".to_string(),
        Some(path) => match lindera_analyzer(&path) {
            Ok(_) => return Some(path),
            Err(e) => format!(
                "the lindera dictionary {} does not load ({e})",
                path.display()
            ),
        },
    };
    let how = "run `bash tools/ja-dict/setup.sh` (or set $ARSHIF_JA_DICT)";
    if std::env::var_os(REQUIRE_ENV).is_some() {
        panic!("{test}: {problem}: {how}");
    }
    // Straight to stderr, not `eprintln!`: the test harness hides what passing tests print,
    // and a skip must be seen.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "skipped {test}: {problem}; {how} to run it (${REQUIRE_ENV} makes this a failure)"
    );
    None
}

#[cfg(test)]
mod tests;
