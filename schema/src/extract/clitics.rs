//! Arabic proclitics on names: `وروسيا`, `لأوكرانيا`, `بالعراق`, `للأمم`, `والأرمن`.
//!
//! Arabic writes the conjunctions و/ف, the prepositions ب/ك/ل and the article ال as part of the
//! next word. A name in the gazetteer is written bare, so a token that is not itself a known
//! name word is tried again without them — but only ever to find a *known* word: stripping is
//! guided by the gazetteer's vocabulary, so `لكن` ("but") never becomes `كن`.

/// The key of an Arabic word for name matching: without its article, when what remains has
/// four letters or more (الروسي → روسي, العراق → عراق; not البان → بان, which is بأن "that"). Names and text words both go through
/// it, so `الاتحاد الروسي` and `الروسي` and `روسي` meet without a second lookup.
pub fn without_article(token: &str) -> &str {
    match token.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 4 => rest,
        _ => token,
    }
}

/// The forms of a normalized token with its proclitics removed, least stripped first (the
/// token itself excluded). Each form keeps at least two letters.
pub fn bare_forms(token: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        if s.chars().count() >= 2 && s != token && !out.iter().any(|o| o == s) {
            out.push(s.to_string());
        }
    };
    for conj in ["", "و", "ف"] {
        let Some(after_conj) = token.strip_prefix(conj) else {
            continue;
        };
        // ل + ال is written لل: للأمم = ل + الأمم.
        let mut with_prep: Vec<String> = vec![after_conj.to_string()];
        for prep in ["ب", "ك", "ل"] {
            if let Some(rest) = after_conj.strip_prefix(prep) {
                with_prep.push(rest.to_string());
            }
        }
        if let Some(rest) = after_conj.strip_prefix("لل") {
            with_prep.push(format!("ال{rest}"));
        }
        for form in &with_prep {
            push(form);
            // The article, for demonyms written bare in the gazetteer: الأرمن → ارمن.
            if let Some(rest) = form.strip_prefix("ال") {
                push(rest);
            }
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_conjunctions_prepositions_and_the_article() {
        assert!(bare_forms("وروسيا").contains(&"روسيا".to_string()));
        assert!(bare_forms("لاوكرانيا").contains(&"اوكرانيا".to_string()));
        assert!(bare_forms("بالعراق").contains(&"العراق".to_string()));
        assert!(bare_forms("للامم").contains(&"الامم".to_string()));
        assert!(bare_forms("والارمن").contains(&"ارمن".to_string()));
        assert!(bare_forms("ليريفان").contains(&"يريفان".to_string()));
    }

    #[test]
    fn the_article_goes_when_enough_remains() {
        assert_eq!(without_article("الروسي"), "روسي");
        assert_eq!(without_article("العراق"), "عراق");
        assert_eq!(without_article("الهند"), "الهند");
        assert_eq!(without_article("البان"), "البان");
        assert_eq!(without_article("الله"), "الله");
        assert_eq!(without_article("روسيا"), "روسيا");
    }

    #[test]
    fn least_stripped_first_and_never_too_short() {
        let forms = bare_forms("والعراق");
        assert_eq!(forms.first().map(String::as_str), Some("العراق"));
        assert!(bare_forms("لك").is_empty());
        assert!(bare_forms("روسيا").iter().all(|f| f.chars().count() >= 2));
    }
}
