//! # arshif-analysis — how text becomes index terms
//!
//! Both binaries must agree, to the byte, on how an article becomes terms: if the indexer
//! normalised `أرمينيا` one way and the searcher another, queries would silently miss. So each
//! language's analysis lives here, once, and both register the same analyzers on every index
//! they open (`arshif_schema::analyzers::register`).
//!
//! Following tantivy's and charabia's design, analysis is a pipeline of small steps, one file
//! each, and each language is a room of its own:
//!
//! | language | analyzer | room |
//! |---|---|---|
//! | Arabic `ar` | ours: tokenizer, normalization, stopwords, stemmer (+ exact and pairs views) | [`arabic`] |
//! | English `en`, German `de`, Spanish `es`, Russian `ru`, Turkish `tr` | lowercase, stopwords, Snowball stemmer, ASCII folding | [`snowball`] |
//! | French `fr` | the same, after elision (`l'`, `d'`, `qu'`…) | [`french`] |
//! | Persian `fa` | Arabic-script normalization keeping پ چ ژ گ, Persian stopwords | [`persian`] |
//! | Japanese `ja` | lindera (IPADIC), else CJK bigrams | [`cjk::japanese`] |
//! | Chinese `zh` | jieba | [`cjk::chinese`] |
//! | Korean `ko` | CJK bigrams (no offline Korean dictionary exists here) | [`cjk::korean`] |
//!
//! Shared by several rooms: [`tokenizer`] (the word tokenizer of Arabic, Persian and the
//! Snowball languages), [`MAX_TOKEN_BYTES`], and [`lang`], which decides an article's language.
//! Every language has its own fields (`title_en`, `body_en`, …; see `arshif_schema::schema`),
//! analysed by the analyzer named after it ([`analyzer_name`], [`analyzer_for`]); Arabic has
//! three ([`arabic`] lists its pipeline, step by step).
//!
//! The Arabic stemmer keeps proper nouns whole. It does not know which words those are: it is
//! handed a [`ProperNouns`] list (`arshif_entities::proper_nouns` makes the index's from the
//! gazetteer), so that analysis depends on no knowledge base.
//!
//! ## Adding a language
//!
//! 1. Add it to [`Lang`] (`lang.rs`: its code, its name, how it is detected).
//! 2. Write `src/<language>.rs` (or `src/<language>/mod.rs` when it takes several steps): a
//!    function `<language>_analyzer() -> TextAnalyzer` built from a tokenizer and filters,
//!    dropping tokens longer than [`MAX_TOKEN_BYTES`], with tests of its terms *and* their
//!    offsets (highlighting needs them); say in the module documentation why each step is
//!    there. Languages of one script that share steps share a room (as [`cjk`] does).
//! 3. Name it in [`analyzer_name`] and [`analyzer_for`]; [`register`] then registers it, and
//!    `arshif_schema::schema` gives the language its fields.
//! 4. An index made before has no such fields: bump `arshif_schema::SCHEMA_VERSION`.

pub mod arabic;
pub mod cjk;
pub mod french;
pub mod lang;
pub mod persian;
pub mod snowball;
pub mod tokenizer;

use std::path::PathBuf;
use std::sync::OnceLock;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::Index;

pub use arabic::{
    analyzer, arabic_analyzer, arabic_exact_analyzer, arabic_pairs_analyzer, exact_terms,
    normalize, terms, ArabicNormalizer, ArabicStemmer, ProperName, ProperNouns, StemRule, ARABIC,
    ARABIC_EXACT, ARABIC_PAIRS, STEM_RULE,
};
pub use lang::Lang;
pub use tokenizer::WordTokenizer;

/// Tokens longer than this (in bytes) are dropped, in every language: they are base64 blobs,
/// URLs run together or other noise, never words anyone searches for, and they bloat the term
/// dictionary.
pub const MAX_TOKEN_BYTES: usize = 100;

/// The name of the analyzer of `lang`'s text fields (Arabic: the stemmed view, [`ARABIC`]).
pub fn analyzer_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ar => ARABIC,
        Lang::En => "english",
        Lang::Fr => "french",
        Lang::De => "german",
        Lang::Es => "spanish",
        Lang::Ru => "russian",
        Lang::Tr => "turkish",
        Lang::Fa => "persian",
        Lang::Ja => "japanese",
        Lang::Zh => "chinese",
        Lang::Ko => "korean",
    }
}

/// The analyzer of `lang`'s text fields (Arabic: the stemmed view, keeping `nouns` whole).
pub fn analyzer_for(lang: Lang, nouns: &'static ProperNouns) -> TextAnalyzer {
    match lang {
        Lang::Ar => arabic_analyzer(nouns),
        Lang::En => snowball::english(),
        Lang::Fr => french::french(),
        Lang::De => snowball::german(),
        Lang::Es => snowball::spanish(),
        Lang::Ru => snowball::russian(),
        Lang::Tr => snowball::turkish(),
        Lang::Fa => persian::persian(),
        Lang::Ja => japanese().0.clone(),
        Lang::Zh => cjk::chinese::chinese_analyzer(),
        Lang::Ko => cjk::korean::korean_analyzer(),
    }
}

static JA_DICT: OnceLock<Option<PathBuf>> = OnceLock::new();

/// Sets the configured lindera dictionary (`[analysis] ja_dict` in arshif.toml) before the
/// first index is opened; `$ARSHIF_JA_DICT` still wins. Later calls change nothing: the
/// Japanese analyzer is built once per process.
pub fn configure_japanese(dictionary: Option<PathBuf>) {
    let _ = JA_DICT.set(dictionary);
}

/// The Japanese analyzer, built once per process (loading a dictionary takes a moment), and its
/// fallback warning.
fn japanese() -> &'static (TextAnalyzer, Option<String>) {
    static JAPANESE: OnceLock<(TextAnalyzer, Option<String>)> = OnceLock::new();
    JAPANESE.get_or_init(|| {
        let configured = JA_DICT.get_or_init(|| None).as_deref();
        cjk::japanese::japanese_analyzer(configured)
    })
}

/// Why Japanese is analysed by bigrams rather than lindera, and how to fix it, if it is.
pub fn japanese_warning() -> Option<&'static str> {
    japanese().1.as_deref()
}

/// Registers every analyzer the schema names on `index`, the Arabic stemmer keeping `nouns`
/// whole.
pub fn register(index: &Index, nouns: &'static ProperNouns) {
    let tokenizers = index.tokenizers();
    tokenizers.register(ARABIC_EXACT, arabic_exact_analyzer());
    tokenizers.register(ARABIC_PAIRS, arabic_pairs_analyzer());
    for lang in Lang::ALL {
        tokenizers.register(analyzer_name(lang), analyzer_for(lang, nouns));
    }
}

/// Runs `analyzer` over `text` and returns the terms it produces, in order.
pub fn run(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// (term, original text under its offsets, position) for every token `analyzer` makes of
/// `text`: what the tests of each analyzer check, offsets included (highlighting needs them).
#[cfg(test)]
pub(crate) fn tokens_with_text(
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Vec<(String, String, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((
            t.text.clone(),
            text[t.offset_from..t.offset_to].to_string(),
            t.position,
        ));
    }
    out
}

/// The knowledge base's proper nouns, for the unit tests that need real names: built as
/// `arshif_entities::proper_nouns` builds the index's, from the same gazetteer and place list.
/// (That function cannot be called here: it returns the `ProperNouns` of the ordinary build of
/// this crate, which arshif-entities links, not of this test build.)
#[cfg(test)]
pub(crate) fn test_nouns() -> &'static ProperNouns {
    use arshif_entities::gazetteer::{Gazetteer, Kind};
    static BUILT: OnceLock<ProperNouns> = OnceLock::new();
    BUILT.get_or_init(|| {
        let entries = Gazetteer::builtin().entries().iter().filter_map(|entry| {
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
        });
        let places = include_str!("../../entities/data/places-ar.txt")
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(ProperName::Place);
        ProperNouns::from_names(entries.chain(places))
    })
}
