//! `--build-ja-dict`: the lindera dictionary for Japanese, built offline from IPADIC sources.
//!
//! lindera's `embed-ipadic` feature downloads IPADIC inside `build.rs`, which fails without
//! internet. Debian's `mecab-ipadic` package ships the same sources (CSV lexicon and `.def`
//! files, EUC-JP); `tools/ja-dict/setup.sh` unpacks them and calls this, which runs lindera's
//! own `DictionaryBuilder` with the `metadata.json` of the `lindera-ipadic` crate (a copy is in
//! `tools/ja-dict/`, compiled in here), so the result is the dictionary `embed-ipadic` would
//! have embedded.
//!
//! The dictionary is built next to its destination and moved into place only once it loads and
//! segments a test sentence correctly: a half-built or wrongly decoded dictionary is never left
//! where the analyzers look.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use arshif_analysis::cjk::japanese;
use lindera::dictionary::{DictionaryBuilder, Metadata};

/// The `lindera-ipadic` crate's `metadata.json` (schema of the CSV columns, defaults).
pub const METADATA: &str = include_str!("../../tools/ja-dict/metadata.json");

/// Files every IPADIC source directory has.
const REQUIRED: [&str; 4] = ["matrix.def", "char.def", "unk.def", "Noun.csv"];

/// What a build made.
#[derive(Debug)]
pub struct Built {
    pub dir: PathBuf,
    /// The encoding the sources were read in (`EUC-JP` for Debian's, or `UTF-8`).
    pub encoding: &'static str,
    /// Total size of the dictionary files.
    pub bytes: u64,
    pub took: Duration,
}

/// The encoding of the IPADIC sources in `src`: UTF-8 if `Noun.csv` is valid UTF-8, else EUC-JP
/// (what MeCab's distribution and Debian's package use).
pub fn detect_encoding(src: &Path) -> Result<&'static str> {
    let noun = src.join("Noun.csv");
    let bytes = fs::read(&noun).with_context(|| format!("cannot read {}", noun.display()))?;
    Ok(if std::str::from_utf8(&bytes).is_ok() {
        "UTF-8"
    } else {
        "EUC-JP"
    })
}

/// Builds the dictionary from the IPADIC sources in `src` into `out`, replacing what is there.
pub fn build(src: &Path, out: &Path) -> Result<Built> {
    let started = Instant::now();
    for file in REQUIRED {
        if !src.join(file).is_file() {
            bail!(
                "{} has no {file}: SRC_DIR must hold the IPADIC sources (CSV and .def files), \
                 e.g. usr/share/mecab/dic/ipadic from Debian's mecab-ipadic package \
                 (tools/ja-dict/setup.sh fetches it)",
                src.display()
            );
        }
    }
    let encoding = detect_encoding(src)?;
    let mut metadata: Metadata =
        serde_json::from_str(METADATA).context("tools/ja-dict/metadata.json is not valid")?;
    metadata.encoding = encoding.to_string();

    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ja-dict".into());
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    let result = DictionaryBuilder::new(metadata)
        .build_dictionary(src, &staging)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| {
            format!(
                "lindera could not build a dictionary from {}",
                src.display()
            )
        })
        .and_then(|()| check(&staging));
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        fs::rename(out, &old).with_context(|| format!("cannot move {} aside", out.display()))?;
        let _ = fs::remove_dir_all(&old);
    }
    fs::rename(&staging, out).with_context(|| {
        format!(
            "cannot move the dictionary from {} to {}",
            staging.display(),
            out.display()
        )
    })?;
    Ok(Built {
        dir: out.to_path_buf(),
        encoding,
        bytes: dir_size(out),
        took: started.elapsed(),
    })
}

/// A sentence the built dictionary must segment into these words, or it was built wrong (most
/// likely from sources in another encoding).
const CHECK_TEXT: &str = "アルメニアとアゼルバイジャンの国境で衝突が発生した。";
const CHECK_WORDS: [&str; 4] = ["アルメニア", "アゼルバイジャン", "国境", "衝突"];

fn check(dir: &Path) -> Result<()> {
    let mut analyzer = japanese::lindera_analyzer(dir)
        .map_err(|e| anyhow::anyhow!("the built dictionary does not load: {e}"))?;
    let terms = arshif_analysis::run(&mut analyzer, CHECK_TEXT);
    for word in CHECK_WORDS {
        if !terms.iter().any(|t| t == word) {
            bail!(
                "the built dictionary segments {CHECK_TEXT:?} as {terms:?}, without {word:?}: \
                 are the sources IPADIC, in EUC-JP or UTF-8?"
            );
        }
    }
    Ok(())
}

fn dir_size(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// Where `--build-ja-dict` writes without `--out`: `$ARSHIF_JA_DICT`, else the default cache
/// directory the analyzers look in.
pub fn default_out() -> Option<PathBuf> {
    std::env::var_os(japanese::ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(japanese::default_dictionary_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_is_lindera_ipadic_s() {
        let metadata: Metadata = serde_json::from_str(METADATA).unwrap();
        assert_eq!(metadata.name, "ipadic");
        assert_eq!(
            metadata
                .dictionary_schema
                .get_custom_field_index("base_form"),
            Some(6)
        );
    }

    #[test]
    fn a_directory_without_ipadic_sources_is_refused_with_what_to_do() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let err = build(src.path(), &out.path().join("dict")).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("matrix.def"), "{message}");
        assert!(message.contains("setup.sh"), "{message}");
        assert!(!out.path().join("dict").exists());
    }

    /// Debian's sources are EUC-JP; a converted copy is UTF-8.
    #[test]
    fn encoding_is_detected() {
        let src = tempfile::tempdir().unwrap();
        let (euc, _, _) = encoding_rs::EUC_JP
            .encode("国境,1285,1285,3000,名詞,一般,*,*,*,*,国境,コッキョウ,コッキョー\n");
        fs::write(src.path().join("Noun.csv"), &euc).unwrap();
        assert_eq!(detect_encoding(src.path()).unwrap(), "EUC-JP");
        fs::write(
            src.path().join("Noun.csv"),
            "国境,1285,1285,3000,名詞,一般,*,*,*,*,国境,コッキョウ,コッキョー\n",
        )
        .unwrap();
        assert_eq!(detect_encoding(src.path()).unwrap(), "UTF-8");
    }
}
