//! Finding the countries and actors an article names, in Arabic and in English.
//!
//! News archives do not come tagged, so the facets are read from the text itself, the way GDELT
//! codes actors from news — but offline and explainably: every name comes from the gazetteer.
//!
//! - [`tokens`] — the text as normalized words (the index's own normalization), with clause
//!   breaks and Latin capitalization;
//! - [`clitics`] — `وروسيا`, `لأوكرانيا`, `بالعراق` are `روسيا`, `أوكرانيا`, `العراق`;
//! - [`names`] — every gazetteer name becomes a sequence of word ids, found leftmost-longest
//!   (`مجلس الأمن التابع للأمم المتحدة` wins over `الأمم المتحدة`) in one pass over the
//!   article's word ids;
//! - [`dateline`], [`prominence`] — where a story is filed from, and what it is about;
//! - [`candidates`] — people the gazetteer lacks, introduced by a title (`وزير الخارجية …`);
//! - this module — the vocabulary of name words, and the matches resolved:
//!   countries by name, demonym or capital (each route can be switched off), people by full name,
//!   or by surname alone when the full name is in the same article or the surname is unique.

pub mod candidates;
pub mod clitics;
pub mod dateline;
pub mod names;
mod place_names;
pub mod place_table;
pub mod prominence;
pub mod tokens;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::{FxHashMap, FxHashSet};

use crate::gazetteer::{Gazetteer, Kind};
use crate::places::Places;
use arshif_analysis::arabic::lexicon::Lexicon;
use arshif_analysis::normalize;
use names::Names;
use prominence::Tally;
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
    /// `Detroit`, `إدلب`, `ولاية فلوريدا`: cities, regions and areas ([`crate::places`]), each
    /// standing for its country once its ambiguity is resolved.
    pub places: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            country_names: true,
            demonyms: true,
            capitals: true,
            places: true,
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
    /// A place ([`Target::entry`] indexes [`Places::entries`]) by one of its names.
    Place,
    /// A place by a name that is also a word, a person's name or many places' name: counted
    /// only with support.
    WeakPlace,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    entry: usize,
    route: Route,
}

/// What was found in one article, most prominent first (ties in order of first mention).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// The countries the article is about ([`prominence`]): a prefix of `countries`.
    pub main_countries: usize,
    /// People and organisations: kind and slug.
    pub actors: Vec<(Kind, String)>,
    /// The actors the article is about: a prefix of `actors`.
    pub main_actors: usize,
}

impl Found {
    /// The countries the article is about.
    pub fn main_countries(&self) -> &[String] {
        &self.countries[..self.main_countries]
    }

    /// The actors the article is about.
    pub fn main_actors(&self) -> &[(Kind, String)] {
        &self.actors[..self.main_actors]
    }
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

/// A compiled gazetteer, ready to scan articles. Build it once per run (it takes a few
/// milliseconds) and share it between threads.
pub struct Extractor<'g> {
    gazetteer: &'g Gazetteer,
    /// place index → what extraction needs of the place (its names are in `names`).
    places: Vec<PlaceFacts>,
    /// The countries of `places`, each once.
    countries: Vec<String>,
    /// Indices of the places that are a country's capital (`Bruxelles` as well as `Brussels`).
    capital_places: FxHashSet<usize>,
    options: Options,
    /// word key (see [`Case::key`]) → word id. Looked up for every word of every article, so
    /// with a fast non-cryptographic hash (the keys are the gazetteer's, not an attacker's).
    vocabulary: FxHashMap<String, u32>,
    /// Every name as a sequence of word ids (see [`names`]).
    names: Names,
    /// Names written in Chinese characters, kana or hangul, matched on the characters of the
    /// text: Japanese and Chinese put no spaces between words, so `アルメニアとアゼルバイジャン`
    /// is one token to the word scanner. Leftmost-longest, like the word automaton
    /// (`南スーダン` is South Sudan, not Sudan).
    cjk_automaton: AhoCorasick,
    /// CJK automaton pattern → pattern index (into `targets`).
    cjk_patterns: Vec<usize>,
    /// pattern index → what it names.
    targets: Vec<Vec<Target>>,
    /// word id → how frequent the word is alone or with the article, in the lexicon's
    /// centibels ([`UNKNOWN`] for neither, [`UNSET`] until a text first needs it): the bare
    /// half of [`Extractor::is_a_word_not_a_clitic`], asked for each proclitic-stripped word of every
    /// article and always the same for one word id.
    bare_centibels: Vec<AtomicU32>,
    /// [`Extractor::whole_centibels`]' memory: text word → its lexicon centibels.
    whole_memo: Mutex<FxHashMap<Box<str>, Option<u64>>>,
    /// pattern index → how many people the pattern could name as a surname (its own short-form
    /// owners plus people whose full name ends with it).
    surname_owners: Vec<usize>,
}

impl<'g> Extractor<'g> {
    /// Compiles every name of `gazetteer` (except lookup-only ones), and of the built-in
    /// places when `options.places` is on (precompiled: [`place_table`]).
    pub fn new(gazetteer: &'g Gazetteer, options: Options) -> Extractor<'g> {
        let table = match options.places {
            true => place_table::BUILTIN,
            false => "",
        };
        Extractor::compile(gazetteer, table, options)
    }

    /// Compiles every name of `gazetteer` (except lookup-only ones) and of `places`.
    pub fn with_places(
        gazetteer: &'g Gazetteer,
        places: &Places,
        options: Options,
    ) -> Extractor<'g> {
        Extractor::compile(gazetteer, &place_table::write(places), options)
    }

    /// Compiles every name of `gazetteer` (except lookup-only ones) and of the places of
    /// `table` ([`place_table`]).
    fn compile(gazetteer: &'g Gazetteer, table: &str, options: Options) -> Extractor<'g> {
        // About two names a place, about one new word a name: sized once, not rehashed as
        // they grow.
        let lines = table.len() / 45 + gazetteer.entries().len() * 3;
        let mut b = Builder {
            vocabulary: FxHashMap::with_capacity_and_hasher(lines * 3 / 2, Default::default()),
            patterns: FxHashMap::with_capacity_and_hasher(lines * 2, Default::default()),
            targets: Vec::with_capacity(lines * 2),
            seq: Vec::new(),
        };
        let mut last_words: FxHashMap<u32, FxHashSet<usize>> = FxHashMap::default();
        // CJK names as written → pattern index (see `cjk_automaton`).
        let mut cjk: FxHashMap<String, usize> = FxHashMap::default();

        let mut scratch = String::new();
        for (index, entry) in gazetteer.entries().iter().enumerate() {
            let never: FxHashSet<String> = entry.lookup_only.iter().map(|n| normalize(n)).collect();
            let mut add = |name: &str, ws: &[Word], route: Route, b: &mut Builder| {
                if ws.is_empty() || (!never.is_empty() && never.contains(&normalize(name))) {
                    return;
                }
                b.seq.clear();
                for w in ws {
                    if w.break_before && !b.seq.is_empty() {
                        b.seq.push(BREAK);
                    }
                    scratch.clear();
                    push_key(w, &mut scratch);
                    let id = b.id(&scratch);
                    b.seq.push(id);
                }
                let p = b.pattern();
                let target = Target {
                    entry: index,
                    route,
                };
                if !b.targets[p].contains(&target) {
                    b.targets[p].push(target);
                }
                if name.chars().any(is_cjk) {
                    cjk.entry(normalize(name)).or_insert(p);
                }
                if entry.kind == Kind::Person && ws.len() >= 2 && route == Route::Name {
                    if let Some(&last) = b.seq.last() {
                        last_words.entry(last).or_default().insert(index);
                    }
                }
            };
            match entry.kind {
                Kind::Country => {
                    for name in entry.names() {
                        add(name, &words(name), Route::Name, &mut b);
                    }
                    for name in &entry.demonyms {
                        add(name, &words(name), Route::Demonym, &mut b);
                    }
                    for name in &entry.capitals {
                        add(name, &words(name), Route::Capital, &mut b);
                    }
                }
                Kind::Person => {
                    let names: Vec<(&String, Vec<Word>)> =
                        entry.names().map(|n| (n, words(n))).collect();
                    for (name, ws) in &names {
                        let short = is_short_form(ws, &names);
                        let route = if short { Route::Short } else { Route::Name };
                        add(name, ws, route, &mut b);
                    }
                }
                Kind::Org | Kind::Region => {
                    for name in entry.names() {
                        add(name, &words(name), Route::Name, &mut b);
                    }
                }
            }
        }

        // Capitals, which news also names by other spellings than the gazetteer's
        // (`Bruxelles`): a place of a country named like one of its capitals.
        let mut capital_names: FxHashMap<&str, Vec<String>> = FxHashMap::default();
        for e in gazetteer
            .entries()
            .iter()
            .filter(|e| e.kind == Kind::Country)
        {
            for c in &e.capitals {
                capital_names.entry(&e.id).or_default().push(normalize(c));
            }
        }
        let mut capital_places: FxHashSet<usize> = FxHashSet::default();
        let mut places: Vec<PlaceFacts> = Vec::new();
        let mut countries: Vec<String> = Vec::new();
        let mut country_index: FxHashMap<String, u32> = FxHashMap::default();
        // A place's names never override a country's lookup-only list: `عمان` is Oman's and
        // never matched as Oman, but Amman's weak name, matched when Jordan has support.
        for (index, row) in place_table::rows(table).enumerate() {
            let country = match country_index.get(row.country) {
                Some(&c) => c,
                None => {
                    let c = countries.len() as u32;
                    countries.push(row.country.to_string());
                    country_index.insert(row.country.to_string(), c);
                    c
                }
            };
            places.push(PlaceFacts {
                country,
                population: row.population,
                region: row.region,
            });
            // Only cities of 100,000 people or more keep names to compare: the gazetteer's
            // capitals have 500,000 or more.
            if let Some(capitals) = capital_names.get(row.country) {
                if row.capital_names().any(|n| capitals.iter().any(|c| c == n)) {
                    capital_places.insert(index);
                }
            }
            for (weak, keys) in row.names() {
                b.seq.clear();
                for key in keys {
                    let id = match key {
                        "" => BREAK,
                        key => b.id(key),
                    };
                    b.seq.push(id);
                }
                let p = b.pattern();
                let route = match weak {
                    true => Route::WeakPlace,
                    false => Route::Place,
                };
                // A place named twice the same way (`Paris`, `باريس`) keeps its strongest route.
                match b.targets[p]
                    .iter_mut()
                    .find(|t| is_place(t.route) && t.entry == index)
                {
                    Some(t) if route == Route::Place => t.route = Route::Place,
                    Some(_) => {}
                    None => b.targets[p].push(Target {
                        entry: index,
                        route,
                    }),
                }
            }
        }

        let Builder {
            vocabulary,
            patterns,
            targets,
            ..
        } = b;
        // pattern index → word ids.
        let mut sequences: Vec<Vec<u32>> = vec![Vec::new(); targets.len()];
        for (seq, p) in patterns {
            sequences[p] = seq;
        }
        let surname_owners = sequences
            .iter()
            .zip(&targets)
            .map(|(seq, ts)| {
                let people = match seq.as_slice() {
                    [only] => last_words.get(only),
                    _ => None,
                };
                // Most patterns (places, countries) have no owner: no set to build for them.
                if people.is_none() && ts.iter().all(|t| t.route != Route::Short) {
                    return 0;
                }
                let mut owners: FxHashSet<usize> = ts
                    .iter()
                    .filter(|t| t.route == Route::Short)
                    .map(|t| t.entry)
                    .collect();
                owners.extend(people.into_iter().flatten());
                owners.len()
            })
            .collect();
        let names = Names::new(&sequences, vocabulary.len() as u32 + FIRST_WORD);
        let bare_centibels = (0..vocabulary.len() as u32 + FIRST_WORD)
            .map(|_| AtomicU32::new(UNSET))
            .collect();
        let (cjk_names, cjk_patterns): (Vec<String>, Vec<usize>) = cjk.into_iter().unzip();
        let cjk_automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&cjk_names)
            .expect("CJK names are small and never empty");
        Extractor {
            gazetteer,
            places,
            countries,
            capital_places,
            options,
            vocabulary,
            names,
            cjk_automaton,
            cjk_patterns,
            targets,
            bare_centibels,
            whole_memo: Mutex::default(),
            surname_owners,
        }
    }

    /// The country of place `index`.
    fn place_country(&self, index: usize) -> &str {
        &self.countries[self.places[index].country as usize]
    }
    /// The id of a text word: itself if some name has it, else its first proclitic-stripped
    /// form that some name has (Arabic), else [`OTHER`].
    fn word_id(&self, norm: &str, case: Case, key: &mut String) -> u32 {
        if norm.is_ascii() {
            for &case in case.lookups() {
                key.clear();
                key.push_str(case.prefix());
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
        let mut bare = String::new();
        let found = clitics::find_bare(norm, |form| {
            let id = self.vocabulary.get(form).copied();
            if id.is_some() {
                bare.push_str(form);
            }
            id
        });
        match found {
            Some(id) if self.is_a_word_not_a_clitic(norm, &bare, id) => OTHER,
            Some(id) => id,
            None => OTHER,
        }
    }

    /// Whether `whole`, which reads as proclitics + a name (`كبيرا` as ك + `بيرا`, Beira in
    /// Mozambique), is rather a word of its own: the lexicon knows it, and knows the name not at
    /// all or as a word four times rarer ([`arshif_analysis::arabic::proclitic::MARGIN_CB`], the margin the
    /// analyzer's proclitic rule uses). `لبيروت` and `وروسيا` are rarer than `بيروت` and `روسيا`,
    /// so they are what they seem. Checked only when a name was found this way.
    /// The lookup of `bare` is kept per word id ([`Extractor::bare_centibels`]).
    fn is_a_word_not_a_clitic(&self, whole: &str, bare: &str, id: u32) -> bool {
        let Some(whole) = self.whole_centibels(whole) else {
            return false;
        };
        let memo = &self.bare_centibels[id as usize];
        let bare_cb = match memo.load(Ordering::Relaxed) {
            UNSET => {
                let cb =
                    bare_centibels(bare).map_or(UNKNOWN, |cb| cb.min(UNKNOWN as u64 - 1) as u32);
                memo.store(cb, Ordering::Relaxed);
                cb
            }
            cb => cb,
        };
        bare_cb == UNKNOWN
            || whole + arshif_analysis::arabic::proclitic::MARGIN_CB <= u64::from(bare_cb)
    }

    /// The lexicon's centibels of a text word that reads as proclitics + a name, remembered
    /// (up to [`WHOLE_MEMO`] words): the same few thousand words (`وكان`, `فان`) come back
    /// in every article, and a lexicon lookup costs ~2,000 instructions.
    fn whole_centibels(&self, whole: &str) -> Option<u64> {
        let remembered = self
            .whole_memo
            .lock()
            .ok()
            .and_then(|m| m.get(whole).copied());
        if let Some(cb) = remembered {
            return cb;
        }
        let cb = Lexicon::builtin().centibels(whole);
        if let Ok(mut memo) = self.whole_memo.lock() {
            if memo.len() < WHOLE_MEMO {
                memo.insert(whole.into(), cb);
            }
        }
        cb
    }

    /// Appends the word ids of `text` to `ids` (a run of words no name has as one [`OTHER`]),
    /// and for each id whether it is a word right after a venue word (`في`, `in`, `at`), to
    /// `venue` (`None` for breaks).
    fn encode_text(
        &self,
        text: &str,
        break_first: bool,
        ids: &mut Vec<u32>,
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
                ids.push(BREAK);
                venue.push(None);
                last = BREAK;
            }
            let id = self.word_id(w.norm, w.case, &mut key);
            if id != OTHER || last != OTHER {
                ids.push(id);
                venue.push(Some(after_venue_word && !break_before));
            }
            last = id;
            // The venue words are two to four bytes: most words are not compared at all.
            after_venue_word = w.norm.len() <= 4 && VENUE_WORDS.contains(&w.norm);
        });
    }

    /// Whether `text` begins with the name of a known person or organisation (`رجب طيب أردوغان
    /// قال` does; `قال أردوغان` does not).
    pub fn starts_with_actor(&self, text: &str) -> bool {
        let mut ids = Vec::new();
        let mut venue = Vec::new();
        self.encode_text(text, false, &mut ids, &mut venue);
        let entries = self.gazetteer.entries();
        self.names.longest_at(&ids, 0).is_some_and(|m| {
            self.targets[m.pattern].iter().any(|t| {
                !is_place(t.route) && matches!(entries[t.entry].kind, Kind::Person | Kind::Org)
            })
        })
    }

    /// The countries and actors named in `title` and `body`, most prominent first.
    pub fn extract(&self, title: &str, body: &str) -> Found {
        // About one word per 6 bytes of Arabic text, at most one id a word.
        let mut ids = Vec::with_capacity((title.len() + body.len()) / 6);
        let mut venue = Vec::with_capacity((title.len() + body.len()) / 6);
        self.encode_text(title, false, &mut ids, &mut venue);
        let title_end = ids.len();
        let (dateline, rest) = dateline::split(body);
        self.encode_text(dateline, true, &mut ids, &mut venue);
        let dateline_end = ids.len();
        self.encode_text(rest, true, &mut ids, &mut venue);
        let zone = |at: usize| match at {
            _ if at < title_end => Zone::Title,
            _ if at < dateline_end => Zone::Dateline,
            _ => Zone::Body,
        };
        let mut hits: Vec<Hit> = self
            .names
            .find_all(&ids)
            .into_iter()
            .map(|m| Hit {
                start: m.start,
                end: m.end,
                pattern: m.pattern,
                zone: match zone(m.start) {
                    // The dateline's first words (after the break that starts the body).
                    Zone::Dateline if m.start == title_end + 1 => Zone::Filed,
                    zone => zone,
                },
                venue: venue.get(m.start).copied().flatten() == Some(true),
            })
            .collect();
        for (text, zone) in [(title, Zone::Title), (body, Zone::Body)] {
            if has_cjk_lead_byte(text) {
                let text = arshif_analysis::normalize(text);
                for m in self.cjk_automaton.find_iter(&text) {
                    hits.push(Hit {
                        start: usize::MAX,
                        end: usize::MAX,
                        pattern: self.cjk_patterns[m.pattern().as_usize()],
                        zone,
                        venue: false,
                    });
                }
            }
        }

        let entries = self.gazetteer.entries();
        let mut tally = Tally::default();
        // Looked up, never iterated: a fast hash changes no result.
        let mut named_people: FxHashSet<usize> = FxHashSet::default();
        let mut shorts: Vec<(usize, Zone, usize)> = Vec::new();
        // Countries named outright, or by a place no other place or word shares: what an
        // ambiguous place name is resolved against.
        let mut support: FxHashSet<&str> = FxHashSet::default();
        let mut places: Vec<usize> = Vec::new();
        for (i, hit) in hits.iter().enumerate() {
            let targets = &self.targets[hit.pattern];
            // A capital is a place too, but `في بروكسل` (a venue) or a capital with the capitals
            // route off stays untagged, whatever route reaches it.
            let capital = targets.iter().any(|t| {
                t.route == Route::Capital
                    || (is_place(t.route) && self.capital_places.contains(&t.entry))
            });
            let capital_off = capital && (hit.venue || !self.options.capitals);
            // A place's name is resolved once the whole article is read; the people and
            // organisations of its pattern count now, its countries then.
            // A capital named by the gazetteer (`Maison Blanche`, `Washington`) is read as the
            // capital: its namesakes (a Maison Blanche in France) do not compete.
            let gazetteer_capital = targets.iter().any(|t| t.route == Route::Capital);
            let deferred =
                !capital_off && !gazetteer_capital && targets.iter().any(|t| is_place(t.route));
            if deferred {
                places.push(i);
                if let Some(country) = self.unambiguous_place(targets) {
                    support.insert(country);
                }
                // A country's name that only weak places share (`لبنان`, also four towns in
                // the US) names the country for the other places' sake.
                if targets.iter().all(|t| t.route != Route::Place) {
                    for t in targets.iter().filter(|t| t.route == Route::Name) {
                        let e = &entries[t.entry];
                        if e.kind == Kind::Country && self.options.country_names {
                            support.insert(&e.id);
                        }
                    }
                }
            }
            for t in targets.iter().filter(|t| !is_place(t.route)) {
                let e = &entries[t.entry];
                let weight = hit.zone.weight();
                match (e.kind, t.route) {
                    (Kind::Country, _) if !deferred => {
                        let on = match t.route {
                            Route::Name => self.options.country_names,
                            Route::Demonym => self.options.demonyms,
                            Route::Capital => self.options.capitals && !hit.venue,
                            _ => false,
                        };
                        if on {
                            support.insert(&e.id);
                            tally.country(&e.id, weight, i);
                        }
                    }
                    (Kind::Person, Route::Name) => {
                        named_people.insert(t.entry);
                        tally.actor(e, weight, i);
                    }
                    (Kind::Person, Route::Short) => shorts.push((hit.pattern, hit.zone, i)),
                    (Kind::Org, _) => tally.actor(e, weight, i),
                    _ => {}
                }
            }
        }
        // Twice: the places resolved without help (`Perth, Western Australia`, a dateline, a
        // city that dwarfs its namesakes) support the others, wherever they are in the text.
        let first = self.resolve_places(&places, &hits, &ids, &support);
        let before = support.len();
        support.extend(first.iter().flatten().filter(|r| r.1).map(|r| r.0));
        let resolved = match support.len() > before {
            true => self.resolve_places(&places, &hits, &ids, &support),
            false => first,
        };
        for (&i, country) in places.iter().zip(resolved) {
            if let Some((country, _)) = country {
                tally.country(country, hits[i].zone.weight(), i);
            }
        }
        // Surnames: linked to a person named in full in the same article, else to the only
        // person the surname can mean; an ambiguous surname alone is not linked.
        for (pattern, zone, at) in shorts {
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
                .any(|t| !is_place(t.route) && entries[t.entry].kind == Kind::Country);
            let linked = if !evidenced.is_empty() {
                evidenced
            } else if self.surname_owners[pattern] == 1 && !country_word {
                owners
            } else {
                Vec::new()
            };
            for o in linked {
                tally.actor(&entries[o], zone.weight(), at);
            }
        }
        tally.found()
    }

    /// The country of a pattern's places when they are all in one country by names that are not
    /// weak, and no country, person or organisation shares the pattern (`إدلب`, `Detroit`).
    fn unambiguous_place<'a>(&'a self, targets: &[Target]) -> Option<&'a str> {
        let mut country = None;
        for t in targets {
            let here = match t.route {
                Route::Place => self.place_country(t.entry),
                Route::WeakPlace => return None,
                _ => {
                    let entry = &self.gazetteer.entries()[t.entry];
                    match (entry.kind, t.route) {
                        // A region line (`New Jersey`) only keeps a country inside it out.
                        (Kind::Region, _) => continue,
                        // `بيروت`: the city is the capital.
                        (Kind::Country, Route::Capital) => entry.id.as_str(),
                        _ => return None,
                    }
                }
            };
            if country.is_some_and(|c| c != here) {
                return None;
            }
            country = Some(here);
        }
        country
    }

    /// Whether `next` follows `hit` with nothing between them but one clause break
    /// (`Springfield, Illinois`, `دمشق، سوريا`) or nothing at all (`حلب السورية`).
    fn adjacent(ids: &[u32], hit: &Hit, next: &Hit) -> bool {
        if hit.end == usize::MAX || next.start < hit.end {
            return false;
        }
        next.start == hit.end || ids.get(hit.end..next.start) == Some(&[BREAK][..])
    }

    /// The countries a match names with confidence, to resolve the place before it
    /// (`Springfield, Illinois`): a country's name, or a place by a name that is not weak
    /// (`WASHINGTON, March 2` is not Washington in England's `March`).
    fn countries_of(&self, pattern: usize) -> impl Iterator<Item = &str> {
        self.targets[pattern].iter().filter_map(|t| match t.route {
            Route::Place => Some(self.place_country(t.entry)),
            Route::WeakPlace => None,
            _ => {
                let e = &self.gazetteer.entries()[t.entry];
                (e.kind == Kind::Country && t.route == Route::Name).then_some(e.id.as_str())
            }
        })
    }

    /// The country a place name stands for here, or none when the text cannot tell.
    ///
    /// In order: a region or country right after it (`Paris, Texas`); a place that dwarfs
    /// every other of its name ([`OVERWHELMING`]: `Moscow`); the countries the article names
    /// otherwise ([`Extractor::extract`]'s support: `طرابلس` in an article that names
    /// Lebanon); a country of the same name (`Georgia` stays Georgia unless the article
    /// supports the US state); in a dateline, the most populous place of the name; elsewhere,
    /// the most populous place by a name that is not weak, if it is [`DOMINANCE`] times the
    /// most populous place of the name in any other country.
    /// [`Extractor::resolve_place`] for each of `places` (indices of `hits`).
    fn resolve_places<'a>(
        &'a self,
        places: &[usize],
        hits: &[Hit],
        ids: &[u32],
        support: &FxHashSet<&str>,
    ) -> Vec<Option<(&'a str, bool)>> {
        places
            .iter()
            .map(|&i| {
                let next = hits
                    .get(i + 1)
                    .filter(|n| Extractor::adjacent(ids, &hits[i], n));
                self.resolve_place(&hits[i], next, support)
            })
            .collect()
    }

    /// With the country, whether the place was resolved by itself, without the article's
    /// support (and can support the others).
    fn resolve_place<'a>(
        &'a self,
        hit: &Hit,
        next: Option<&Hit>,
        support: &FxHashSet<&str>,
    ) -> Option<(&'a str, bool)> {
        let entries = self.gazetteer.entries();
        let shared_with_actor = self.targets[hit.pattern].iter().any(|t| {
            !is_place(t.route) && matches!(entries[t.entry].kind, Kind::Person | Kind::Org)
        });
        let mut candidates: Vec<Candidate> = Vec::new();
        for t in &self.targets[hit.pattern] {
            match t.route {
                Route::Place | Route::WeakPlace => {
                    let place = &self.places[t.entry];
                    candidates.push(Candidate {
                        country: self.place_country(t.entry),
                        population: place.population,
                        weak: t.route == Route::WeakPlace || shared_with_actor,
                        is_country: false,
                        region: place.region,
                    });
                }
                Route::Name | Route::Capital if entries[t.entry].kind == Kind::Country => {
                    let on = match t.route {
                        Route::Name => self.options.country_names,
                        _ => self.options.capitals,
                    };
                    if on {
                        candidates.push(Candidate {
                            country: &entries[t.entry].id,
                            population: u64::MAX,
                            weak: false,
                            is_country: t.route == Route::Name,
                            region: false,
                        });
                    }
                }
                _ => {}
            }
        }
        let best = |keep: &dyn Fn(&Candidate) -> bool| {
            candidates
                .iter()
                .filter(|c| keep(c))
                .max_by_key(|c| c.population)
                .map(|c| c.country)
        };
        // The most populous place by a strong name, if it has `times` the people of any other
        // country's place of the name.
        let dominant = |times: u64| {
            let strong = candidates
                .iter()
                .filter(|c| !c.weak)
                .max_by_key(|c| c.population)?;
            let rival = candidates
                .iter()
                .filter(|c| c.country != strong.country)
                .map(|c| c.population)
                .max()
                .unwrap_or(0);
            (rival.saturating_mul(times) <= strong.population).then_some(strong.country)
        };
        if let Some(next) = next {
            let hinted = |c: &Candidate| self.countries_of(next.pattern).any(|h| h == c.country);
            if let Some(country) = best(&hinted) {
                return Some((country, true));
            }
        }
        let named_country = candidates.iter().any(|c| c.is_country);
        if !named_country {
            if let Some(country) = dominant(OVERWHELMING) {
                return Some((country, true));
            }
        }
        // A place of a country the rest of the article names (a country's own name supports
        // itself only after this: `Georgia` beside `Atlanta` is the US state).
        // A country's own name gives way only to a region or a strong place of a supported
        // country: `Georgia` beside Atlanta is the state, `لبنان` in an article about the US is
        // still Lebanon, not one of four small towns called Lebanon.
        let overrides = |c: &Candidate| !named_country || c.region || !c.weak;
        if let Some(country) =
            best(&|c| !c.is_country && overrides(c) && support.contains(c.country))
        {
            return Some((country, false));
        }
        if named_country {
            return best(&|c| c.is_country).map(|c| (c, false));
        }
        match hit.zone {
            // `CLEVELAND, Feb 26 -`: the place filed from, even by a name that is also a
            // president's; the most populous of its places.
            Zone::Filed => return best(&|_| true).map(|c| (c, true)),
            // `ABU DHABI, March 2 -`: `March` (a town in England) is the month.
            Zone::Dateline => return best(&|c| !c.weak).map(|c| (c, true)),
            Zone::Title | Zone::Body => {}
        }
        dominant(DOMINANCE).map(|c| (c, true))
    }
}

/// How many times more people the most populous place of a name must have than any other
/// country's place of that name to be taken without support (`طرابلس`: 1.15 million in Libya,
/// 230,000 in Lebanon).
const DOMINANCE: u64 = 5;

/// … and to be taken even when the article supports another country (`Moscow` in an article
/// about the US is not the Moscow of Idaho; `Paris` is Paris, France, unless `Paris, Texas`).
const OVERWHELMING: u64 = 20;

/// Where in the article a name was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Zone {
    Title,
    /// The first name of the dateline: the place the story was filed from (`DETROIT` in
    /// `DETROIT, March 3 -`, `بيروت` in `بيروت - `).
    Filed,
    /// The rest of the dateline (`N.Y.` in `COMMACK, N.Y., Feb 26 -`).
    Dateline,
    Body,
}

impl Zone {
    /// How much a mention here says about what the article is about: the dateline is where it
    /// happens, the title what it is about; a body mention is one among many.
    fn weight(self) -> f32 {
        match self {
            Zone::Title => 3.0,
            Zone::Filed | Zone::Dateline => 4.0,
            Zone::Body => 1.0,
        }
    }
}

/// What extraction needs of a place besides its names.
struct PlaceFacts {
    /// Index into [`Extractor::countries`] (a few hundred countries for 38,000 places).
    country: u32,
    /// [`crate::places::Place::population_or_guess`].
    population: u64,
    /// A region or area, not a city.
    region: bool,
}

/// The vocabulary and the names while an [`Extractor`] is compiled.
struct Builder {
    vocabulary: FxHashMap<String, u32>,
    /// word ids → pattern index.
    patterns: FxHashMap<Vec<u32>, usize>,
    /// pattern index → what it names.
    targets: Vec<Vec<Target>>,
    /// The name being added, as word ids.
    seq: Vec<u32>,
}

impl Builder {
    /// The id of a word key, a new one if the key is new.
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.vocabulary.get(key) {
            return id;
        }
        let id = self.vocabulary.len() as u32 + FIRST_WORD;
        self.vocabulary.insert(key.to_string(), id);
        id
    }

    /// The pattern index of the name in `seq`, a new one if no name had these words.
    fn pattern(&mut self) -> usize {
        if let Some(&p) = self.patterns.get(self.seq.as_slice()) {
            return p;
        }
        let p = self.targets.len();
        self.patterns.insert(self.seq.clone(), p);
        self.targets.push(Vec::new());
        p
    }
}

/// One match of a name in the encoded text.
struct Hit {
    /// Range of word ids in the encoded text (`usize::MAX` for CJK matches, which are not in it).
    start: usize,
    end: usize,
    pattern: usize,
    zone: Zone,
    /// Right after a venue word (`في`, `in`, `at`).
    venue: bool,
}

/// A country a place name may stand for.
struct Candidate<'a> {
    country: &'a str,
    /// Of the place; `u64::MAX` for a country named so.
    population: u64,
    weak: bool,
    is_country: bool,
    /// A region or area, not a town.
    region: bool,
}

/// How frequent `bare` is, alone or with the article (the name as text writes it may have the
/// article the key lost: `والأرجنتين`, الأرجنتين), whichever is more frequent.
fn bare_centibels(bare: &str) -> Option<u64> {
    let lexicon = Lexicon::builtin();
    let with_article = lexicon.centibels(&format!("ال{bare}"));
    match (lexicon.centibels(bare), with_article) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// How many text words [`Extractor::whole_centibels`] remembers at most (a few MB).
const WHOLE_MEMO: usize = 1 << 16;

/// [`Extractor::bare_centibels`] not yet looked up.
const UNSET: u32 = u32::MAX;
/// [`Extractor::bare_centibels`] of a word the lexicon does not have.
const UNKNOWN: u32 = u32::MAX - 1;

/// Whether `text` may hold Chinese characters, kana or hangul: three bytes in UTF-8, led by
/// E3..=ED. Asked of every article's whole text, so a block at a time with no early exit inside
/// a block, which the compiler turns into vector instructions (byte by byte it cost ~60 M
/// instructions over 3,800 articles).
fn has_cjk_lead_byte(text: &str) -> bool {
    let lead = |b: &u8| b.wrapping_sub(0xE3) <= 0xED - 0xE3;
    let mut blocks = text.as_bytes().chunks_exact(64);
    let found = blocks
        .by_ref()
        .any(|block| block.iter().fold(false, |any, b| any | lead(b)));
    found || blocks.remainder().iter().any(lead)
}

fn is_place(route: Route) -> bool {
    matches!(route, Route::Place | Route::WeakPlace)
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
    let mut out = String::new();
    push_key(w, &mut out);
    out
}

/// Appends [`key`] of `w` to `out` (no allocation when `out` has room).
fn push_key(w: &Word, out: &mut String) {
    if w.norm.is_ascii() {
        out.push_str(w.case.prefix());
        out.push_str(&w.norm);
    } else {
        out.push_str(clitics::without_article(&w.norm));
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
