//! English, German, Spanish, Russian and Turkish: tantivy's Snowball stemmers.
//!
//! One pipeline, parameterised by the language:
//!
//! 1. [`WordTokenizer`] — the same word boundaries as Arabic (numbers and dates whole, an Arabic
//!    name quoted in a Latin text parted from its neighbours);
//! 2. lowercasing;
//! 3. the language's stopwords (tantivy's lists: Lucene's for English, Snowball's for the
//!    others; Turkish has none), so that `the` or `der` in a query does not have to be found;
//! 4. ASCII folding (`Azerbaiyán` → `azerbaiyan`), so that a query typed without accents finds
//!    the accented word. It comes *before* stemming, although the stemmers know their accents:
//!    folding after would not do, because a stemmer treats the two spellings differently
//!    (Spanish stems `azerbaiyán` to itself but `azerbaiyan` to `azerbaiy`), so they would not
//!    meet. Stopwords are removed before folding, as their lists are accented (`été`, `à`);
//! 5. the Snowball stemmer (`clashes` and `clash` meet, `Verhandlungen` and `Verhandlung`).
//!
//! The same pipeline runs on queries, so both sides agree.
//!
//! Known limit: lowercasing is not locale-aware, so Turkish `I` becomes `i`, not `ı`; folding
//! then makes `ı` and `i` one letter, which recovers most of it.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter,
    TextAnalyzer,
};

use crate::{WordTokenizer, MAX_TOKEN_BYTES};

/// The pipeline of the module documentation for `language`, with `extra` stopwords (already
/// lowercase) removed besides the language's list.
pub fn analyzer(language: Language, extra: &[&str]) -> TextAnalyzer {
    let stopwords =
        StopWordFilter::new(language).unwrap_or_else(|| StopWordFilter::remove(Vec::new()));
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(stopwords)
        .filter(StopWordFilter::remove(extra.iter().map(|w| w.to_string())))
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(language))
        .build()
}

/// English: Lucene's stopwords and the Snowball (Porter 2) stemmer; the possessive `'s` is
/// split off by the tokenizer and dropped.
pub fn english() -> TextAnalyzer {
    analyzer(Language::English, &["s"])
}

/// German: Snowball stopwords and stemmer.
pub fn german() -> TextAnalyzer {
    analyzer(Language::German, &[])
}

/// Spanish: Snowball stopwords and stemmer.
pub fn spanish() -> TextAnalyzer {
    analyzer(Language::Spanish, &[])
}

/// Russian: Snowball stopwords and stemmer; `ё` is folded to `е` by the stemmer's own rules.
pub fn russian() -> TextAnalyzer {
    analyzer(Language::Russian, &[])
}

/// Turkish: no stopword list in tantivy; the Snowball stemmer strips its many suffixes.
pub fn turkish() -> TextAnalyzer {
    analyzer(Language::Turkish, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run;

    #[test]
    fn english_stems_drops_stopwords_and_possessives() {
        let mut a = english();
        assert_eq!(run(&mut a, "The clashes"), run(&mut a, "clashed"));
        assert_eq!(run(&mut a, "Aliyev's forces"), ["aliyev", "forc"]);
        assert_eq!(run(&mut a, "on 2022-09-13"), ["2022-09-13"]);
    }

    #[test]
    fn accents_are_folded_and_words_stemmed() {
        let mut es = spanish();
        assert_eq!(run(&mut es, "Azerbaiyán"), run(&mut es, "azerbaiyan"));
        let mut de = german();
        assert_eq!(run(&mut de, "Verhandlungen"), run(&mut de, "Verhandlung"));
        let mut ru = russian();
        assert_eq!(run(&mut ru, "Армении"), run(&mut ru, "Армения"));
        let mut tr = turkish();
        // The locative suffix after an apostrophe is its own token; the name stems alike.
        let located = run(&mut tr, "Ermenistan'da");
        assert_eq!(located[0], run(&mut tr, "Ermenistan")[0]);
        assert_eq!(run(&mut tr, "Azerbaycan"), run(&mut tr, "AZERBAYCAN"));
    }
}
