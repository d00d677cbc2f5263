//! The dateline of a wire story: where it was filed from, before the first dash.
//!
//! `DETROIT, March 3 - General Motors said …`, `COMMACK, N.Y., Feb 26 - …`,
//! `بيروت (رويترز) - قال …`, `دمشق، سوريا (CNN) -- أكدت …`. The place there is where the story
//! happens, the strongest sign of its country ([`super::prominence`]), and the one place
//! whose name is taken even when it is ambiguous (`PARIS -` is the largest Paris).

/// The dashes that end a dateline, spaced as wires write them.
const DASHES: [&str; 4] = [" - ", " -- ", " — ", " – "];

/// A dateline ends this early in the body (bytes): `SAN SALVADOR, EL SALVADOR, Feb 26 (Reuters) -`.
const MAX_BYTES: usize = 120;

/// A dateline has at most this many words (`WASHINGTON, March 3 (Reuters)` has 4).
const MAX_WORDS: usize = 10;

/// `body` split into its dateline (empty when it has none) and the rest, which starts at the dash.
pub fn split(body: &str) -> (&str, &str) {
    let start = body.len() - body.trim_start().len();
    let line = body[start..].lines().next().unwrap_or("");
    let mut window = line.len().min(MAX_BYTES);
    while !line.is_char_boundary(window) {
        window -= 1;
    }
    let head = &line[..window];
    // Every dash starts with a space: the first space that starts one is the first dash, found
    // in one pass instead of one search a dash (this runs on every article).
    let dash = head
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .map(|(i, _)| i)
        .find(|&i| DASHES.iter().any(|d| head[i..].starts_with(d)));
    let Some(dash) = dash else {
        return ("", body);
    };
    let dateline = &head[..dash];
    let words = dateline.split_whitespace().count();
    if words == 0 || words > MAX_WORDS || dateline.ends_with(['.', '!', '?', '؟']) {
        return ("", body);
    }
    if !looks_like_a_place(dateline, words) {
        return ("", body);
    }
    body.split_at(start + dash)
}

/// Wires write a Latin dateline's place in capitals (`DETROIT`, `ABU DHABI`); an Arabic one is
/// a few words (`بيروت`, `دمشق، سوريا`) or credits an agency (`(رويترز)`). A capitalized
/// sentence start (`The talks - which …`) is not one.
fn looks_like_a_place(dateline: &str, words: usize) -> bool {
    let first = dateline.split_whitespace().next().unwrap_or("");
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.first().is_some_and(char::is_ascii_alphabetic) {
        return letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
    }
    words <= 4 || dateline.contains('(')
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn the_first_dash_of_any_kind_ends_the_dateline() {
        // Whichever dash comes first, as a search for each dash and the least position found.
        for (body, dateline) in [
            ("BEIRUT -- Lebanon - said", "BEIRUT"),
            ("BEIRUT - Lebanon -- said", "BEIRUT"),
            ("BEIRUT, March 3 — Lebanon - said", "BEIRUT, March 3"),
            ("بيروت (رويترز) – قال - لبنان", "بيروت (رويترز)"),
            ("BEIRUT -Lebanon -- said", "BEIRUT -Lebanon"),
        ] {
            assert_eq!(split(body).0, dateline, "{body}");
        }
    }

    #[test]
    fn wire_datelines_are_found() {
        for (body, dateline) in [
            (
                "DETROIT, March 3 - General Motors Corp said",
                "DETROIT, March 3",
            ),
            (
                "COMMACK, N.Y., Feb 26 - Computer Terminal Systems Inc said",
                "COMMACK, N.Y., Feb 26",
            ),
            (
                "  ABU DHABI, March 2 - Gulf Arab deputy oil ministers",
                "ABU DHABI, March 2",
            ),
            ("بيروت (رويترز) - قال مسؤول", "بيروت (رويترز)"),
            (
                "دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة",
                "دمشق، سوريا (CNN)",
            ),
            ("WASHINGTON (AP) — The Senate voted", "WASHINGTON (AP)"),
        ] {
            assert_eq!(split(body).0.trim(), dateline, "{body}");
            assert!(split(body).1.trim_start().starts_with(['-', '—']), "{body}");
        }
    }

    #[test]
    fn sentences_with_dashes_are_no_datelines() {
        for body in [
            "The talks - which began on Monday in Geneva between the two delegations and their advisers - ended",
            "Prices rose. The rest - mostly oil - fell",
            "قال الوزير إن المحادثات التي بدأت يوم الاثنين في جنيف بين الوفدين ومستشاريهم - انتهت",
            "No dash at all in this body",
            "- a list item",
            "",
        ] {
            assert_eq!(split(body).0, "", "{body}");
            assert_eq!(split(body).1, body);
        }
    }
}
