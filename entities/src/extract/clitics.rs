//! Arabic proclitics on names: `وروسيا`, `لأوكرانيا`, `بالعراق`, `للأمم`, `والأرمن`.
//!
//! Arabic writes the conjunctions و/ف, the prepositions ب/ك/ل and the article ال as part of the
//! next word. A name in the gazetteer is written bare, so a token that is not itself a known
//! name word is tried again without them — but only ever to find a *known* word: stripping is
//! guided by the gazetteer's vocabulary, so `لكن` ("but") never becomes `كن`.
//!
//! Every key, in names and in text, also loses its article when enough remains (see
//! [`without_article`]).

/// The key of an Arabic word for name matching: without its article, when what remains has
/// four letters or more (الروسي → روسي, العراق → عراق; not البان → بان, which is بأن "that"). Names and text words both go through
/// it, so `الاتحاد الروسي` and `الروسي` and `روسي` meet without a second lookup.
pub fn without_article(token: &str) -> &str {
    match token.strip_prefix("ال") {
        Some(rest) if rest.chars().nth(3).is_some() => rest,
        _ => token,
    }
}

/// What a run of proclitics leaves of the word after it.
enum Prefix {
    /// Conjunction, preposition and/or article, in that order (و ب ال, ف ك, ال …): the rest of
    /// the word is the bare form.
    Plain,
    /// ل + ال, written لل: the bare form is ال + the rest.
    LamLam,
}

fn prefix(p: &str) -> Option<Prefix> {
    let p = p.strip_prefix(['و', 'ف']).unwrap_or(p);
    if p == "لل" {
        return Some(Prefix::LamLam);
    }
    let p = p.strip_prefix(['ب', 'ك', 'ل']).unwrap_or(p);
    (p.is_empty() || p == "ال").then_some(Prefix::Plain)
}

/// Looks up the forms of a normalized token without its proclitics, least stripped first, and
/// returns the first that `lookup` knows. Each form keeps at least two letters; forms go
/// through [`without_article`] like every key. Allocation-free except for `لل` before a short
/// word: this runs on every word of every article.
pub fn find_bare<T>(token: &str, mut lookup: impl FnMut(&str) -> Option<T>) -> Option<T> {
    // Only a conjunction or a preposition can start a run that is not the article alone (which
    // is [`without_article`]'s job): `ال…` words, a third of Arabic text, are answered here.
    let first = token.chars().next()?;
    if !matches!(first, 'و' | 'ف' | 'ب' | 'ك' | 'ل') {
        return None;
    }
    // The byte length of the last suffix of `token` looked up: `والعراق` reads as و + `العراق`
    // and as وال + `عراق`, both keyed `عراق`, asked once. Suffixes of one length are one form.
    let mut tried = usize::MAX;
    // A proclitic run is at most four letters: و + ب + ال.
    // Whether every letter of `head` can be a proclitic's: once one cannot, no longer run is a
    // proclitic run either (`وزير` is tried as و + `زير` only).
    let mut head_letters = true;
    for (end, next) in token.char_indices().skip(1).take(4) {
        if !head_letters {
            break;
        }
        head_letters = matches!(next, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'ا');
        let (head, rest) = token.split_at(end);
        if rest.chars().nth(1).is_none() {
            break;
        }
        // The article alone is [`without_article`]'s job, done before this is called.
        if head == "ال" {
            continue;
        }
        let form = match prefix(head) {
            Some(Prefix::Plain) => without_article(rest),
            Some(Prefix::LamLam) if rest.chars().count() >= 4 => rest,
            Some(Prefix::LamLam) => match lookup(&format!("ال{rest}")) {
                Some(found) => return Some(found),
                None => continue,
            },
            None => continue,
        };
        if form.len() == tried {
            continue;
        }
        tried = form.len();
        if let Some(found) = lookup(form) {
            return Some(found);
        }
    }
    None
}

/// Every form [`find_bare`] tries, in order (for tests and for explaining a match).
pub fn bare_forms(token: &str) -> Vec<String> {
    let mut out = Vec::new();
    find_bare(token, |form| {
        out.push(form.to_string());
        None::<()>
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_conjunctions_prepositions_and_the_article() {
        assert!(bare_forms("وروسيا").contains(&"روسيا".to_string()));
        assert!(bare_forms("لاوكرانيا").contains(&"اوكرانيا".to_string()));
        assert!(bare_forms("بالعراق").contains(&"عراق".to_string()));
        assert!(bare_forms("للامم").contains(&"الامم".to_string()));
        assert!(bare_forms("والارمن").contains(&"ارمن".to_string()));
        assert!(bare_forms("للعراق").contains(&"عراق".to_string()));
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
    fn runs_with_a_letter_no_proclitic_has_are_not_tried() {
        // `وزير`: و + `زير` only; `وزي` + ر would need ز to be a proclitic.
        assert_eq!(bare_forms("وزير"), ["زير"]);
        // Every prefix a run of proclitic letters allows is still tried.
        assert_eq!(bare_forms("وبالعراق"), ["بالعراق", "عراق"]);
        assert_eq!(bare_forms("وللعراق"), ["للعراق", "لعراق", "عراق"]);
    }

    #[test]
    fn least_stripped_first_and_never_too_short() {
        let forms = bare_forms("والعراق");
        assert_eq!(forms.first().map(String::as_str), Some("عراق"));
        // و + `العراق` and وال + `عراق` have one key: asked once.
        assert_eq!(
            forms.iter().filter(|f| *f == "عراق").count(),
            1,
            "{forms:?}"
        );
        // Words that cannot start with a proclitic are not tried at all.
        assert!(bare_forms("روسيا").is_empty());
        assert!(bare_forms("لك").is_empty());
        assert!(bare_forms("روسيا").iter().all(|f| f.chars().count() >= 2));
    }
}
