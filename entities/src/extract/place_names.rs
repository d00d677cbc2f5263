//! Which names of a place are weak — also a word, a surname or a small town's name — and so
//! count only with support in the text. Judged on the names as extraction matches them
//! (normalized words), with the lexicon; done once per place name when the place table is
//! compiled ([`super::place_table`]), not for every run.

use super::tokens::Word;
use crate::places::{Place, PlaceKind};
use arshif_analysis::arabic::lexicon::Lexicon;

/// Whether `name`, one of `place`'s names as words, counts only with support.
pub fn is_weak(place: &Place, name: &str, words: &[Word]) -> bool {
    place.is_weak(name) || is_common_noun(words) || is_small_place(place, words)
}

/// Whether a one-word Arabic place name is also a common noun or verbal noun, by the lexicon:
/// it takes possessive suffixes (`شأنها`, `عينهم`, `سدتها`), or it is about as frequent with the article
/// as without it (`ورود`/`الورود`, `صور`/`الصور`) — a city's name is not (`حمص` is 13 times
/// as frequent as `الحمص`, `دمشق` never has it). Normalization makes such words collide with
/// names that their spelling never suggested: `بشأن` ("about") is ب + `شان`, a state of Myanmar.
/// The generator's weak list works on the names as written; this test works on what extraction
/// matches. It also flags Jenin (`جنين`, "fetus"): weak, it still counts with support.
fn is_common_noun(name: &[Word]) -> bool {
    let [word] = name else {
        return false;
    };
    if word.norm.is_ascii() {
        return false;
    }
    let lexicon = Lexicon::builtin();
    let bare = word.norm.strip_prefix("ال").unwrap_or(&word.norm);
    let (mut with_article, mut suffixed) = (String::from("ال"), String::new());
    with_article.push_str(bare);
    // A word ending in ta marbuta (normalized ه) takes its suffixes on ت: `سدة` → `سدتها`.
    let stem = match bare.strip_suffix('ه') {
        Some(stem) => format!("{stem}ت"),
        None => bare.to_string(),
    };
    for suffix in ["ها", "هم"] {
        suffixed.clear();
        suffixed.push_str(&stem);
        suffixed.push_str(suffix);
        if lexicon.centibels(&suffixed).is_some() {
            return true;
        }
    }
    // Not for a name written with the article whose bare form ends in ه: `البصرة` is Basra,
    // whatever `بصره` ("his sight") is. `الوادي` ("the valley", El Oued) is tested.
    if bare.len() != word.norm.len() && bare.ends_with('ه') {
        return false;
    }
    match (lexicon.centibels(bare), lexicon.centibels(&with_article)) {
        (Some(a), Some(b)) => a.abs_diff(b) <= COMMON_NOUN_CB,
        _ => false,
    }
}

/// Whether `name` of `place` is of a small or foreign place whose name is likely something else,
/// and so counts only with support: news names small towns beside their country or region, and
/// their names are often a surname or a word. Towns of the Arab world keep their Arabic names
/// (Arabic news names `رفح` or `جنين` alone) unless the name is a word far more frequent than the
/// town is big.
fn is_small_place(place: &Place, name: &[Word]) -> bool {
    let Some(first) = name.first() else {
        return false;
    };
    let latin = first.norm.is_ascii();
    let one_word = name.len() == 1;
    let arab = ARAB_LEAGUE.contains(&place.country.as_str());
    let letters = first.norm.chars().count();
    let city = place.kind == PlaceKind::City;
    // Short names are words after normalization: `باي` (Bay, a region of Somalia) is `بأي`
    // "with which"; `Baa` (an atoll of the Maldives) is a bond rating.
    if one_word && letters <= 3 && (latin || !city || !arab) {
        return true;
    }
    if !city {
        // Arabic writes foreign regions without the article; with it, the name is a word
        // (`البحرية`, "the navy", is the Maritime region of Togo). A municipality (`بلدية
        // غراد` in Slovenia) is a town: `غراد` is the Grad rocket.
        let foreign_word = !latin && !arab && first.norm.starts_with("ال");
        let municipality = !latin && place.name_ar.starts_with("بلدية ");
        return one_word && (foreign_word || municipality);
    }
    // Latin names of small towns, of any length: `Morales`, `L'Union` (Issy-les-Moulineaux).
    if latin {
        return place.population < SMALL_PLACE;
    }
    if !one_word {
        return false;
    }
    if arab {
        // An Arab town named by a word far more frequent than the town is big: `الشهداء`
        // ("the martyrs", a town of 76,000 in Egypt).
        let per_person =
            |cb: u64| 10f64.powf(-(cb as f64) / 100.0) / place.population.max(1) as f64;
        return Lexicon::builtin()
            .centibels(&first.norm)
            .is_some_and(|cb| per_person(cb) > WORD_PER_PERSON);
    }
    // A foreign town: with the article its name is a word; under 100,000 people Arabic news
    // seldom names it (`آجدي` is Agde in France, `بن` Bonn); under 1,000,000 its name may be a
    // frequent word (`سدة`, "seat", is Khomeyni Shahr in Iran).
    let frequent = || {
        Lexicon::builtin()
            .centibels(&first.norm)
            .is_some_and(|cb| cb <= FREQUENT_CB)
    };
    first.norm.starts_with("ال")
        || place.population < SMALL_PLACE
        || (place.population < BIG_PLACE && frequent())
}

/// A word is frequent in Arabic at this many centibels or fewer (550: Zipf 3.5, 3 in 100,000).
const FREQUENT_CB: u64 = 550;

/// A foreign city of this many people or more keeps an Arabic name that is a frequent word:
/// news names Paris and London more than any word they might be.
const BIG_PLACE: u64 = 1_000_000;

/// An Arab town's one-word Arabic name is weak when the word's frequency (a share of all words)
/// per inhabitant exceeds this: `الشهداء` 5.9e-10, against `الخليل` 2.2e-10, `رفح` 0.8e-10,
/// `الرقة` 0.4e-10 ([`is_small_place`]).
const WORD_PER_PERSON: f64 = 3e-10;

/// A town under this many people is small ([`is_small_place`]).
const SMALL_PLACE: u64 = 100_000;

/// The members of the Arab League (and Palestine), whose towns Arabic news names often.
const ARAB_LEAGUE: [&str; 22] = [
    "AE", "BH", "DJ", "DZ", "EG", "IQ", "JO", "KM", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
    "SA", "SD", "SO", "SY", "TN", "YE",
];

/// How close (in centibels: 100 is ten times) the frequencies of a word with and without the
/// article must be for it to be a common noun ([`is_common_noun`]).
const COMMON_NOUN_CB: u64 = 100;
