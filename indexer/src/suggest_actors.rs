//! `arshif-index --suggest-actors`: people the gazetteer lacks, ready to paste into a gazetteer
//! file. Reads the corpus like an indexing run but writes no index.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{bail, Result};
use arshif_entities::extract::{candidates, Extractor, Options};
use arshif_entities::gazetteer::slug;
use arshif_entities::Gazetteer;
use rayon::prelude::*;

use crate::corpus;
use crate::parse;

/// One suggested actor: how often it was found and where first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    pub title: String,
    pub count: usize,
    pub example: String,
}

/// Candidate actors of the corpus, most frequent first (ties by name). Problems with files are
/// reported on stderr as in an indexing run and otherwise ignored.
pub fn suggest_actors(
    corpora: &[PathBuf],
    max_file_size: u64,
    gazetteer: &Gazetteer,
) -> Result<Vec<Suggestion>> {
    let mut files = Vec::new();
    for corpus_dir in corpora {
        if !corpus_dir.is_dir() {
            bail!(
                "corpus directory {} does not exist or is not a directory",
                corpus_dir.display()
            );
        }
        files.extend(corpus::walk(corpus_dir, None).files);
    }
    let extractor = Extractor::new(gazetteer, Options::default());
    let found: Vec<(String, candidates::Candidate)> = files
        .par_iter()
        .flat_map_iter(|file| {
            let parsed = parse::parse_file(file, max_file_size, gazetteer);
            for p in &parsed.skipped {
                eprintln!(
                    "arshif-index: skipped {}: {}",
                    arshif_schema::sanitize::terminal(&p.location),
                    arshif_schema::sanitize::terminal(&p.reason)
                );
            }
            parsed
                .articles
                .into_iter()
                .flat_map(|a| {
                    let text = format!("{}\n{}", a.title, a.body);
                    candidates::candidates(&text, &extractor)
                        .into_iter()
                        .map(move |c| (a.id.clone(), c))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut by_name: BTreeMap<String, Suggestion> = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), ()> = BTreeMap::new();
    for (id, c) in found {
        let s = by_name.entry(c.name.clone()).or_insert_with(|| Suggestion {
            name: c.name.clone(),
            title: c.title.clone(),
            count: 0,
            example: id.clone(),
        });
        // Count articles, not mentions.
        if seen.insert((c.name, id.clone()), ()).is_none() {
            s.count += 1;
            if id < s.example {
                s.example = id;
            }
        }
    }
    let mut out: Vec<Suggestion> = by_name.into_values().collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    Ok(out)
}

/// A TOML basic string: quotes, backslashes and control characters escaped, everything else
/// (Arabic letters and marks included) as is.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The suggestions as a TOML gazetteer file, each entry with its evidence in a comment.
pub fn to_toml(suggestions: &[Suggestion]) -> String {
    let mut out = String::from(
        "# Candidate actors found by title patterns. Review, fill in the other language's name,\n\
         # and pass the file to arshif-index/arshif-search with --gazetteer FILE.\n",
    );
    for s in suggestions {
        let arabic = !s.name.is_ascii();
        let _ = write!(
            out,
            "\n# {} article{}, e.g. {} (after \"{}\")\n[[person]]\nid = {}\nname = {}\nname_ar = {}\n",
            s.count,
            if s.count == 1 { "" } else { "s" },
            // Comments hold the raw example id (a file name) and title: made safe, as TOML
            // forbids control characters there and the file is read in a terminal.
            arshif_schema::sanitize::terminal(&s.example),
            arshif_schema::sanitize::terminal(&s.title),
            toml_string(&slug(&s.name)),
            toml_string(if arabic { "" } else { &s.name }),
            toml_string(if arabic { &s.name } else { "" }),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_valid_toml_even_with_diacritics_and_quotes() {
        let s = [Suggestion {
            name: "يُوكا \"سالوفارا\"".into(),
            title: "وزير الخارجية".into(),
            count: 2,
            example: "a.jsonl#3".into(),
        }];
        let text = to_toml(&s);
        let g: toml::Value = toml::from_str(&text).unwrap();
        assert_eq!(
            g["person"][0]["name_ar"].as_str(),
            Some("يُوكا \"سالوفارا\"")
        );
    }
}
