//! The knowledge base's Arabic names, as the list of proper nouns the Arabic stemmer keeps
//! whole (`arshif_analysis::ProperNouns`).
//!
//! The stemmer must not mangle names (light10 turns `لبنان` into `لبن`, milk), but analysis
//! knows no names: it is handed them. These are the index's: the Arabic names and aliases of
//! the built-in gazetteer's countries (with their demonyms), organisations and people, and the
//! cities and regions of `data/places-ar.txt`, which news names often and the gazetteer does
//! not list. A user gazetteer file never changes them: the terms of an index must not depend on
//! which file the indexer was given.

use std::sync::OnceLock;

use arshif_analysis::{ProperName, ProperNouns};

use crate::gazetteer::{Entry, Gazetteer, Kind};

/// Place names the stemmer keeps whole, one per line (see the file's header).
const PLACES: &str = include_str!("../data/places-ar.txt");

/// The proper nouns of the built-in gazetteer and of `data/places-ar.txt`, made once.
pub fn proper_nouns() -> &'static ProperNouns {
    static BUILT: OnceLock<ProperNouns> = OnceLock::new();
    BUILT.get_or_init(|| {
        let entries = Gazetteer::builtin()
            .entries()
            .iter()
            .filter_map(proper_name);
        let places = PLACES
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(ProperName::Place);
        ProperNouns::from_names(entries.chain(places))
    })
}

/// What the stemmer keeps of a gazetteer entry: its Arabic name and aliases (and a country's
/// demonyms); nothing of a region, whose names are common words (`جنوب القوقاز`).
pub fn proper_name(entry: &Entry) -> Option<ProperName<'_>> {
    let names = std::iter::once(entry.name_ar.as_str())
        .chain(entry.aliases.iter().map(String::as_str))
        .collect();
    Some(match entry.kind {
        Kind::Country => ProperName::Country {
            names,
            demonyms: entry.demonyms.iter().map(String::as_str).collect(),
        },
        Kind::Org => ProperName::Organisation(names),
        Kind::Person => ProperName::Person(names),
        Kind::Region => return None,
    })
}
