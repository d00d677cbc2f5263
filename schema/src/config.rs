//! The optional configuration file, `arshif.toml`.
//!
//! Both binaries read it for their defaults, so that a machine set up once needs no flags:
//!
//! ```toml
//! index = "/var/lib/arshif/index"     # --index (both)
//! corpus = ["/srv/news"]              # arshif-index's CORPUS_DIRs when none are given
//! gazetteer = "my-actors.toml"        # your own countries and actors (--gazetteer, both)
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
//!
//! [serve]                             # arshif-search --serve
//! listen = "127.0.0.1:7700"           # the address to listen on ($ARSHIF_LISTEN wins)
//! time_limit = "10s"                  # longest a request may take (then 503); --time-limit wins
//!
//! [[watch]]                           # a saved search, reported after each indexing round
//! name = "armenia"                    # letters, digits, - and _
//! query = "أرمينيا OR Armenia"         # as arshif-search takes it; "*" for every article
//! country = ["AM"]                    # each entry one --country flag (commas: any of)
//! actor = []                          # likewise --actor, --source, --lang
//! notify = "mail -s 'Arshif: armenia' desk@example.org"   # run with the new hits on stdin
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
    #[serde(default)]
    pub serve: ServeConfig,
    /// `[[watch]]` tables: saved searches.
    #[serde(default, rename = "watch")]
    pub watches: Vec<WatchConfig>,
}

/// A `[[watch]]` table: a saved search whose new matches `arshif-index` reports after each
/// round (see `arshif_search::watch`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchConfig {
    /// Names the search's files and its line in reports: letters, digits, `-` and `_`.
    pub name: String,
    /// The query, in `arshif-search`'s syntax.
    pub query: String,
    /// Each entry is one `--country` flag (commas inside it: any of them).
    #[serde(default)]
    pub country: Vec<String>,
    #[serde(default)]
    pub actor: Vec<String>,
    #[serde(default)]
    pub source: Vec<String>,
    #[serde(default)]
    pub lang: Vec<String>,
    /// A shell command run with the new hits (NDJSON) on its standard input.
    pub notify: Option<String>,
}

impl WatchConfig {
    /// Why the name cannot be used, if it cannot: it becomes a file name.
    pub fn name_problem(name: &str) -> Option<String> {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        (!ok).then(|| {
            format!(
                "watch name {name:?} must be 1 to 64 letters, digits, '-' or '_' (it names a file)"
            )
        })
    }
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

/// The `[serve]` table: defaults for `arshif-search --serve`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServeConfig {
    /// The address to listen on, `HOST:PORT`.
    pub listen: Option<String>,
    /// How long one request may take before it is answered 503, as `humantime` reads it
    /// (`"10s"`, `"1m 30s"`).
    pub time_limit: Option<String>,
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
        let mut names = std::collections::HashSet::new();
        for watch in &config.watches {
            let problem = WatchConfig::name_problem(&watch.name).or_else(|| {
                (!names.insert(watch.name.as_str()))
                    .then(|| format!("two [[watch]] tables are named {:?}", watch.name))
            });
            if let Some(reason) = problem {
                return Err(ConfigError::Parse {
                    path: path.to_path_buf(),
                    reason,
                });
            }
        }
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
