//! French: elision, then the Snowball pipeline of [`crate::snowball`].
//!
//! French writes articles and pronouns elided against the next word: `l'Arménie`,
//! `d'Azerbaïdjan`, `qu'il`, `jusqu'à`. The tokenizer splits at the apostrophe (straight or
//! typographic), which leaves the elided part as a word of its own; those parts are exactly the
//! elided forms below and are removed, like stopwords, so that `l'Arménie` is found by `Arménie`
//! and a phrase `"l'Arménie"` by the same terms. The Snowball stemmer and folding then make
//! `affrontements`, `affrontement` and `Arménie`/`Armenie` meet.

use tantivy::tokenizer::{Language, TextAnalyzer};

/// The elided forms that precede an apostrophe (Lucene's French elision set).
pub const ELIDED: &[&str] = &[
    "l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu",
];

/// The French analyzer.
pub fn french() -> TextAnalyzer {
    crate::snowball::analyzer(Language::French, ELIDED)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run;

    #[test]
    fn elided_articles_go_and_accents_fold() {
        let mut fr = french();
        assert_eq!(run(&mut fr, "l'Arménie"), run(&mut fr, "Armenie"));
        assert_eq!(run(&mut fr, "d’Azerbaïdjan"), run(&mut fr, "azerbaidjan"));
        assert_eq!(run(&mut fr, "affrontements"), run(&mut fr, "affrontement"));
        assert_eq!(
            run(&mut fr, "jusqu'à la frontière"),
            run(&mut fr, "frontieres")
        );
    }
}
