//! Arabic stemming that strips clitics and inflection but never mangles a proper noun.
//!
//! Lucene's `ArabicAnalyzer` uses Larkey's *light10* stemmer: strip one of the prefixes
//! ال وال بال كال فال لل و, then the suffixes ها ان ات ون ين يه ية ه ة ي. It is a good recall device
//! for common words, and a poor one for names: `لبنان` loses `ان` and becomes `لبن` (milk),
//! `أذربيجان` becomes `اذربيج` while `الأذربيجانية` becomes `اذربيجان`, and `لأوكرانيا` keeps its
//! `ل` (light10 never strips a lone ب ك ل ف, rightly so for common words: `بحر` is not ب + حر)
//! and so never meets `أوكرانيا`.
//!
//! [`StemRule::Arshif`] fixes that with a list of [`ProperNouns`] — handed to it by whoever builds
//! the analyzers: for an index, the Arabic names of the gazetteer's countries, people and
//! organisations and the places of `entities/data/places-ar.txt`
//! (`arshif_entities::proper_nouns`):
//!
//! 1. if the word, after removing any clitic combination (و ف, then ب ك ل, then ال; ل + ال is
//!    written لل), is a proper noun, that noun is the term — `لأوكرانيا`, `وأوكرانيا`,
//!    `بأوكرانيا` all give `اوكرانيا`; `ليريفان` gives `يريفان`;
//! 2. if it is a demonym of a known country (`الأذربيجانية`, `اللبنانيين`, `الروسي`), the country
//!    is the term, so the adjective meets the country as light10 intends, but consistently;
//! 3. otherwise a one-letter proclitic (و too) is removed where the lexicon says the rest is
//!    the word ([`super::proclitic`]: `بقرار` → `قرار`, `وقال` → `قال`, but `بلد` and `وزير`
//!    stay), then light10 applies, with the clitic combinations completed (`وبال`, `فلل`, …)
//!    and without its lone-و rule.
//!
//! Which rule is used by the index was chosen by measuring retrieval (see
//! `docs/arabic-analysis.md` and `tests/retrieval.rs`); the others stay available for that
//! measurement, the tests and the benchmarks, behind the `comparison-stemmers` feature: the
//! binaries never stem by them.
//!
//! The stemmer expects normalized tokens (see [`mod@super::normalize`]): ة is already ه, أ is ا.

use std::mem;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

use super::lexicon::Lexicon;
use super::normalize::normalize;
use super::proclitic;

/// How tokens are stemmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StemRule {
    /// Proper nouns clitic-stripped but kept whole, demonyms to their country, one-letter
    /// proclitics by the lexicon, light10 for the rest. What the `arabic` analyzer uses.
    Arshif,
    /// Larkey's light10 exactly as Lucene's `ArabicStemmer` implements it (the baseline).
    #[cfg(feature = "comparison-stemmers")]
    Light10,
    /// The Snowball Arabic stemmer that tantivy ships (`Language::Arabic`).
    #[cfg(feature = "comparison-stemmers")]
    Snowball,
    /// Proper nouns and demonyms as in [`StemRule::Arshif`], Snowball for the rest.
    #[cfg(feature = "comparison-stemmers")]
    ArshifSnowball,
    /// No stemming: the exact view.
    None,
}

/// Words that must be recognised through their clitics and never stemmed.
#[derive(Debug, Default)]
pub struct ProperNouns {
    /// Normalized name → the term it is indexed as. Country and place names are there with and
    /// without their article (`العراق` and `عراق` → `عراق`), since the article of `ألمانيا`
    /// (`المانيا`) cannot be told from the letters of the name.
    words: FxHashMap<String, String>,
    /// The same for country names only, for demonyms.
    countries: FxHashMap<String, String>,
    /// What is left of a demonym once its suffix is removed (`روس` of `الروسيه`) → its
    /// country: each country's name and the name without its ending `يا`, `يه` or `ا`, made
    /// once from `countries` ([`ProperNouns::finish`]) so that a candidate costs one lookup
    /// instead of four string buildings and lookups (the lookup runs on every token indexed).
    demonym_bases: FxHashMap<String, String>,
    /// The longest name, in bytes: longer candidates are not looked up.
    longest: usize,
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
}

/// Removes a leading article when what is left is still a name (`العراق` → `عراق`).
fn without_article(name: &str) -> &str {
    match name.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 3 => rest,
        _ => name,
    }
}

/// Maps a place name, with and without its article, to `canonical` (a name without article).
/// A name already mapped keeps its first mapping, so one entry cannot steal another's name.
fn insert_place(map: &mut FxHashMap<String, String>, name: &str, canonical: &str) {
    for key in [name, without_article(name)] {
        map.entry(key.to_string())
            .or_insert_with(|| canonical.to_string());
    }
}

/// Words inside people's names that are common words, not names: ordinals and titles
/// (`هنري الثاني ملك إنجلترا`, `البابا لاوون الرابع عشر`). They stay stemmable like any word, so
/// that `الثاني` still meets `الثانية`; the person is still found by the whole name. Normalized.
const NAME_DESCRIPTORS: &[&str] = &[
    "الاول",
    "الاولي",
    "الثاني",
    "الثالث",
    "الرابع",
    "الخامس",
    "السادس",
    "السابع",
    "الثامن",
    "التاسع",
    "العاشر",
    "الثانيه",
    "الثالثه",
    "الرابعه",
    "الخامسه",
    "السادسه",
    "السابعه",
    "الثامنه",
    "التاسعه",
    "العاشره",
    "عشره",
    "عشر",
    "ملك",
    "ملكه",
    "الملك",
    "الملكه",
    "امبراطور",
    "امبراطوره",
    "الامبراطور",
    "الامبراطوره",
    "امير",
    "اميره",
    "الامير",
    "الاميره",
    "دوق",
    "الدوق",
    "دوقه",
    "الدوقه",
    "كونتيسه",
    "البابا",
    "القديس",
    "القديسه",
    "السلطان",
    "الكبير",
    "الكبري",
    "العظيم",
    "الابن",
    "الاكبر",
    "الاصغر",
    "جونيور",
];

/// One entry of a [`ProperNouns`] list; its kind decides how its names are taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProperName<'a> {
    /// A country: its Arabic name and aliases (the single-word ones become one term), and its
    /// demonyms (`الروسية`), which meet the country.
    Country {
        names: Vec<&'a str>,
        demonyms: Vec<&'a str>,
    },
    /// An organisation: its Arabic name and aliases (the single-word ones become one term).
    Organisation(Vec<&'a str>),
    /// A person: the words of their Arabic names, each kept as itself.
    Person(Vec<&'a str>),
    /// A single-word place name (a leading ال is its article).
    Place(&'a str),
}

impl ProperName<'_> {
    /// Which kinds claim a word first: countries (with their demonyms), then organisations,
    /// then people, then places. A word that is a country's name or demonym must not be kept
    /// unstemmed as part of some person's name.
    fn precedence(&self) -> u8 {
        match self {
            ProperName::Country { .. } => 0,
            ProperName::Organisation(_) => 1,
            ProperName::Person(_) => 2,
            ProperName::Place(_) => 3,
        }
    }
}

/// What kind of name [`ProperNouns::add`] adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Country,
    Org,
    Person,
}

impl ProperNouns {
    /// The list made of `names`: the first claim on a word wins, countries before
    /// organisations before people before places ([`ProperName`]), and within a kind in the
    /// order given.
    pub fn from_names<'a>(names: impl IntoIterator<Item = ProperName<'a>>) -> ProperNouns {
        let mut names: Vec<ProperName<'a>> = names.into_iter().collect();
        names.sort_by_key(ProperName::precedence);
        let mut nouns = ProperNouns::default();
        for name in names {
            match name {
                ProperName::Country { names, demonyms } => {
                    // Countries first, with their demonyms (`الروسية` → `روسيا`).
                    if let Some(country) = nouns.add(Kind::Country, names) {
                        nouns.add_demonyms(&country, demonyms);
                    }
                }
                ProperName::Organisation(names) => {
                    nouns.add(Kind::Org, names);
                }
                ProperName::Person(names) => {
                    nouns.add(Kind::Person, names);
                }
                ProperName::Place(name) => nouns.add_place(name),
            }
        }
        nouns.finish();
        nouns
    }

    /// No proper nouns: every word is stemmed by the rule alone.
    pub fn none() -> &'static ProperNouns {
        static NONE: OnceLock<ProperNouns> = OnceLock::new();
        NONE.get_or_init(ProperNouns::default)
    }

    /// Derives what lookups need from the names added: the longest name and the demonym bases.
    fn finish(&mut self) {
        self.longest = self.words.keys().map(String::len).max().unwrap_or(0);
        // A base is tried as a name, then with each ending in turn, and the first country
        // found wins: rank the candidates the same way and keep each base's best.
        let mut ranked: FxHashMap<&str, (usize, &str)> = FxHashMap::default();
        for (name, country) in &self.countries {
            let bases = std::iter::once((0, name.as_str())).chain(
                DEMONYM_ENDINGS
                    .iter()
                    .enumerate()
                    .filter_map(|(rank, ending)| Some((rank + 1, name.strip_suffix(ending)?))),
            );
            for (rank, base) in bases {
                let best = ranked.entry(base).or_insert((rank, country));
                if rank < best.0 {
                    *best = (rank, country);
                }
            }
        }
        self.demonym_bases = ranked
            .into_iter()
            .map(|(base, (_, country))| (base.to_string(), country.to_string()))
            .collect();
    }

    /// Adds the Arabic names of one gazetteer entry (its name, then its aliases). Single-word
    /// names of a country or organisation all become the entry's first single-word name, so that
    /// `أرمينيا` and `أرمينية`, or `الناتو` and `ناتو`, are one term. Of a multi-word name only a
    /// person's words are added, each as itself (a person's name is made of names, while
    /// `الولايات المتحدة` or `منظمة الصحة العالمية` are made of common words that must stay
    /// stemmable).
    /// Returns the canonical single word of a country or organisation, if it has one.
    fn add<'a>(&mut self, kind: Kind, names: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let mut canonical: Option<String> = None;
        for name in names {
            let normal = normalize(name);
            let words: Vec<&str> = normal.split_whitespace().collect();
            if words.is_empty() || !words.iter().all(|w| w.chars().all(is_arabic_letter)) {
                continue;
            }
            match (kind, words.as_slice()) {
                (Kind::Country | Kind::Org, [word]) => {
                    let canonical =
                        canonical.get_or_insert_with(|| without_article(word).to_string());
                    insert_place(&mut self.words, word, canonical);
                    if kind == Kind::Country {
                        insert_place(&mut self.countries, word, canonical);
                    }
                }
                // A person's name is taken as written: `الهام` (Ilham) is not ال + هام.
                (Kind::Person, words) => {
                    for word in words {
                        if word.chars().count() >= 3
                            && !super::stopwords::is_stopword(word)
                            && !NAME_DESCRIPTORS.contains(word)
                        {
                            self.words
                                .entry((*word).to_string())
                                .or_insert_with(|| (*word).to_string());
                        }
                    }
                }
                _ => {}
            }
        }
        canonical
    }

    /// Maps a country's Arabic demonyms (single words) to the country's canonical word, so that
    /// `الروسية` and `روسيا` are one term even where the suffix rule cannot derive one from the
    /// other (`الأرمن`).
    fn add_demonyms<'a>(&mut self, country: &str, demonyms: impl IntoIterator<Item = &'a str>) {
        for demonym in demonyms {
            let normal = normalize(demonym);
            if !normal.is_empty() && normal.chars().all(is_arabic_letter) {
                insert_place(&mut self.words, &normal, country);
                if !normal.starts_with("ال") {
                    insert_place(&mut self.words, &format!("ال{normal}"), country);
                }
            }
        }
    }

    /// Adds a single-word place name.
    fn add_place(&mut self, name: &str) {
        let normal = normalize(name);
        if normal.chars().all(is_arabic_letter) && !normal.is_empty() {
            let canonical = without_article(&normal).to_string();
            insert_place(&mut self.words, &normal, &canonical);
        }
    }

    /// The country a demonym (`لبناني`, `الروسية`, `الأذربيجانيون`) is derived from.
    fn country_of_demonym(&self, word: &str) -> Option<&str> {
        let tail = Affix::tail_of(word.as_bytes());
        for suffix in &DEMONYM_SUFFIXES {
            if !suffix.ends(word.as_bytes(), tail) {
                continue;
            }
            let base = &word[..word.len() - suffix.len];
            if letters(base) < 3 {
                continue;
            }
            if let Some(country) = self.demonym_bases.get(base) {
                return Some(country);
            }
        }
        None
    }

    /// The proper noun `word` is, once its clitics are removed, if any.
    pub fn lookup(&self, word: &str) -> Option<&str> {
        self.lookup_with(word, &mut String::new())
    }

    fn lookup_with(&self, word: &str, scratch: &mut String) -> Option<&str> {
        let head = Affix::head_of(word.as_bytes());
        for prefix in &NAME_PREFIXES {
            if !prefix.starts(word.as_bytes(), head) {
                continue;
            }
            let rest = &word[prefix.len..];
            // A name, a demonym (a suffix of at most 3 letters), or neither.
            if rest.len() > self.longest + 6 || rest.chars().nth(1).is_none() {
                continue;
            }
            if let Some(name) = self.words.get(rest) {
                return Some(name);
            }
            // لل is ل + ال: `للسيسي` is ل + `السيسي`.
            if prefix.lam_lam {
                scratch.clear();
                scratch.push_str("ال");
                scratch.push_str(rest);
                if let Some(name) = self.words.get(scratch.as_str()) {
                    return Some(name);
                }
            }
            if let Some(country) = self.country_of_demonym(rest) {
                return Some(country);
            }
        }
        None
    }
}

/// Suffixes of demonyms, tried in this order (`الروسيون`, `الروسيين`, `الروسيات`, `الروسيه`,
/// `روسي`).
const DEMONYM_SUFFIXES: [Affix; 5] = [
    Affix::new("يون"),
    Affix::new("يين"),
    Affix::new("يات"),
    Affix::new("يه"),
    Affix::new("ي"),
];

/// Endings of a country's name that its demonyms drop (`روسيا` → `روسي`), in the order they
/// are tried.
const DEMONYM_ENDINGS: [&str; 3] = ["يا", "يه", "ا"];

/// A clitic or suffix of at most eight bytes (four Arabic letters), matched against the first
/// or last eight bytes of a word held in one integer: the proper-noun lookup tries 24 clitic
/// combinations and five suffixes on every token indexed, and comparing them as slices called
/// `memcmp` each time (about 5% of indexing time).
#[derive(Clone, Copy, Debug)]
struct Affix {
    /// The affix's bytes where they fall in [`Affix::head_of`] or [`Affix::tail_of`] of a
    /// word starting or ending with it (little-endian).
    head: u64,
    tail: u64,
    /// Which bits of those hold the affix.
    head_mask: u64,
    tail_mask: u64,
    len: usize,
    /// Ends with لل (ل + ال), after which a name lost its article's ا.
    lam_lam: bool,
}

impl Affix {
    const fn new(affix: &str) -> Affix {
        let bytes = affix.as_bytes();
        let len = bytes.len();
        assert!(len <= 8, "an affix is at most eight bytes");
        let (mut head, mut tail, mut i) = (0u64, 0u64, 0);
        while i < len {
            head |= (bytes[i] as u64) << (8 * i);
            tail |= (bytes[i] as u64) << (8 * (8 - len + i));
            i += 1;
        }
        let head_mask = if len == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * len)) - 1
        };
        let tail_mask = if len == 0 {
            0
        } else {
            u64::MAX << (8 * (8 - len))
        };
        let lam_lam = len >= 4
            && bytes[len - 4] == 0xD9
            && bytes[len - 3] == 0x84
            && bytes[len - 2] == 0xD9
            && bytes[len - 1] == 0x84;
        Affix {
            head,
            tail,
            head_mask,
            tail_mask,
            len,
            lam_lam,
        }
    }

    /// The first eight bytes of `word`, zero-padded.
    fn head_of(word: &[u8]) -> u64 {
        let mut buf = [0u8; 8];
        let n = word.len().min(8);
        buf[..n].copy_from_slice(&word[..n]);
        u64::from_le_bytes(buf)
    }

    /// The last eight bytes of `word`, zero-padded in front.
    fn tail_of(word: &[u8]) -> u64 {
        let mut buf = [0u8; 8];
        let n = word.len().min(8);
        buf[8 - n..].copy_from_slice(&word[word.len() - n..]);
        u64::from_le_bytes(buf)
    }

    /// Whether `word`, whose [`Affix::head_of`] is `head`, starts with this affix.
    fn starts(&self, word: &[u8], head: u64) -> bool {
        self.len <= word.len() && head & self.head_mask == self.head
    }

    /// Whether `word`, whose [`Affix::tail_of`] is `tail`, ends with this affix.
    fn ends(&self, word: &[u8], tail: u64) -> bool {
        self.len <= word.len() && tail & self.tail_mask == self.tail
    }
}

/// Every clitic combination in front of a name, shortest first so that the most conservative
/// reading wins (`لبنان` is a name before it is ل + `بنان`): conjunction و ف, preposition ب ك ل,
/// article ال (ل + ال is written لل).
const NAME_PREFIXES: [Affix; 24] = {
    const WORDS: [&str; 24] = [
        "", "و", "ف", "ب", "ك", "ل", "ال", "وب", "وك", "ول", "فب", "فك", "فل", "لل", "وال", "فال",
        "بال", "كال", "ولل", "فلل", "وبال", "وكال", "فبال", "فكال",
    ];
    let mut out = [Affix::new(""); 24];
    let mut i = 0;
    while i < WORDS.len() {
        out[i] = Affix::new(WORDS[i]);
        i += 1;
    }
    out
};

/// light10's prefixes (Lucene's order) and the clitic combinations it forgets, longest first.
#[cfg(feature = "comparison-stemmers")]
const LIGHT10_PREFIXES: [&str; 7] = ["ال", "وال", "بال", "كال", "فال", "لل", "و"];
/// Arshif's: the article and its combinations only. A lone و (which light10 strips from any word
/// of four letters, making `وزير` `زير` while `الوزير` is `وزير`) is a proclitic like the others,
/// removed when the lexicon says so ([`proclitic`]).
const ARSHIF_PREFIXES: [&str; 12] = [
    "وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
];
/// Whether `word` starts with a clitic combination holding the article: one of
/// [`ARSHIF_PREFIXES`] but the last, `ال` alone (`القرار` starts with no proclitic letter anyway).
fn starts_with_article(word: &str) -> bool {
    ARSHIF_PREFIXES[..ARSHIF_PREFIXES.len() - 1]
        .iter()
        .any(|prefix| word.starts_with(prefix))
}

/// light10's suffixes after normalization (ة is ه, so ية is يه), in Lucene's order.
const LIGHT10_SUFFIXES: [&str; 8] = ["ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"];

/// Letters in a word of Arabic letters: each is two bytes in UTF-8 (U+0621–U+06D3), so this is
/// a division, not a walk over the characters (stemming runs on every token).
fn letters(word: &str) -> usize {
    word.len() / 2
}

/// light10 prefix removal: one prefix; a lone و needs 3 letters after it, the others 2.
fn strip_prefix<'a>(word: &'a str, prefixes: &[&str]) -> &'a str {
    let len = letters(word);
    for prefix in prefixes {
        let plen = letters(prefix);
        let min = if plen == 1 { 4 } else { plen + 2 };
        if len >= min {
            if let Some(rest) = word.strip_prefix(prefix) {
                return rest;
            }
        }
    }
    word
}

/// light10 suffix removal: each suffix in turn, while 2 letters remain.
fn strip_suffixes(mut word: &str) -> &str {
    for suffix in LIGHT10_SUFFIXES {
        if letters(word) >= letters(suffix) + 2 {
            if let Some(rest) = word.strip_suffix(suffix) {
                word = rest;
            }
        }
    }
    word
}

/// Larkey's light10 as Lucene implements it, on a normalized word of Arabic letters (other
/// words are returned as they are).
#[cfg(feature = "comparison-stemmers")]
pub fn light10(word: &str) -> &str {
    if !word.chars().all(is_arabic_letter) {
        return word;
    }
    strip_suffixes(strip_prefix(word, &LIGHT10_PREFIXES))
}

/// A stemmer for one [`StemRule`].
#[derive(Clone)]
pub struct Stem {
    rule: StemRule,
    nouns: &'static ProperNouns,
    lexicon: &'static Lexicon,
    #[cfg(feature = "comparison-stemmers")]
    snowball: Option<tantivy_snowball::Stemmer>,
    scratch: String,
    /// Words starting with a proclitic letter → how many bytes of proclitic they lose
    /// ([`proclitic::strip`]: one to three lookups in the lexicon's FST). Words repeat (a few
    /// thousand make most of an archive's tokens), and a hash lookup costs a fraction of those:
    /// remembering them took the rule's indexing cost from +8–9% to +1–2% of CPU
    /// (BENCHMARKS.md).
    proclitics: FxHashMap<Box<str>, u8>,
}

/// The most words [`Stem`] remembers the proclitic of (about 3 MB); later words are looked up.
const PROCLITIC_MEMO: usize = 65_536;

/// tantivy's Snowball stemmers (the `frostem` crate tantivy depends on).
#[cfg(feature = "comparison-stemmers")]
mod tantivy_snowball {
    pub use frostem::{Algorithm, Stemmer};
}

impl Stem {
    /// A stemmer applying `rule`, keeping `nouns` whole.
    pub fn new(rule: StemRule, nouns: &'static ProperNouns) -> Stem {
        #[cfg(feature = "comparison-stemmers")]
        let snowball = matches!(rule, StemRule::Snowball | StemRule::ArshifSnowball)
            .then(|| tantivy_snowball::Stemmer::new(tantivy_snowball::Algorithm::Arabic));
        Stem {
            rule,
            nouns,
            lexicon: Lexicon::builtin(),
            #[cfg(feature = "comparison-stemmers")]
            snowball,
            scratch: String::new(),
            proclitics: FxHashMap::default(),
        }
    }

    /// Writes the stem of the normalized `word` into `out` (cleared first).
    pub fn stem_into(&mut self, word: &str, out: &mut String) {
        out.clear();
        // Numbers, Latin words and mixed tokens are not Arabic words: leave them alone.
        if self.rule == StemRule::None || !word.chars().all(is_arabic_letter) {
            out.push_str(word);
            return;
        }
        match self.rule {
            StemRule::Arshif => {
                if let Some(name) = self.nouns.lookup_with(word, &mut self.scratch) {
                    out.push_str(name);
                } else {
                    // The article's combinations (`فللحكومة`) are light10's to remove: a
                    // one-letter proclitic is looked for in the other words only.
                    let word = match starts_with_article(word) {
                        true => word,
                        false => self.without_proclitic(word),
                    };
                    out.push_str(strip_suffixes(strip_prefix(word, &ARSHIF_PREFIXES)));
                }
            }
            #[cfg(feature = "comparison-stemmers")]
            StemRule::Light10 => out.push_str(light10(word)),
            #[cfg(feature = "comparison-stemmers")]
            StemRule::Snowball => out.push_str(&self.snowball_stem(word)),
            #[cfg(feature = "comparison-stemmers")]
            StemRule::ArshifSnowball => match self.nouns.lookup_with(word, &mut self.scratch) {
                Some(name) => out.push_str(name),
                None => out.push_str(&self.snowball_stem(word)),
            },
            StemRule::None => out.push_str(word),
        }
    }

    /// `word` without its one-letter proclitic, if the lexicon says it has one (remembered).
    fn without_proclitic<'w>(&mut self, word: &'w str) -> &'w str {
        if !proclitic::may_have_proclitic(word.as_bytes()) {
            return word;
        }
        let cut = match self.proclitics.get(word) {
            Some(&cut) => usize::from(cut),
            None => {
                let rest = proclitic::strip(self.lexicon, word).unwrap_or(word);
                let cut = word.len() - rest.len();
                // Full, it keeps what it has: the words met first are mostly the frequent ones,
                // and forgetting them all (as it did) cost +16% of indexing CPU at 1M articles.
                if self.proclitics.len() < PROCLITIC_MEMO {
                    // At most two letters, four bytes.
                    self.proclitics.insert(word.into(), cut as u8);
                }
                cut
            }
        };
        &word[cut..]
    }

    #[cfg(feature = "comparison-stemmers")]
    fn snowball_stem<'a>(&self, word: &'a str) -> std::borrow::Cow<'a, str> {
        match &self.snowball {
            Some(stemmer) => stemmer.stem(word),
            None => word.into(),
        }
    }

    /// The stem of the normalized `word`.
    pub fn stem(&mut self, word: &str) -> String {
        let mut out = String::new();
        self.stem_into(word, &mut out);
        out
    }
}

/// Token filter applying a [`StemRule`] to normalized tokens, keeping its [`ProperNouns`]
/// whole; offsets are untouched, so a highlight covers the whole original word, clitics
/// included.
#[derive(Clone, Copy, Debug)]
pub struct ArabicStemmer {
    pub rule: StemRule,
    pub nouns: &'static ProperNouns,
}

impl TokenFilter for ArabicStemmer {
    type Tokenizer<T: Tokenizer> = ArabicStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ArabicStemmerFilter<T> {
        ArabicStemmerFilter {
            inner: tokenizer,
            stem: Stem::new(self.rule, self.nouns),
            buffer: String::new(),
        }
    }
}

/// [`ArabicStemmer`] wrapped around a tokenizer. It keeps its [`Stem`] from one text to the
/// next (each indexing thread has its own), so what the stemmer remembers serves the archive.
#[derive(Clone)]
pub struct ArabicStemmerFilter<T> {
    inner: T,
    stem: Stem,
    buffer: String,
}

impl<T: Tokenizer> Tokenizer for ArabicStemmerFilter<T> {
    type TokenStream<'a> = ArabicStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ArabicStemmerStream {
            tail: self.inner.token_stream(text),
            stem: &mut self.stem,
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of [`ArabicStemmerFilter`].
pub struct ArabicStemmerStream<'a, S> {
    tail: S,
    stem: &'a mut Stem,
    buffer: &'a mut String,
}

impl<S: TokenStream> TokenStream for ArabicStemmerStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        self.stem.stem_into(&token.text, self.buffer);
        mem::swap(&mut token.text, self.buffer);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lookup as it was written before [`Affix`] and the demonym bases: slices compared
    /// one by one, four lookups per demonym base. The fast one must agree with it everywhere.
    fn reference_lookup<'a>(nouns: &'a ProperNouns, word: &str) -> Option<&'a str> {
        const PREFIXES: [&str; 24] = [
            "", "و", "ف", "ب", "ك", "ل", "ال", "وب", "وك", "ول", "فب", "فك", "فل", "لل", "وال",
            "فال", "بال", "كال", "ولل", "فلل", "وبال", "وكال", "فبال", "فكال",
        ];
        let demonym = |word: &str| -> Option<&'a str> {
            for suffix in ["يون", "يين", "يات", "يه", "ي"] {
                let Some(base) = word.strip_suffix(suffix) else {
                    continue;
                };
                if letters(base) < 3 {
                    continue;
                }
                for ending in ["", "يا", "يه", "ا"] {
                    if let Some(country) = nouns.countries.get(&format!("{base}{ending}")) {
                        return Some(country);
                    }
                }
            }
            None
        };
        for prefix in PREFIXES {
            let Some(rest) = word.strip_prefix(prefix) else {
                continue;
            };
            if rest.len() > nouns.longest + 6 || rest.chars().nth(1).is_none() {
                continue;
            }
            if let Some(name) = nouns.words.get(rest) {
                return Some(name);
            }
            if prefix.ends_with("لل") {
                if let Some(name) = nouns.words.get(&format!("ال{rest}")) {
                    return Some(name);
                }
            }
            if let Some(country) = demonym(rest) {
                return Some(country);
            }
        }
        None
    }

    #[test]
    fn the_lookup_agrees_with_the_plain_reading_of_its_rules() {
        let nouns = crate::test_nouns();
        // Every name with every clitic combination and every demonym ending, and the name cut
        // short: hits, near misses and words that only look like them.
        let mut words: Vec<String> = Vec::new();
        let names = nouns.words.keys().chain(nouns.countries.keys());
        for name in names {
            let cut = name
                .char_indices()
                .nth(2)
                .map_or(name.as_str(), |(i, _)| &name[..i]);
            let bases = [name.as_str(), cut]
                .into_iter()
                .chain(DEMONYM_ENDINGS.iter().filter_map(|e| name.strip_suffix(e)));
            for base in bases {
                for prefix in [
                    "", "و", "ف", "ب", "ل", "ال", "لل", "ولل", "وبال", "فكال", "ك",
                ] {
                    for suffix in ["", "ي", "يه", "يون", "يين", "يات", "ا", "ها"] {
                        words.push(format!("{prefix}{base}{suffix}"));
                    }
                }
            }
        }
        // Common words, short words and a word with nothing Arabic in it.
        let text = include_str!("../../../data-samples/armenia-azerbaijan-clashes.txt");
        words.extend(crate::exact_terms(text));
        words.extend(["و", "ال", "لل", "ي", "", "abc", "وي", "الي"].map(String::from));
        assert!(words.len() > 100_000, "{}", words.len());
        let mut found = 0;
        for word in &words {
            let fast = nouns.lookup(word);
            assert_eq!(fast, reference_lookup(nouns, word), "{word}");
            found += usize::from(fast.is_some());
        }
        // Both outcomes are exercised, many times.
        assert!(found > 10_000 && words.len() - found > 10_000, "{found}");
    }

    #[test]
    fn affixes_match_as_slices_do() {
        for affix in ["", "و", "ال", "وال", "فكال", "ي", "يون", "abcdefgh"] {
            let a = Affix::new(affix);
            for word in [
                "",
                "و",
                "وال",
                "والروس",
                "فكالعراق",
                "روسيون",
                "ي",
                "abcdefghi",
            ] {
                let w = word.as_bytes();
                assert_eq!(
                    a.starts(w, Affix::head_of(w)),
                    word.starts_with(affix),
                    "{affix} {word}"
                );
                assert_eq!(
                    a.ends(w, Affix::tail_of(w)),
                    word.ends_with(affix),
                    "{affix} {word}"
                );
            }
        }
        assert!(Affix::new("ولل").lam_lam && Affix::new("لل").lam_lam);
        assert!(!Affix::new("ال").lam_lam && !Affix::new("ل").lam_lam);
    }
}
