//! Text analysis: how article text and queries become index terms.
//!
//! Following tantivy's and charabia's design, analysis is a pipeline of small steps, one file
//! each, composed in [`analyzer`]:
//!
//! 1. [`tokenizer::WordTokenizer`] — splits on anything that is not part of a word, keeping
//!    Arabic diacritics, tatweel and joiners *inside* the word they decorate, numbers and dates
//!    whole, and parting Arabic letters from Latin ones and digits;
//! 2. [`arabic::ArabicNormalizer`] — folds spelling variants (hamza carriers, ى/ي, ة/ه,
//!    diacritics, tatweel, presentation forms, Arabic-Indic digits, Latin case) so that every
//!    way of writing a word yields one term, while token offsets keep pointing at the original
//!    text for highlighting;
//! 3. [`stopwords`] — removes function words, compared after normalization; then
//!    [`arabic::HamzaSeats`] folds ؤ → و and ئ → ي (after, so that `فئة` never becomes the
//!    stopword `فيه`);
//! 4. [`stem::ArabicStemmer`] — strips clitics and inflection, but keeps proper nouns whole;
//!    a one-letter proclitic (`بقرار`) only where the [`lexicon`] says the rest is the word
//!    ([`proclitic`]).
//!
//! The index has two views of Arabic text: `title`/`body` use the full pipeline
//! ([`ARABIC`], for recall), `title_exact`/`body_exact` stop before stemming ([`ARABIC_EXACT`],
//! for precision and phrases). `body_pairs` holds the pairs of adjacent common words of the
//! exact view ([`ARABIC_PAIRS`], [`pairs`]), for fast phrases of frequent words. The indexer
//! tokenizes each text once for all three: the exact view replays the tokens the stemmed view
//! read ([`replay`]), and the pairs come from the exact view's.
//!
//! Every other language has one analyzer, named after it ([`analyzer_name`]), and its own
//! fields (`title_en`, `body_en`, …; see [`crate::schema`]); [`lang`] decides an article's
//! language:
//!
//! | language | analyzer | file |
//! |---|---|---|
//! | Arabic `ar` | ours: tokenizer, normalization, stopwords, stemmer (+ exact view) | [`arabic`], [`stem`], [`stopwords`] |
//! | English `en`, German `de`, Spanish `es`, Russian `ru`, Turkish `tr` | lowercase, stopwords, Snowball stemmer, ASCII folding | [`snowball`] |
//! | French `fr` | the same, after elision (`l'`, `d'`, `qu'`…) | [`french`] |
//! | Persian `fa` | Arabic-script normalization keeping پ چ ژ گ, Persian stopwords | [`persian`] |
//! | Japanese `ja` | lindera (IPADIC), else CJK bigrams | [`japanese`] |
//! | Chinese `zh` | jieba | [`chinese`] |
//! | Korean `ko` | CJK bigrams (no offline Korean dictionary exists here) | [`bigram`] |
//!
//! Both binaries call [`register`] on every index they create or open, so the indexer and the
//! searcher cannot disagree about analysis.

pub mod arabic;
pub mod bigram;
pub mod chinese;
pub mod french;
pub mod japanese;
pub mod lang;
pub mod lexicon;
mod note;
pub mod pairs;
pub mod persian;
pub mod proclitic;
pub mod replay;
pub mod snowball;
pub mod stem;
pub mod stopwords;
pub mod tokenizer;

use std::path::PathBuf;
use std::sync::OnceLock;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer};
use tantivy::Index;

pub use arabic::{normalize, ArabicNormalizer};
pub use lang::Lang;
pub use stem::{ArabicStemmer, StemRule};
pub use tokenizer::WordTokenizer;

/// The name of the stemmed analyzer (the `title` and `body` fields).
pub const ARABIC: &str = "arabic";
/// The name of the exact analyzer: normalized, stopwords removed, not stemmed
/// (`title_exact`, `body_exact`).
pub const ARABIC_EXACT: &str = "arabic_exact";
/// The name of the analyzer of pairs of common words (`body_pairs`; see [`pairs`]). It names
/// the word list too: a new list needs a new name (see `data/common-ar.txt`).
pub const ARABIC_PAIRS: &str = "arabic_pairs";

/// The stemmer of the [`ARABIC`] analyzer, chosen by measuring retrieval
/// (`docs/arabic-analysis.md`).
pub const STEM_RULE: StemRule = StemRule::Arshif;

/// Tokens longer than this (in bytes) are dropped: they are base64 blobs, URLs run together or
/// other noise, never words anyone searches for, and they bloat the term dictionary.
pub(crate) const MAX_TOKEN_BYTES: usize = 100;

/// The steps every Arabic view shares: tokenization, normalization, stopwords, hamza seats.
pub(crate) fn exact_steps() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ArabicNormalizer)
        .filter(stopwords::filter())
        .filter(arabic::HamzaSeats)
}

/// Builds the analysis pipeline with the given stemmer ([`StemRule::None`] for the exact view).
pub fn analyzer(rule: StemRule) -> TextAnalyzer {
    let base = exact_steps();
    match rule {
        StemRule::None => base.build(),
        rule => base.filter(ArabicStemmer(rule)).build(),
    }
}

/// The [`ARABIC`] analyzer: tokenization, normalization, stopwords, stemming (keeping the
/// tokens it stems, for the [`ARABIC_EXACT`] analyzer of the same text: see [`replay`]).
pub fn arabic_analyzer() -> TextAnalyzer {
    exact_steps()
        .filter(replay::RecordTokens::new())
        .filter(ArabicStemmer(STEM_RULE))
        .build()
}

/// The [`ARABIC_EXACT`] analyzer: tokenization, normalization, stopwords — replayed from the
/// stemmed view when it has just read the same text ([`replay`]) — noting the pairs of common
/// words on the way, for the [`ARABIC_PAIRS`] analyzer of the same text
/// ([`pairs`]).
pub fn arabic_exact_analyzer() -> TextAnalyzer {
    exact_steps()
        .filter(replay::ReplayTokens)
        .filter(pairs::RecordPairs::new())
        .build()
}

/// The [`ARABIC_PAIRS`] analyzer: the exact view's steps, then the pairs of adjacent common
/// words.
pub fn arabic_pairs_analyzer() -> TextAnalyzer {
    exact_steps().filter(pairs::CommonPairs).build()
}

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

/// The analyzer of `lang`'s text fields (Arabic: the stemmed view).
pub fn analyzer_for(lang: Lang) -> TextAnalyzer {
    match lang {
        Lang::Ar => arabic_analyzer(),
        Lang::En => snowball::english(),
        Lang::Fr => french::french(),
        Lang::De => snowball::german(),
        Lang::Es => snowball::spanish(),
        Lang::Ru => snowball::russian(),
        Lang::Tr => snowball::turkish(),
        Lang::Fa => persian::persian(),
        Lang::Ja => japanese().0.clone(),
        Lang::Zh => chinese::chinese_analyzer(),
        Lang::Ko => bigram::cjk_bigram_analyzer(),
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
        japanese::japanese_analyzer(configured)
    })
}

/// Why Japanese is analysed by bigrams rather than lindera, and how to fix it, if it is.
pub fn japanese_warning() -> Option<&'static str> {
    japanese().1.as_deref()
}

/// Registers every analyzer the schema names on `index`.
pub fn register(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(ARABIC_EXACT, arabic_exact_analyzer());
    tokenizers.register(ARABIC_PAIRS, arabic_pairs_analyzer());
    for lang in Lang::ALL {
        tokenizers.register(analyzer_name(lang), analyzer_for(lang));
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

/// The terms the [`ARABIC`] (stemmed) analyzer makes of `text`, in order.
/// Handy for tests and for showing users what their query becomes.
pub fn terms(text: &str) -> Vec<String> {
    run(&mut arabic_analyzer(), text)
}

/// The terms the [`ARABIC_EXACT`] analyzer makes of `text`, in order.
pub fn exact_terms(text: &str) -> Vec<String> {
    run(&mut arabic_exact_analyzer(), text)
}

#[cfg(test)]
mod tests;
