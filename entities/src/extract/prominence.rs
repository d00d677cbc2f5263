//! How prominent each country and actor is in an article, and which ones it is about.
//!
//! Every mention is kept (`--country` still finds an article that names a country once in
//! passing), but the order says what the story is about: a country gets 4 points for the
//! dateline (where the story was filed from), 3 for each mention in the title and 1 for each in
//! the body. The countries with at least [`MAIN_SHARE`] of the top score are the article's main
//! ones: a Kuwaiti story that names the flag of a Liberian tanker once is about Kuwait. Actors
//! are scored the same way.

use super::Found;
use crate::gazetteer::{Entry, Kind};

/// A country or actor is one of an article's main ones with at least this share of the most
/// prominent one's score.
pub const MAIN_SHARE: f32 = 0.25;

/// The scores of an article's countries and actors, each with the position of its first
/// mention (ambiguous places are resolved after the rest, but keep their place in the order).
#[derive(Default)]
pub(crate) struct Tally {
    countries: Vec<(String, Score)>,
    actors: Vec<((Kind, String), Score)>,
}

/// A score and the position of the first mention.
type Score = (f32, usize);

fn add<T: PartialEq>(scored: &mut Vec<(T, Score)>, key: T, weight: f32, at: usize) {
    match scored.iter_mut().find(|(k, _)| *k == key) {
        Some((_, (score, first))) => {
            *score += weight;
            *first = (*first).min(at);
        }
        None => scored.push((key, (weight, at))),
    }
}

impl Tally {
    /// A mention of country `id` at position `at`, worth `weight`.
    pub(crate) fn country(&mut self, id: &str, weight: f32, at: usize) {
        add(&mut self.countries, id.to_string(), weight, at);
    }

    /// A mention of actor `entry` at position `at`, worth `weight`.
    pub(crate) fn actor(&mut self, entry: &Entry, weight: f32, at: usize) {
        add(&mut self.actors, (entry.kind, entry.id.clone()), weight, at);
    }

    /// What was found, most prominent first (ties keep the order of first mention).
    pub(crate) fn found(self) -> Found {
        let (countries, main_countries) = ranked(self.countries);
        let (actors, main_actors) = ranked(self.actors);
        Found {
            countries,
            main_countries,
            actors,
            main_actors,
        }
    }
}

/// `scored` by score, highest first, then by first mention, and how many reach [`MAIN_SHARE`]
/// of the top.
fn ranked<T>(mut scored: Vec<(T, Score)>) -> (Vec<T>, usize) {
    scored.sort_by(|(_, a), (_, b)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let top = scored.first().map_or(0.0, |s| s.1 .0);
    let main = scored
        .iter()
        .take_while(|s| s.1 .0 >= MAIN_SHARE * top)
        .count();
    (scored.into_iter().map(|s| s.0).collect(), main)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dateline_and_title_outweigh_a_passing_mention() {
        let mut tally = Tally::default();
        tally.country("LR", 1.0, 5);
        tally.country("KW", 4.0, 0);
        tally.country("SA", 1.0, 2);
        tally.country("KW", 1.0, 3);
        let found = tally.found();
        assert_eq!(found.countries, ["KW", "SA", "LR"]);
        assert_eq!(found.main_countries(), ["KW"]);
    }

    #[test]
    fn equals_are_all_main_in_order_of_mention() {
        let mut tally = Tally::default();
        // Resolved out of order (an ambiguous place is resolved last): the first mention
        // decides among equals.
        for (c, at) in [("AZ", 1), ("AZ", 3), ("RU", 4), ("AM", 0), ("AM", 2)] {
            tally.country(c, 1.0, at);
        }
        let found = tally.found();
        assert_eq!(found.countries, ["AM", "AZ", "RU"]);
        assert_eq!(found.main_countries(), ["AM", "AZ", "RU"]);
    }
}
