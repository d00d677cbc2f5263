//! Arabic stopwords, removed *after* normalization.
//!
//! Lucene removes its stopwords before normalizing, so `أنّ`, `إلى` or `هٰذا` typed with shadda,
//! hamza or a superscript alef slip through. Here every entry of `data/stopwords-ar.txt` (Lucene's
//! 119 words, plus the function words of stopwords-iso; sources and licences are in the file) is
//! normalized once, and tokens are compared in their normalized form.

use std::collections::HashSet;
use std::sync::OnceLock;

use tantivy::tokenizer::StopWordFilter;

use super::normalize::{normalize, normalize_keeping_seats};

const LIST: &str = include_str!("../../data/stopwords-ar.txt");

/// The normalized stopwords, hamza seats kept: they are removed before the seats fold (see
/// [`super::normalize::HamzaSeats`]), so that `فئة` is not `فيه`.
pub fn stopwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        LIST.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(normalize_keeping_seats)
            .filter(|word| !word.is_empty())
            .collect()
    })
}

/// The words of a word list in `data/` (one per line; `#` comments and blank lines
/// skipped), normalized as the analyzer normalizes text.
pub(crate) fn list_words(list: &str) -> impl Iterator<Item = String> + '_ {
    list.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(normalize)
        .filter(|word| !word.is_empty())
}

/// Whether the normalized `word` is a stopword.
pub fn is_stopword(word: &str) -> bool {
    stopwords().contains(word)
}

/// A token filter removing the stopwords; place it after [`super::ArabicNormalizer`]. Positions
/// are kept, so a phrase still knows a word stood between two others.
pub fn filter() -> StopWordFilter {
    StopWordFilter::remove(stopwords().iter().cloned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_covers_lucene_and_is_normalized() {
        let set = stopwords();
        assert!(set.len() >= 300, "{}", set.len());
        // Lucene's list, normalized: every entry is in ours.
        for word in [
            "من", "ومن", "في", "الي", "علي", "هذا", "الذي", "ان", "او", "لم", "لن", "قد",
        ] {
            assert!(set.contains(word), "{word}");
        }
        for word in set {
            assert_eq!(&normalize_keeping_seats(word), word);
        }
    }

    #[test]
    fn content_words_of_news_are_not_stopwords() {
        for word in ["وقف", "قال", "اليوم", "زياره", "مليون", "عام", "بن", "امس"]
        {
            assert!(!is_stopword(word), "{word}");
        }
    }
}
