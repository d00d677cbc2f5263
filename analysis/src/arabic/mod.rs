//! Arabic: the pipeline of the `title`/`body` fields and their exact and pairs views.
//!
//! The steps, in the order every Arabic view runs them (`exact_steps`):
//!
//! 1. [`WordTokenizer`] — splits on anything that is not part of a word,
//!    keeping Arabic diacritics, tatweel and joiners *inside* the word they decorate, numbers
//!    and dates whole, and parting Arabic letters from Latin ones and digits; then tokens longer
//!    than [`MAX_TOKEN_BYTES`] are dropped;
//! 2. [`ArabicNormalizer`] ([`normalize`](mod@normalize)) — folds spelling variants (hamza carriers, ى/ي, ة/ه,
//!    diacritics, tatweel, presentation forms, Arabic-Indic digits, Latin case) so that every
//!    way of writing a word yields one term, while token offsets keep pointing at the original
//!    text for highlighting;
//! 3. [`stopwords`] — removes function words, compared after normalization; then
//!    [`HamzaSeats`] folds ؤ → و and ئ → ي (after, so that `فئة` never becomes the stopword
//!    `فيه`);
//! 4. [`ArabicStemmer`] ([`stem`]) — strips clitics and inflection, but keeps the
//!    [`ProperNouns`] it is handed whole; a one-letter proclitic (`بقرار`) only where the
//!    [`lexicon`] says the rest is the word ([`proclitic`]).
//!
//! The index has three views of Arabic text: `title`/`body` use the full pipeline ([`ARABIC`],
//! for recall), `title_exact`/`body_exact` stop before stemming ([`ARABIC_EXACT`], for
//! precision and phrases), and `body_pairs` holds the pairs of adjacent common words of the
//! exact view ([`ARABIC_PAIRS`], [`pairs`]), for fast phrases of frequent words. The indexer
//! tokenizes each text once for all three: the exact view replays the tokens the stemmed view
//! read ([`replay`]), and the pairs come from the exact view's; both hand their tokens on with
//! the filter of `handoff`.

mod handoff;
pub mod lexicon;
pub mod normalize;
pub mod pairs;
pub mod proclitic;
pub mod replay;
pub mod stem;
pub mod stopwords;

use tantivy::tokenizer::{RemoveLongFilter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer};

pub use normalize::{normalize, ArabicNormalizer, HamzaSeats};
pub use stem::{ArabicStemmer, ProperName, ProperNouns, StemRule};

use crate::{run, WordTokenizer, MAX_TOKEN_BYTES};

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

/// The steps every Arabic view shares: tokenization, normalization, stopwords, hamza seats.
pub(crate) fn exact_steps() -> TextAnalyzerBuilder<impl Tokenizer> {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ArabicNormalizer)
        .filter(stopwords::filter())
        .filter(HamzaSeats)
}

/// Builds the analysis pipeline with the given stemmer ([`StemRule::None`] for the exact view),
/// keeping `nouns` whole.
pub fn analyzer(rule: StemRule, nouns: &'static ProperNouns) -> TextAnalyzer {
    let base = exact_steps();
    match rule {
        StemRule::None => base.build(),
        rule => base.filter(ArabicStemmer { rule, nouns }).build(),
    }
}

/// The [`ARABIC`] analyzer: tokenization, normalization, stopwords, stemming keeping `nouns`
/// whole (keeping the tokens it stems, for the [`ARABIC_EXACT`] analyzer of the same text: see
/// [`replay`]).
pub fn arabic_analyzer(nouns: &'static ProperNouns) -> TextAnalyzer {
    exact_steps()
        .filter(replay::RecordTokens::new())
        .filter(ArabicStemmer {
            rule: STEM_RULE,
            nouns,
        })
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

/// The terms the [`ARABIC`] (stemmed) analyzer, keeping `nouns` whole, makes of `text`, in
/// order. Handy for tests and for showing users what their query becomes.
pub fn terms(text: &str, nouns: &'static ProperNouns) -> Vec<String> {
    run(&mut arabic_analyzer(nouns), text)
}

/// The terms the [`ARABIC_EXACT`] analyzer makes of `text`, in order.
pub fn exact_terms(text: &str) -> Vec<String> {
    run(&mut arabic_exact_analyzer(), text)
}
