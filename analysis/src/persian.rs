//! Persian: the Arabic-script normalization, Persian stopwords, no stemming.
//!
//! Persian is written in the Arabic script with four letters of its own — پ چ ژ گ — and with
//! its own shapes of yeh and kaf (ی ک) that Arabic keyboards and older feeds type as ي ك.
//! [`ArabicNormalizer`] already folds exactly the variants that are
//! spelling noise (ی/ي/ى, ک/ك, ۀ/ه, hamza carriers, diacritics, tatweel, the zero-width
//! non-joiner of `می‌خواهم`, Persian digits ۱۴۰۲ → 1402) and keeps پ چ ژ گ distinct from
//! ب ج ز ك: `پارس` and `بارس` are different words, and stay so. Stopwords are compared after
//! that normalization. No stemmer: tantivy has no Persian one, and a light suffix stripper
//! without measurement would risk more precision than it gains in recall.

use tantivy::tokenizer::{RemoveLongFilter, StopWordFilter, TextAnalyzer};

use crate::arabic::{normalize, ArabicNormalizer};
use crate::{WordTokenizer, MAX_TOKEN_BYTES};

/// Common Persian function words (as written; normalized before use).
const STOPWORDS: &[&str] = &[
    "و",
    "در",
    "به",
    "از",
    "که",
    "این",
    "آن",
    "را",
    "با",
    "است",
    "برای",
    "تا",
    "بر",
    "یک",
    "هم",
    "نیز",
    "شد",
    "شده",
    "می",
    "ها",
    "های",
    "بود",
    "کرد",
    "کند",
    "خود",
    "یا",
    "اما",
    "اگر",
    "پس",
    "هر",
    "همه",
    "دیگر",
    "ای",
    "وی",
    "او",
    "ما",
    "شما",
    "آنها",
    "ایشان",
    "چه",
    "چون",
    "نه",
    "باید",
    "بین",
    "پیش",
    "پس",
    "روی",
    "زیر",
    "طی",
    "سوی",
    "همین",
    "همان",
];

/// The Persian analyzer.
pub fn persian() -> TextAnalyzer {
    TextAnalyzer::builder(WordTokenizer)
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(ArabicNormalizer)
        .filter(StopWordFilter::remove(
            STOPWORDS.iter().map(|w| normalize(w)),
        ))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::run;

    #[test]
    fn yeh_and_kaf_fold_persian_letters_stay() {
        let mut fa = persian();
        // Arabic yeh and kaf typed for Persian ones.
        assert_eq!(run(&mut fa, "ایران"), run(&mut fa, "ايران"));
        assert_eq!(run(&mut fa, "کشور"), run(&mut fa, "كشور"));
        // پ چ ژ گ are not ب ج ز ك.
        assert_ne!(run(&mut fa, "پارس"), run(&mut fa, "بارس"));
        assert_ne!(run(&mut fa, "گل"), run(&mut fa, "كل"));
        assert_ne!(run(&mut fa, "چین"), run(&mut fa, "جين"));
        // The zero-width non-joiner and Persian digits; stopwords.
        assert_eq!(run(&mut fa, "می‌خواهم"), run(&mut fa, "میخواهم"));
        assert_eq!(run(&mut fa, "در سال ۱۴۰۱"), ["سال", "1401"]);
    }
}
