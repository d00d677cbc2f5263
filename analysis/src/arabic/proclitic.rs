//! One-letter proclitics on any word: و ف ب ل ك and their pairs (`بقرار` → `قرار`,
//! `فليذهب` → `يذهب`, `وبحكومة` → `حكومة`), stripped when what remains is a word.
//!
//! light10 strips the article's combinations and a lone و from any word of four letters
//! (`وزير` → `زير`, `ولاية` → `لاية`), but never a lone ب ك ل ف: by letters alone, `بحر` would be
//! ب + `حر` and `فيلم` ف + `يلم`. The proper-noun lookup
//! ([`super::stem::ProperNouns`]) strips them from names it knows. For every other word the
//! [`Lexicon`] decides: the rest must be a known word of at least [`MIN_REST_LETTERS`] letters,
//! not a stopword, and clearly more frequent than the whole word — by [`MARGIN_CB`] centibels,
//! four times — or the whole word unknown. `بقرار` (rest 14× as frequent) and `لوزير` (32×)
//! are stripped; `بلد`, `كتب`, `فيلم`, `فكرة` (the whole is the more frequent) are not.
//! How the margin was chosen, and what it still merges, is in `docs/arabic-analysis.md`.

use super::lexicon::Lexicon;
use super::stopwords::is_stopword;

/// How much more frequent than the whole word its rest must be, in centibels (60: four times).
pub const MARGIN_CB: u64 = 60;

/// The fewest letters left after a proclitic: two-letter rests (`بن` of `لبن`) are too often
/// a different word.
pub const MIN_REST_LETTERS: usize = 3;

/// The proclitics tried, pairs first (`وبحكومة` is و + ب + `حكومة`).
const PROCLITICS: [&str; 11] = ["وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل"];

/// Whether `word` starts with a letter that can be a proclitic: a byte test that spares the
/// lexicon for most tokens (و U+0648, ف U+0641, ب U+0628, ل U+0644, ك U+0643).
pub(crate) fn may_have_proclitic(word: &[u8]) -> bool {
    matches!(
        word,
        [0xD9, 0x88 | 0x81 | 0x84 | 0x83, ..] | [0xD8, 0xA8, ..]
    )
}

/// `word` (normalized, Arabic letters) without its proclitic, if it has one by the rule above.
/// The stemmer leaves words that start with the article's combinations (`فللحكومة`) to light10.
pub fn strip<'a>(lexicon: &Lexicon, word: &'a str) -> Option<&'a str> {
    if !may_have_proclitic(word.as_bytes()) {
        return None;
    }
    let mut whole: Option<Option<u64>> = None;
    for proclitic in PROCLITICS {
        let Some(rest) = word.strip_prefix(proclitic) else {
            continue;
        };
        // Two bytes a letter: these are words of Arabic letters.
        if rest.len() / 2 < MIN_REST_LETTERS {
            continue;
        }
        let Some(rest_cb) = lexicon.centibels(rest) else {
            continue;
        };
        let whole_cb = *whole.get_or_insert_with(|| lexicon.centibels(word));
        if whole_cb.is_none_or(|w| w >= rest_cb + MARGIN_CB) && !is_stopword(rest) {
            return Some(rest);
        }
    }
    // A word the lexicon does not know, starting with و, keeps light10's rule (و goes when
    // three letters remain): rare words (`وتعزيزاتها`) are still found without it.
    let unknown = whole.unwrap_or_else(|| lexicon.centibels(word)).is_none();
    match word.strip_prefix('و') {
        Some(rest) if unknown && rest.len() / 2 >= MIN_REST_LETTERS => Some(rest),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    fn stripped(word: &str) -> String {
        let word = normalize(word);
        strip(Lexicon::builtin(), &word)
            .unwrap_or(&word)
            .to_string()
    }

    #[test]
    fn proclitics_are_stripped_when_the_rest_is_the_word() {
        for (word, rest) in [
            ("بقرار", "قرار"),
            ("لوزير", "وزير"),
            ("كمدينة", "مدينه"),
            ("فقال", "قال"),
            // Both ف and the ل of command go: فليذهب and ليذهب meet at يذهب.
            ("فليذهب", "يذهب"),
            ("ليذهب", "يذهب"),
            ("وبحكومة", "حكومه"),
            ("بزيادة", "زياده"),
            ("لمسؤول", "مسوول"),
            ("وقال", "قال"),
            ("وحكومة", "حكومه"),
            // Unknown to the lexicon: و goes as light10 would have it.
            ("وتعزيزاتهاا", "تعزيزاتهاا"),
        ] {
            assert_eq!(stripped(word), rest, "{word}");
        }
    }

    #[test]
    fn words_that_start_like_a_proclitic_stay_whole() {
        for word in [
            "بلد",
            "كتب",
            "فيلم",
            "بحر",
            "فكرة",
            "فقط",
            "ولاية",
            "لجنة",
            "كلام",
            "بعد",
            "لبن",
            "بنك",
            "كبير",
            "فريق",
            "لقاء",
            "بيان",
        ] {
            assert_eq!(stripped(word), normalize(word), "{word}");
        }
        // A stopword is no word to index: `فهذا` is left as it is.
        assert_eq!(stripped("فهذا"), "فهذا");
    }
}
