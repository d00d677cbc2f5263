//! `--save`, `--watches`, `--new`: saved searches for people (see [`crate::watch`]).

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use arshif_schema::config::{Config, WatchConfig, FILE_NAME};
use arshif_schema::sanitize;
use serde_json::Value;

use crate::cli::Args;
use crate::front::terminal::pager;
use crate::watch::{reading, Watch};

/// `--save NAME`: appends a `[[watch]]` table with the query and filters of `args` to the
/// configuration in use (else `./arshif.toml`). Appending keeps the file's comments and order;
/// a name already saved is an error, not a silent second watch.
pub fn save(name: &str, args: &Args, config: &Config) -> Result<PathBuf> {
    if let Some(problem) = WatchConfig::name_problem(name) {
        bail!("--save: {problem}");
    }
    if config.watches.iter().any(|w| w.name == name) {
        bail!(
            "--save: a saved search is already named {name:?} ({}); choose another name or edit it there",
            config
                .path
                .as_deref()
                .map_or("arshif.toml".into(), |p| p.display().to_string())
        );
    }
    let path = config
        .path
        .clone()
        .unwrap_or_else(|| PathBuf::from(FILE_NAME));
    let list = |values: &[String]| -> String {
        let quoted: Vec<String> = values.iter().map(|v| toml_string(v)).collect();
        format!("[{}]", quoted.join(", "))
    };
    let mut table = format!(
        "\n[[watch]]\nname = {}\nquery = {}\n",
        toml_string(name),
        toml_string(&args.query.join(" "))
    );
    for (key, values) in [
        ("country", &args.country),
        ("actor", &args.actor),
        ("source", &args.source),
        ("lang", &args.lang),
    ] {
        if !values.is_empty() {
            table.push_str(&format!("{key} = {}\n", list(values)));
        }
    }
    // What is appended must read back as the watch it describes.
    let mut text = std::fs::read_to_string(&path).unwrap_or_default();
    text.push_str(&table);
    let parsed: Config = toml::from_str(&text)
        .with_context(|| format!("--save: {} would not read back", path.display()))?;
    if !parsed.watches.iter().any(|w| w.name == name) {
        bail!(
            "--save: {} would not read back the new watch",
            path.display()
        );
    }
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(table.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// A TOML basic string: `"` and `\` escaped, control characters as `\u` escapes.
fn toml_string(s: &str) -> String {
    // A JSON string is a valid TOML basic string for every character JSON escapes.
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `--watches`: each saved search with its query and how many lines are unread.
pub fn list(index: &Path, config: &Config) -> Result<bool> {
    if config.watches.is_empty() {
        eprintln!(
            "arshif-search: no saved searches ({}); save one with `arshif-search QUERY --save NAME`",
            config
                .path
                .as_deref()
                .map_or("no arshif.toml found".into(), |p| format!(
                    "no [[watch]] in {}",
                    p.display()
                ))
        );
        return Ok(false);
    }
    let mut out = String::new();
    for w in &config.watches {
        let watch = Watch::from_config(w);
        let (unread, _) = reading::unread(index, &watch)?;
        out.push_str(&format!(
            "{:<20} {:>5} new   {}\n",
            w.name,
            unread.len(),
            sanitize::terminal(&w.query)
        ));
    }
    pager::write(&out, false)?;
    Ok(true)
}

/// `--new NAME`: the unread lines of a saved search, then marked read.
pub fn new(index: &Path, config: &Config, name: &str, raw: bool) -> Result<bool> {
    let Some(w) = config.watches.iter().find(|w| w.name == name) else {
        let known: Vec<&str> = config.watches.iter().map(|w| w.name.as_str()).collect();
        bail!(
            "no saved search is named {name:?} (known: {}); see --watches",
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        );
    };
    let watch = Watch::from_config(w);
    let (lines, offset) = reading::unread(index, &watch)?;
    let mut out = String::new();
    for line in &lines {
        if raw {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let hit: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        let text = |key: &str| hit.get(key).and_then(Value::as_str).unwrap_or_default();
        // The day is enough in a list (the line has the full time).
        let when = match text("date") {
            "" => "undated".to_string(),
            d => d.chars().take(10).collect(),
        };
        let from = match text("source") {
            "" => String::new(),
            s => format!("{} · ", sanitize::terminal(s)),
        };
        out.push_str(&format!(
            "{}  {}\n            {from}{}\n",
            sanitize::terminal(&when),
            sanitize::terminal(text("title")),
            sanitize::terminal(text("id")),
        ));
    }
    if !raw {
        let n = lines.len();
        out.push_str(&format!(
            "{n} new article{} for {name}{}\n",
            if n == 1 { "" } else { "s" },
            if n == 0 { " since you last looked" } else { "" }
        ));
    }
    pager::write(&out, false)?;
    reading::mark_read(index, name, offset)?;
    Ok(!lines.is_empty())
}
