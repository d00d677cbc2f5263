//! The optional configuration file, `arshif.toml`.
//!
//! Both binaries read it for their defaults, so that a machine set up once needs no flags:
//!
//! ```toml
//! index = "/var/lib/arshif/index"     # --index (both)
//! corpus = ["/srv/news"]              # arshif-index's CORPUS_DIRs when none are given
//! gazetteer = "gazetteer.tsv"         # a gazetteer file, for the binaries that take one
//! schedule = "15m"                    # arshif-index --every, when not given
//!
//! [analysis]
//! default_lang = "ar"                 # arshif-index --default-lang: when detection is unsure
//! ja_dict = "/opt/arshif/ja-dict"     # the lindera dictionary ($ARSHIF_JA_DICT wins)
//!
//! [search]                            # arshif-search defaults
//! limit = 20
//! color = "auto"                      # auto | always | never
//! bidi = "auto"                       # auto | reorder | off
//! pager = true
//! ```
//!
//! It is looked for in the current directory (`./arshif.toml`), then in
//! `$XDG_CONFIG_HOME/arshif/arshif.toml` (`~/.config/arshif/arshif.toml` when XDG_CONFIG_HOME is
//! unset); `$ARSHIF_CONFIG` names a file explicitly. Command-line flags and environment variables
//! win over the file. Relative paths in it are relative to the file's directory, so a project's
//! `arshif.toml` works from anywhere. Unknown keys are errors: a typo must not be silently
//! ignored.

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The environment variable naming a configuration file explicitly.
pub const ENV: &str = "ARSHIF_CONFIG";

/// The file name looked for.
pub const FILE_NAME: &str = "arshif.toml";

/// Why a configuration file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid arshif.toml: {reason}")]
    Parse { path: PathBuf, reason: String },
}

/// The contents of `arshif.toml`; every key is optional.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The file it was read from (none for the default configuration).
    #[serde(skip)]
    pub path: Option<PathBuf>,
    pub index: Option<PathBuf>,
    #[serde(default)]
    pub corpus: Vec<PathBuf>,
    pub gazetteer: Option<PathBuf>,
    pub schedule: Option<String>,
    #[serde(default)]
    pub analysis: AnalysisConfig,
    #[serde(default)]
    pub search: SearchConfig,
}

/// The `[analysis]` table: how articles become terms.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnalysisConfig {
    /// The language of articles that carry no `lang` and whose language detection is not sure
    /// of (`ar`, `en`, …); `ar` when unset.
    pub default_lang: Option<String>,
    /// The directory of the lindera dictionary for Japanese.
    pub ja_dict: Option<PathBuf>,
}

/// The `[search]` table: defaults for `arshif-search`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    pub limit: Option<usize>,
    pub color: Option<String>,
    pub bidi: Option<String>,
    pub pager: Option<bool>,
}

impl Config {
    /// Finds and reads the configuration: `explicit` (a `--config` flag), else `$ARSHIF_CONFIG`,
    /// else the first of `./arshif.toml` and `$XDG_CONFIG_HOME/arshif/arshif.toml` that exists;
    /// no file at all is the empty configuration. An explicitly named file must exist.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        let named = explicit.map(Path::to_path_buf).or_else(|| {
            std::env::var_os(ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        });
        if let Some(path) = named {
            return Config::read(&path);
        }
        for path in candidates() {
            if path.is_file() {
                return Config::read(&path);
            }
        }
        Ok(Config::default())
    }

    /// Reads one file.
    pub fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config: Config = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_path_buf(),
            reason: e.message().to_string(),
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let resolve = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = base.join(&*p);
            }
        };
        config.index.as_mut().map(resolve);
        config.gazetteer.as_mut().map(resolve);
        config.analysis.ja_dict.as_mut().map(resolve);
        config.corpus.iter_mut().for_each(resolve);
        config.path = Some(path.to_path_buf());
        Ok(config)
    }

    /// `what` as read from the file, for error messages: `limit in ./arshif.toml`.
    pub fn describe(&self, what: &str) -> String {
        match &self.path {
            Some(p) => format!("{what} in {}", p.display()),
            None => what.to_string(),
        }
    }
}

/// Where the configuration file is looked for, in order.
fn candidates() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from(FILE_NAME)];
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
    if let Some(dir) = config_home {
        out.push(dir.join("arshif").join(FILE_NAME));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_resolves_paths_against_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            "index = \"idx\"\ncorpus = [\"/srv/news\", \"أخبار\"]\nschedule = \"15m\"\n\n[analysis]\ndefault_lang = \"en\"\nja_dict = \"dict\"\n\n[search]\nlimit = 20\nbidi = \"off\"\n",
        )
        .unwrap();
        let c = Config::read(&path).unwrap();
        assert_eq!(c.index, Some(dir.path().join("idx")));
        assert_eq!(
            c.corpus,
            vec![PathBuf::from("/srv/news"), dir.path().join("أخبار")]
        );
        assert_eq!(c.schedule.as_deref(), Some("15m"));
        assert_eq!(c.analysis.default_lang.as_deref(), Some("en"));
        assert_eq!(c.analysis.ja_dict, Some(dir.path().join("dict")));
        assert_eq!(c.search.limit, Some(20));
        assert_eq!(c.search.bidi.as_deref(), Some("off"));
        assert_eq!(c.search.pager, None);
    }

    #[test]
    fn typos_and_missing_named_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[search]\nlimt = 20\n").unwrap();
        let e = Config::read(&path).unwrap_err().to_string();
        assert!(e.contains("limt"), "{e}");
        assert!(Config::load(Some(&dir.path().join("nope.toml"))).is_err());
    }
}
