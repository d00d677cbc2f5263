//! Known countries and actors, so that people can name them as they like.
//!
//! A user filtering by `--country أرمينيا`, `--country Armenia` or `--country am`, and an article
//! whose metadata says `"countries": ["Armenia"]`, all mean the facet `/country/AM`. The
//! gazetteer maps every known name, alias and abbreviation — after the same Arabic
//! normalization the index uses — to one id. It ships inside the binary (`data/gazetteer.tsv`),
//! so nothing is read at run time.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::analysis::normalize;

/// What kind of thing an entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Person,
    Org,
}

/// One country, person or organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code for countries, a slug (`nikol-pashinyan`) for actors.
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    pub aliases: Vec<String>,
}

impl Entry {
    /// A human label: `أرمينيا (Armenia)`.
    pub fn label(&self) -> String {
        match (self.name_ar.is_empty(), self.name_en.is_empty()) {
            (false, false) => format!("{} ({})", self.name_ar, self.name_en),
            (false, true) => self.name_ar.clone(),
            _ => self.name_en.clone(),
        }
    }
}

/// The table of known entities, with a lookup by any of their names.
#[derive(Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// normalized name → index into `entries`, one map per side (countries, actors).
    countries: HashMap<String, usize>,
    actors: HashMap<String, usize>,
}

const BUILTIN: &str = include_str!("../data/gazetteer.tsv");

/// Lookup key: normalized, lowercased, whitespace collapsed, hyphens and underscores as spaces.
fn key(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    normalize(&spaced)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Gazetteer {
    /// The gazetteer compiled into Arshif.
    pub fn builtin() -> &'static Gazetteer {
        static BUILT: OnceLock<Gazetteer> = OnceLock::new();
        BUILT.get_or_init(|| Gazetteer::parse(BUILTIN))
    }

    /// Parses the TSV format of `data/gazetteer.tsv`:
    /// `kind <TAB> id <TAB> name_en <TAB> name_ar <TAB> aliases (|-separated)`.
    /// Lines that do not fit are ignored: the file is ours and checked by a test.
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut gazetteer = Gazetteer::default();
        for line in tsv.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let kind = match cols.first().copied() {
                Some("country") => Kind::Country,
                Some("person") => Kind::Person,
                Some("org") => Kind::Org,
                _ => continue,
            };
            let (Some(id), Some(name_en)) = (cols.get(1), cols.get(2)) else {
                continue;
            };
            let entry = Entry {
                kind,
                id: id.to_string(),
                name_en: name_en.to_string(),
                name_ar: cols.get(3).unwrap_or(&"").to_string(),
                aliases: cols
                    .get(4)
                    .map(|a| {
                        a.split('|')
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            gazetteer.insert(entry);
        }
        gazetteer
    }

    fn insert(&mut self, entry: Entry) {
        let index = self.entries.len();
        let map = match entry.kind {
            Kind::Country => &mut self.countries,
            Kind::Person | Kind::Org => &mut self.actors,
        };
        let names = [&entry.id, &entry.name_en, &entry.name_ar]
            .into_iter()
            .chain(entry.aliases.iter());
        for name in names {
            let k = key(name);
            if !k.is_empty() {
                // First entry wins: an alias never steals another entry's name.
                map.entry(k).or_insert(index);
            }
        }
        self.entries.push(entry);
    }

    /// All entries, in file order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The country known by `name` (code, English or Arabic name, alias).
    pub fn country(&self, name: &str) -> Option<&Entry> {
        self.countries.get(&key(name)).map(|&i| &self.entries[i])
    }

    /// The person or organisation known by `name` (slug, name, alias).
    pub fn actor(&self, name: &str) -> Option<&Entry> {
        self.actors.get(&key(name)).map(|&i| &self.entries[i])
    }

    /// The facet id for a country named in metadata or on the command line: the ISO code of a
    /// known country, an unknown two-letter code uppercased, anything else as written (so that
    /// nothing in the metadata is lost).
    pub fn country_id(&self, name: &str) -> String {
        let name = name.trim();
        if let Some(entry) = self.country(name) {
            return entry.id.clone();
        }
        if name.len() == 2 && name.chars().all(|c| c.is_ascii_alphabetic()) {
            return name.to_ascii_uppercase();
        }
        name.to_string()
    }

    /// The facet id for an actor: a known actor's slug, else a slug made from the name
    /// (`Some Person` → `some-person`).
    pub fn actor_id(&self, name: &str) -> String {
        match self.actor(name) {
            Some(entry) => entry.id.clone(),
            None => slug(name),
        }
    }
}

/// A facet-safe slug: lowercase, words joined by `-`, no `/`.
pub fn slug(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == '/' || c == '_')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# comment\n\
country\tAM\tArmenia\tأرمينيا\tارمينيا|Republic of Armenia\n\
person\tnikol-pashinyan\tNikol Pashinyan\tنيكول باشينيان\tباشينيان|Pashinyan\n\
org\tcsto\tCollective Security Treaty Organization\tمنظمة معاهدة الأمن الجماعي\tCSTO\n\
bogus line\n";

    #[test]
    fn resolves_any_name_to_one_id() {
        let g = Gazetteer::parse(SAMPLE);
        for name in [
            "AM",
            "am",
            "Armenia",
            "أرمينيا",
            "ارمينيا",
            "republic of  armenia",
        ] {
            assert_eq!(g.country_id(name), "AM", "{name}");
        }
        for name in [
            "nikol-pashinyan",
            "Nikol Pashinyan",
            "باشينيان",
            "PASHINYAN",
        ] {
            assert_eq!(g.actor_id(name), "nikol-pashinyan", "{name}");
        }
        assert_eq!(g.actor_id("csto"), "csto");
        assert_eq!(g.actor_id("منظمة معاهدة الأمن الجماعي"), "csto");
    }

    #[test]
    fn unknown_names_are_kept() {
        let g = Gazetteer::parse(SAMPLE);
        assert_eq!(g.country_id("fr"), "FR");
        assert_eq!(g.country_id("Atlantis"), "Atlantis");
        assert_eq!(g.actor_id("Some  Person"), "some-person");
        assert_eq!(g.actor_id("a/b"), "a-b");
        assert_eq!(g.entries().len(), 3);
    }

    #[test]
    fn countries_and_actors_do_not_collide() {
        let g = Gazetteer::parse(SAMPLE);
        assert!(g.actor("Armenia").is_none());
        assert!(g.country("csto").is_none());
    }

    #[test]
    fn builtin_gazetteer_is_well_formed() {
        let g = Gazetteer::builtin();
        let countries = g.entries().iter().filter(|e| e.kind == Kind::Country);
        let mut n = 0;
        for c in countries {
            n += 1;
            assert_eq!(c.id.len(), 2, "{c:?}");
            assert!(c.id.chars().all(|ch| ch.is_ascii_uppercase()), "{c:?}");
            assert!(!c.name_ar.is_empty() && !c.name_en.is_empty(), "{c:?}");
        }
        assert!(n >= 50, "only {n} countries");
        for a in g.entries().iter().filter(|e| e.kind != Kind::Country) {
            assert_eq!(a.id, slug(&a.id), "actor ids are slugs: {a:?}");
            assert!(!a.name_ar.is_empty(), "{a:?}");
        }
        assert_eq!(g.country_id("أذربيجان"), "AZ");
    }
}
