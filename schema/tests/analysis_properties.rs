//! Property tests of Arabic analysis: normalization is idempotent, token offsets are char
//! boundaries within the input, and no input panics.

use arshif_analysis::{normalize, StemRule};
use arshif_schema::analyzers::analyzer;
use proptest::prelude::*;

/// Text that looks like what archives contain: Arabic letters, marks, presentation forms,
/// digits of three scripts, joiners and bidi controls, punctuation of both scripts, Latin.
fn arabicish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{08A0}-\u{08FF}\u{FB50}-\u{FDFF}\u{FE70}-\u{FEFF}\u{200B}-\u{200F}\u{202A}-\u{202E}\u{2066}-\u{2069} a-zA-Z0-9۰-۹.,:/\\-،؛؟«»“”…]{0,80}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn normalization_is_idempotent(text in arabicish()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn offsets_are_char_boundaries_within_the_input(text in arabicish()) {
        for rule in [StemRule::Arshif, StemRule::None, StemRule::Light10, StemRule::Snowball] {
            let mut analyzer = analyzer(rule);
            let mut stream = analyzer.token_stream(&text);
            let mut last_position = None;
            while stream.advance() {
                let token = stream.token();
                prop_assert!(token.offset_from < token.offset_to);
                prop_assert!(token.offset_to <= text.len());
                prop_assert!(text.is_char_boundary(token.offset_from));
                prop_assert!(text.is_char_boundary(token.offset_to));
                prop_assert!(!token.text.is_empty());
                if let Some(last) = last_position {
                    prop_assert!(token.position > last);
                }
                last_position = Some(token.position);
            }
        }
    }

    #[test]
    fn the_terms_of_a_term_are_itself(text in arabicish()) {
        // Queries are analyzed like articles: a normalized, unstemmed term must analyze to
        // itself (or to nothing, if it is a stopword) in the exact view.
        for term in arshif_analysis::exact_terms(&text) {
            let again = arshif_analysis::exact_terms(&term);
            prop_assert!(again.is_empty() || again == vec![term.clone()], "{} -> {:?}", term, again);
        }
    }
}
