//! The places as extraction matches them: each place's country, population and kind, and each of
//! its names as word keys with whether it is weak — compiled ahead of time for the built-in
//! places.
//!
//! Compiling the 38,000 built-in places (77,000 names, each cut into words and normalized through
//! the Arabic analysis, and judged weak or not with the lexicon, `place_names.rs`) took
//! about 500 M instructions at every indexing run, always to the same result, plus parsing
//! `places.tsv` itself. `data/places-compiled.tsv` is that result, written by [`write()`] and read
//! at run time by [`rows`] without allocating. A test checks that it is what compiling
//! `data/places.tsv` gives now (after a change to the places, the lexicon or the normalization,
//! run `ARSHIF_REGENERATE=1 cargo test -p arshif-entities compiled_table` to rewrite it). Places
//! other than the built-in ones go through the same [`write()`] and [`rows`] at run time, so both
//! are compiled by one code path.
//!
//! Text, not a binary format: the table is reviewed in diffs like `places.tsv`, and reading it is
//! one pass over 2 MB of bytes. One line per place, in the order of the places (a place's index
//! is its line among the lines not starting with `#`):
//!
//! `country <TAB> population <TAB> kind <TAB> capital names <TAB> name <TAB> name …`
//!
//! - `population`: [`Place::population_or_guess`](crate::places::Place::population_or_guess);
//! - `kind`: `c` for a city, `r` for a region or area;
//! - `capital names`: for a city of [`CAPITAL_PEOPLE`] or more, its names normalized,
//!   `|`-separated — what a gazetteer capital is compared with;
//! - each `name`: `P` (a name that counts alone) or `W` (weak: only with support), then its word
//!   keys (`key` in [`super`]), each after one space; an empty key is a clause break inside the name
//!   (`U.S.`). Words never hold whitespace, so keys never do.

use std::fmt::Write as _;

use super::place_names;
use super::tokens::words;
use crate::places::{PlaceKind, Places};
use arshif_analysis::normalize;

/// The compiled table of [`Places::builtin`].
pub const BUILTIN: &str = include_str!("../../data/places-compiled.tsv");

/// Cities this big or bigger may be a country's capital (the gazetteer's capitals have 500,000
/// people or more): only their names are kept normalized for the comparison.
pub const CAPITAL_PEOPLE: u64 = 100_000;

/// The first line of a compiled table: where it comes from.
const HEADER: &str =
    "# Generated from places.tsv by `ARSHIF_REGENERATE=1 cargo test -p arshif-entities \
compiled_table` (entities/src/extract/place_table.rs); do not edit.\n";

/// Compiles `places` into the table format.
pub fn write(places: &Places) -> String {
    let mut out = String::from(HEADER);
    for place in places.entries() {
        let region = match place.kind {
            PlaceKind::City => 'c',
            PlaceKind::Admin | PlaceKind::Area => 'r',
        };
        let _ = write!(
            out,
            "{}\t{}\t{region}\t",
            place.country,
            place.population_or_guess()
        );
        if place.kind == PlaceKind::City && place.population >= CAPITAL_PEOPLE {
            for (i, name) in place.names().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                out.push_str(&normalize(name));
            }
        }
        for name in place.names() {
            let ws = words(name);
            if ws.is_empty() {
                continue;
            }
            out.push('\t');
            out.push(match place_names::is_weak(place, name, &ws) {
                true => 'W',
                false => 'P',
            });
            for (i, w) in ws.iter().enumerate() {
                if w.break_before && i > 0 {
                    out.push(' ');
                }
                out.push(' ');
                out.push_str(&super::key(w));
            }
        }
        out.push('\n');
    }
    out
}

/// One place of a compiled table.
pub struct Row<'a> {
    /// ISO 3166-1 alpha-2 code.
    pub country: &'a str,
    /// [`crate::places::Place::population_or_guess`].
    pub population: u64,
    /// A region or area, not a city.
    pub region: bool,
    capital_names: &'a str,
    names: &'a str,
}

impl<'a> Row<'a> {
    /// The names to compare with the gazetteer's capitals (none but for big cities).
    pub fn capital_names(&self) -> impl Iterator<Item = &'a str> {
        self.capital_names.split('|').filter(|n| !n.is_empty())
    }

    /// Each name: whether it is weak, and its word keys (`""` for a clause break).
    pub fn names(&self) -> impl Iterator<Item = (bool, std::str::Split<'a, char>)> {
        self.names
            .split('\t')
            .filter(|n| !n.is_empty())
            .map(|name| {
                let mut keys = name.split(' ');
                let weak = keys.next() == Some("W");
                (weak, keys)
            })
    }
}

/// The places of a compiled table, in order.
pub fn rows(table: &str) -> impl Iterator<Item = Row<'_>> {
    table
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let mut cols = line.splitn(5, '\t');
            let mut next = || cols.next().unwrap_or_default();
            Row {
                country: next(),
                population: next().parse().unwrap_or(0),
                region: next() == "r",
                capital_names: next(),
                names: next(),
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table compiled into Arshif is what compiling the built-in places gives now.
    #[test]
    fn the_compiled_table_is_up_to_date() {
        let fresh = write(Places::builtin());
        if std::env::var_os("ARSHIF_REGENERATE").is_some() {
            let path =
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/places-compiled.tsv");
            std::fs::write(&path, &fresh).expect("data/places-compiled.tsv is writable");
            return;
        }
        let first_difference = fresh.lines().zip(BUILTIN.lines()).position(|(a, b)| a != b);
        assert!(
            fresh == BUILTIN,
            "data/places-compiled.tsv is stale (first different line: {first_difference:?}): \
             run ARSHIF_REGENERATE=1 cargo test -p arshif-entities compiled_table"
        );
    }

    /// Reading gives back every place, in order, and every name's keys and weakness as written.
    #[test]
    fn rows_read_back_what_was_written() {
        let places = Places::parse(
            "city\tgn:1\tSpringfield\tسبرينغفيلد\tSpringfield, Ill.\tUS\t116250\tSpringfield\n\
             admin\tUS-IL\tIllinois\tإلينوي\t\tUS\t\t\n\
             area\tgaza\tGaza Strip\tقطاع غزة\t\tPS\t0\t\n",
        );
        let table = write(&places);
        let rows: Vec<Row> = rows(&table).collect();
        assert_eq!(rows.len(), 3);
        let names = |row: &Row| -> Vec<(bool, Vec<String>)> {
            row.names()
                .map(|(weak, keys)| (weak, keys.map(String::from).collect()))
                .collect()
        };
        assert_eq!((rows[0].country, rows[0].population), ("US", 116_250));
        assert!(!rows[0].region && rows[1].region && rows[2].region);
        assert_eq!(
            names(&rows[0]),
            [
                (true, vec!["^springfield".to_string()]),
                (false, vec!["سبرينغفيلد".to_string()]),
                (false, vec!["^springfield".into(), "".into(), "^ill".into()]),
            ]
        );
        let capitals: Vec<&str> = rows[0].capital_names().collect();
        assert_eq!(capitals, ["springfield", "سبرينغفيلد", "springfield, ill."]);
        // A region's population is guessed; only big cities keep names for capitals.
        assert_eq!(rows[1].population, crate::places::REGION_PEOPLE);
        assert_eq!(rows[1].capital_names().count(), 0);
        assert_eq!(
            names(&rows[2]),
            [
                (false, vec!["^gaza".to_string(), "^strip".to_string()]),
                (false, vec!["قطاع".to_string(), "غزه".to_string()]),
            ]
        );
    }
}
