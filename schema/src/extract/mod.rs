//! Finding the countries and actors an article names, in Arabic and in English.
//!
//! News archives do not come tagged, so the facets are read from the text itself, the way GDELT
//! codes actors from news — but offline and explainably: every name comes from the gazetteer.
//!
//! - [`tokens`] — the text as normalized words (the index's own normalization), with clause
//!   breaks and Latin capitalization;
//! - [`clitics`] — `وروسيا`, `لأوكرانيا`, `بالعراق` are `روسيا`, `أوكرانيا`, `العراق`;
//! - this module — every gazetteer name becomes a sequence of word ids, and one Aho-Corasick
//!   automaton (leftmost-longest: `مجلس الأمن التابع للأمم المتحدة` wins over `الأمم المتحدة`)
//!   finds them all in a single pass over the article's word ids. Then the matches are resolved:
//!   countries by name, demonym or capital (each route can be switched off), people by full name,
//!   or by surname alone when the full name is in the same article or the surname is unique.

pub mod clitics;
pub mod suggest;
pub mod tokens;

use std::collections::{HashMap, HashSet};

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;

use crate::analysis::normalize;
use crate::gazetteer::{Entry, Gazetteer, Kind};
use tokens::{scan, words, Case, Word};

/// Which routes may tag a country. All on by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// `أرمينيا`, `Armenia`, `جمهورية أرمينيا`.
    pub country_names: bool,
    /// `الأرمينية`, `الأرمن`, `Armenians`.
    pub demonyms: bool,
    /// `يريفان` standing for Armenia's government — but not after "in"/"في", where the city is
    /// only where something happened (`talks in Brussels` are not about Belgium).
    pub capitals: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            country_names: true,
            demonyms: true,
            capitals: true,
        }
    }
}

/// How a name in the text was matched to an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Route {
    Name,
    Demonym,
    Capital,
    /// A person's short form (surname) — linked only with evidence.
    Short,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    entry: usize,
    route: Route,
}

/// What was found in one article, in order of first mention.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// People and organisations: kind and slug.
    pub actors: Vec<(Kind, String)>,
}

/// Words before a capital that make it a venue, not an actor (French `à Washington` too).
const VENUE_WORDS: [&str; 4] = ["في", "in", "at", "à"];

/// Word id 0 stands for a clause break (punctuation, a line break): names never span one, but a
/// name written with punctuation inside (`U.S.`) has it in its pattern.
const BREAK: u32 = 0;

/// Word id 1 stands for every word no name contains. A run of them is one symbol: no pattern
/// holds this id, so no match can start, end or lie inside such a run, and the automaton need
/// not step through each of its words (most words of an article).
const OTHER: u32 = 1;

/// The first id of a word that names contain.
const FIRST_WORD: u32 = 2;

/// Each word id becomes `width` bytes (two while the vocabulary has under 16,384 words, else
/// three), the first with its high bit set and the others without, so that a pattern can only
/// match at the start of a word: the automaton works on bytes, the encoding makes it work on
/// words.
fn encode(id: u32, width: usize, out: &mut Vec<u8>) {
    if width == 3 {
        out.push(0x80 | ((id >> 14) & 0x7F) as u8);
        out.push(((id >> 7) & 0x7F) as u8);
    } else {
        out.push(0x80 | ((id >> 7) & 0x7F) as u8);
    }
    out.push((id & 0x7F) as u8);
}

const MAX_WORDS: u32 = 1 << 21;

/// A compiled gazetteer, ready to scan articles. Build it once per run (it takes a few
/// milliseconds) and share it between threads.
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    options: Options,
    /// word key (see [`Case::key`]) → word id. Looked up for every word of every article, so
    /// with a fast non-cryptographic hash (the keys are the gazetteer's, not an attacker's).
    vocabulary: FxHashMap<String, u32>,
    automaton: AhoCorasick,
    /// Names written in Chinese characters, kana or hangul, matched on the characters of the
    /// text: Japanese and Chinese put no spaces between words, so `アルメニアとアゼルバイジャン`
    /// is one token to the word scanner. Leftmost-longest, like the word automaton
    /// (`南スーダン` is South Sudan, not Sudan).
    cjk_automaton: AhoCorasick,
    /// CJK automaton pattern → pattern index (into `targets`).
    cjk_patterns: Vec<usize>,
    /// Bytes per word id (see [`encode`]).
    width: usize,
    /// pattern index → what it names.
    targets: Vec<Vec<Target>>,
    /// pattern index → how many people the pattern could name as a surname (its own short-form
    /// owners plus people whose full name ends with it).
    surname_owners: Vec<usize>,
}

impl<'g> Extractor<'g> {
    /// Compiles every name of `gazetteer` (except lookup-only ones).
    pub fn new(gazetteer: &'g Gazetteer, options: Options) -> Extractor<'g> {
        let mut vocabulary: FxHashMap<String, u32> = FxHashMap::default();
        let mut patterns: FxHashMap<Vec<u32>, usize> = FxHashMap::default();
        let mut sequences: Vec<Vec<u32>> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut last_words: HashMap<u32, HashSet<usize>> = HashMap::new();
        // CJK names as written → pattern index (see `cjk_automaton`).
        let mut cjk: FxHashMap<String, usize> = FxHashMap::default();

        let ids = |ws: &[Word], vocabulary: &mut FxHashMap<String, u32>| -> Vec<u32> {
            let mut seq = Vec::with_capacity(ws.len());
            for w in ws {
                if w.break_before && !seq.is_empty() {
                    seq.push(BREAK);
                }
                let key = key(w);
                let id = match vocabulary.get(&key) {
                    Some(&id) => id,
                    None => {
                        let id = (vocabulary.len() as u32 + FIRST_WORD).min(MAX_WORDS - 1);
                        vocabulary.insert(key, id);
                        id
                    }
                };
                seq.push(id);
            }
            seq
        };

        for (index, entry) in gazetteer.entries().iter().enumerate() {
            let never: HashSet<String> = entry.lookup_only.iter().map(|n| normalize(n)).collect();
            let mut add =
                |name: &str, ws: &[Word], route: Route, vocabulary: &mut FxHashMap<String, u32>| {
                    if ws.is_empty() || (!never.is_empty() && never.contains(&normalize(name))) {
                        return;
                    }
                    let seq = ids(ws, vocabulary);
                    let p = *patterns.entry(seq.clone()).or_insert_with(|| {
                        sequences.push(seq.clone());
                        targets.push(Vec::new());
                        sequences.len() - 1
                    });
                    let target = Target {
                        entry: index,
                        route,
                    };
                    if !targets[p].contains(&target) {
                        targets[p].push(target);
                    }
                    if name.chars().any(is_cjk) {
                        cjk.entry(normalize(name)).or_insert(p);
                    }
                    if entry.kind == Kind::Person && ws.len() >= 2 && route == Route::Name {
                        if let Some(&last) = seq.last() {
                            last_words.entry(last).or_default().insert(index);
                        }
                    }
                };
            match entry.kind {
                Kind::Country => {
                    for name in entry.names() {
                        add(name, &words(name), Route::Name, &mut vocabulary);
                    }
                    for name in &entry.demonyms {
                        add(name, &words(name), Route::Demonym, &mut vocabulary);
                    }
                    for name in &entry.capitals {
                        add(name, &words(name), Route::Capital, &mut vocabulary);
                    }
                }
                Kind::Person => {
                    let names: Vec<(&String, Vec<Word>)> =
                        entry.names().map(|n| (n, words(n))).collect();
                    for (name, ws) in &names {
                        let short = is_short_form(ws, &names);
                        let route = if short { Route::Short } else { Route::Name };
                        add(name, ws, route, &mut vocabulary);
                    }
                }
                Kind::Org | Kind::Region => {
                    for name in entry.names() {
                        add(name, &words(name), Route::Name, &mut vocabulary);
                    }
                }
            }
        }

        let surname_owners = sequences
            .iter()
            .zip(&targets)
            .map(|(seq, ts)| {
                let mut owners: HashSet<usize> = ts
                    .iter()
                    .filter(|t| t.route == Route::Short)
                    .map(|t| t.entry)
                    .collect();
                if let [only] = seq.as_slice() {
                    if let Some(people) = last_words.get(only) {
                        owners.extend(people);
                    }
                }
                owners.len()
            })
            .collect();
        let width = if vocabulary.len() as u32 + FIRST_WORD < 1 << 14 {
            2
        } else {
            3
        };
        let bytes: Vec<Vec<u8>> = sequences
            .iter()
            .map(|seq| {
                let mut b = Vec::with_capacity(seq.len() * width);
                for &id in seq {
                    encode(id, width, &mut b);
                }
                b
            })
            .collect();
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&bytes)
            .expect("word-id patterns are small and never empty");
        let (cjk_names, cjk_patterns): (Vec<String>, Vec<usize>) = cjk.into_iter().unzip();
        let cjk_automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cjk_names)
            .expect("CJK names are small and never empty");
        Extractor {
            gazetteer,
            options,
            vocabulary,
            automaton,
            cjk_automaton,
            cjk_patterns,
            width,
            targets,
            surname_owners,
        }
    }

    /// The id of a text word: itself if some name has it, else its first proclitic-stripped
    /// form that some name has (Arabic), else [`OTHER`].
    fn word_id(&self, norm: &str, case: Case, key: &mut String) -> u32 {
        if norm.is_ascii() {
            for &case in case.lookups() {
                key.clear();
                match case {
                    Case::Any => {}
                    Case::Capitalized => key.push('^'),
                    Case::Upper => key.push_str("^^"),
                }
                key.push_str(norm);
                if let Some(&id) = self.vocabulary.get(key.as_str()) {
                    return id;
                }
            }
            return OTHER;
        }
        if let Some(&id) = self.vocabulary.get(clitics::without_article(norm)) {
            return id;
        }
        clitics::find_bare(norm, |form| self.vocabulary.get(form).copied()).unwrap_or(OTHER)
    }

    /// Appends the word ids of `text` to `bytes`, and for each 3-byte group whether it is a word
    /// right after a venue word (`في`, `in`, `at`), to `venue` (`None` for breaks).
    fn encode_text(
        &self,
        text: &str,
        break_first: bool,
        bytes: &mut Vec<u8>,
        venue: &mut Vec<Option<bool>>,
    ) {
        let mut key = String::new();
        let mut after_venue_word = false;
        let mut first = true;
        let mut last = BREAK;
        scan(text, |w| {
            let break_before = w.break_before || (first && break_first);
            first = false;
            if break_before {
                encode(BREAK, self.width, bytes);
                venue.push(None);
                last = BREAK;
            }
            let id = self.word_id(w.norm, w.case, &mut key);
            if id != OTHER || last != OTHER {
                encode(id, self.width, bytes);
                venue.push(Some(after_venue_word && !break_before));
            }
            last = id;
            after_venue_word = VENUE_WORDS.contains(&w.norm);
        });
    }

    /// Whether `text` begins with the name of a known person or organisation (`رجب طيب أردوغان
    /// قال` does; `قال أردوغان` does not).
    pub fn starts_with_actor(&self, text: &str) -> bool {
        let mut bytes = Vec::new();
        let mut venue = Vec::new();
        self.encode_text(text, false, &mut bytes, &mut venue);
        let entries = self.gazetteer.entries();
        self.automaton.find(&bytes).is_some_and(|m| {
            m.start() == 0
                && self.targets[m.pattern().as_usize()]
                    .iter()
                    .any(|t| matches!(entries[t.entry].kind, Kind::Person | Kind::Org))
        })
    }

    /// The countries and actors named in `title` and `body`.
    pub fn extract(&self, title: &str, body: &str) -> Found {
        // About one word per 6 bytes of Arabic text; at most 3 bytes per word.
        let mut bytes = Vec::with_capacity((title.len() + body.len()) / 2);
        let mut venue = Vec::with_capacity((title.len() + body.len()) / 6);
        self.encode_text(title, false, &mut bytes, &mut venue);
        self.encode_text(body, true, &mut bytes, &mut venue);

        let entries = self.gazetteer.entries();
        let mut found = Found::default();
        let mut named_people: HashSet<usize> = HashSet::new();
        let mut shorts: Vec<usize> = Vec::new();
        let push_country = |found: &mut Found, e: &Entry| {
            if !found.countries.contains(&e.id) {
                found.countries.push(e.id.clone());
            }
        };
        let push_actor = |found: &mut Found, e: &Entry| {
            let a = (e.kind, e.id.clone());
            if !found.actors.contains(&a) {
                found.actors.push(a);
            }
        };
        let mut take = |found: &mut Found, pattern: usize, is_venue: bool| {
            for t in &self.targets[pattern] {
                let e = &entries[t.entry];
                match (e.kind, t.route) {
                    (Kind::Country, Route::Name) if self.options.country_names => {
                        push_country(found, e)
                    }
                    (Kind::Country, Route::Demonym) if self.options.demonyms => {
                        push_country(found, e)
                    }
                    (Kind::Country, Route::Capital) if self.options.capitals && !is_venue => {
                        push_country(found, e)
                    }
                    (Kind::Person, Route::Name) => {
                        named_people.insert(t.entry);
                        push_actor(found, e);
                    }
                    (Kind::Person, Route::Short) => shorts.push(pattern),
                    (Kind::Org, _) => push_actor(found, e),
                    _ => {}
                }
            }
        };
        for m in self.automaton.find_iter(&bytes) {
            let is_venue = venue.get(m.start() / self.width).copied().flatten() == Some(true);
            take(&mut found, m.pattern().as_usize(), is_venue);
        }
        for text in [title, body] {
            // Chinese characters, kana and hangul are three bytes in UTF-8, led by E3..=ED.
            if text.bytes().any(|b| (0xE3..=0xED).contains(&b)) {
                let text = crate::analysis::normalize(text);
                for m in self.cjk_automaton.find_iter(&text) {
                    take(&mut found, self.cjk_patterns[m.pattern().as_usize()], false);
                }
            }
        }
        // Surnames: linked to a person named in full in the same article, else to the only
        // person the surname can mean; an ambiguous surname alone is not linked.
        for pattern in shorts {
            let owners: Vec<usize> = self.targets[pattern]
                .iter()
                .filter(|t| t.route == Route::Short)
                .map(|t| t.entry)
                .collect();
            let evidenced: Vec<usize> = owners
                .iter()
                .copied()
                .filter(|o| named_people.contains(o))
                .collect();
            // A surname that is also a country word (السوداني is Sudanese, and al-Sudani) names
            // the person only next to the full name.
            let country_word = self.targets[pattern]
                .iter()
                .any(|t| entries[t.entry].kind == Kind::Country);
            let linked = if !evidenced.is_empty() {
                evidenced
            } else if self.surname_owners[pattern] == 1 && !country_word {
                owners
            } else {
                Vec::new()
            };
            for o in linked {
                push_actor(&mut found, &entries[o]);
            }
        }
        found
    }
}

/// Chinese characters (and the iteration mark 々), kana (with the prolonged sound mark ー) and
/// hangul syllables.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}' | '\u{F900}'..='\u{FAFF}')
}

/// The vocabulary key of a word of a name: Latin words keep their case class, Arabic words lose
/// their article.
fn key(w: &Word) -> String {
    if w.norm.is_ascii() {
        w.case.key(&w.norm)
    } else {
        clitics::without_article(&w.norm).to_string()
    }
}

/// A person's name is a short form (a surname: `باشينيان`, `Aliyev`, `جاويش أوغلو`) when it is
/// the last words of another, longer name of the same person.
fn is_short_form(mine: &[Word], names: &[(&String, Vec<Word>)]) -> bool {
    names.iter().any(|(_, theirs)| {
        theirs.len() > mine.len()
            && theirs[theirs.len() - mine.len()..]
                .iter()
                .zip(mine)
                .all(|(a, b)| a.norm == b.norm)
    })
}

#[cfg(test)]
mod tests;
