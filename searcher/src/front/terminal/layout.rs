//! The layout of results for people: one block per hit, then a summary line.
//!
//! ```text
//!   1. مقتل حوالي 100 جندي في اشتباكات بين أرمينيا وأذربيجان
//!      2022-09-13 | Reuters | Armenia · أرمينيا, Azerbaijan · أذربيجان | Nikol Pashinyan · …
//!      … اندلعت اشتباكات بين أرمينيا وأذربيجان على الحدود …   (wrapped to the terminal)
//!      armenia-azerbaijan-clashes.txt | https://… | score 3.21
//! ```
//!
//! Every line of a hit after the title is indented under the title's first letter, and long
//! lines wrap with the same indent, so results stay aligned at any terminal width.

use arshif_schema::date;

use crate::engine::{Answer, Highlighted, Hit, Suggestion};

use super::styled::{Line, Tone};
use super::wrap::wrap;

/// Columns before a hit's text: `" 12. "`.
pub const INDENT: usize = 5;

/// The lines of one hit, wrapped to `width` columns (0: no wrapping).
pub fn hit(hit: &Hit, width: usize) -> Vec<Line> {
    let a = &hit.article;
    let mut lines = Vec::new();
    let prefix = Line::of(format!("{:>3}. ", hit.rank), Tone::Plain);
    let indent = Line::of(" ".repeat(INDENT), Tone::Plain);

    let title = if hit.title.text.trim().is_empty() {
        Line::of("(untitled)", Tone::Title)
    } else {
        marked(&hit.title, Tone::Title)
    };
    lines.extend(wrap(&prefix, &title, width));

    let mut meta = Vec::new();
    if let Some(d) = a.date {
        meta.push(date::display(d));
    }
    if let Some(s) = &a.source {
        meta.push(s.clone());
    }
    if !a.countries.is_empty() {
        meta.push(names(
            &a.countries,
            &a.main_countries,
            &hit.country_labels,
            COUNTRIES_SHOWN,
        ));
    }
    if !a.actors.is_empty() {
        meta.push(names(
            &a.actors,
            &a.main_actors,
            &hit.actor_labels,
            ACTORS_SHOWN,
        ));
    }
    if !meta.is_empty() {
        lines.extend(wrap(
            &indent,
            &Line::of(meta.join(FIELD_SEPARATOR), Tone::Plain),
            width,
        ));
    }

    if !hit.snippet.text.trim().is_empty() {
        lines.extend(wrap(&indent, &marked(&hit.snippet, Tone::Plain), width));
    }

    let mut place = vec![a.id.clone()];
    if let Some(url) = &a.url {
        place.push(url.clone());
    }
    // `*` and filters alone score every article 0: a score says nothing there.
    if let Some(score) = hit.score.filter(|s| *s > 0.0) {
        place.push(format!("score {score:.2}"));
    }
    lines.extend(wrap(
        &indent,
        &Line::of(place.join(FIELD_SEPARATOR), Tone::Dim),
        width,
    ));
    lines
}

/// Between the fields of a hit's metadata lines. Not `·`: that joins a name's English and
/// Arabic forms (`Armenia · أرمينيا`), and a list of them would run into the next field.
const FIELD_SEPARATOR: &str = " | ";

/// The closing line: how many matched and which ones are shown.
pub fn summary(results: &Answer) -> Line {
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let counted = |total: usize| match results.relaxed {
        Some(_) => format!("{total} article{} with some of the words", plural(total)),
        None => format!("{total} matching article{}", plural(total)),
    };
    let text = match (results.total, shown) {
        (0, _) => "no matching articles".to_string(),
        (total, 0) => format!("{} (none on this page)", counted(total)),
        (total, n) => format!("{} (showing {first}–{})", counted(total), first + n - 1),
    };
    Line::of(text, Tone::Plain)
}

/// The line for a query word no article has: `no article has "ارمنيا"; did you mean أرمينيا?`
pub fn suggestion(s: &Suggestion) -> Line {
    let mut line = Line::of(format!("no article has \"{}\"", s.word), Tone::Plain);
    match s.instead.as_slice() {
        [] => line.push("; no word of the archive is close to it", Tone::Plain),
        instead => line
            .push("; did you mean ", Tone::Plain)
            .push(instead.join(" or "), Tone::Match)
            .push("?", Tone::Plain),
    };
    line
}

/// The line above relaxed results: that not every word was found, and which ones the first hit
/// lacks (`no article has all 4 words; first: 3 of 4, without ارمنيا`).
pub fn relaxed_notice(results: &Answer) -> Option<Line> {
    let relaxed = results.relaxed.as_ref()?;
    let n = relaxed.words.len();
    let text = match relaxed.every_word {
        0 => {
            let first = results.hits.first().and_then(|h| h.matched.as_ref());
            match first {
                Some(matched) => {
                    let missing: Vec<&str> = relaxed
                        .words
                        .iter()
                        .filter(|w| !matched.contains(w))
                        .map(String::as_str)
                        .collect();
                    format!(
                        "no article has all {n} words; showing those with the most first: {} of {n}, without {}",
                        matched.len(),
                        missing.join(" ")
                    )
                }
                None => format!("no article has all {n} words; showing those with the most first"),
            }
        }
        k => format!(
            "only {k} article{} {} all {n} words; after {}, articles with fewer of them",
            if k == 1 { "" } else { "s" },
            if k == 1 { "has" } else { "have" },
            if k == 1 { "it" } else { "them" },
        ),
    };
    Some(Line::of(text, Tone::Dim))
}

/// All hits, a blank line after each, then the summary.
pub fn results(results: &Answer, width: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    for h in &results.hits {
        lines.extend(hit(h, width));
        lines.push(Line::new());
    }
    lines.push(summary(results));
    lines
}

/// Text with its matched ranges in the match tone and the rest in `base`.
pub fn marked(h: &Highlighted, base: Tone) -> Line {
    let mut line = Line::new();
    let mut at = 0;
    for r in &h.ranges {
        let (Some(before), Some(matched)) = (h.text.get(at..r.start), h.text.get(r.start..r.end))
        else {
            continue;
        };
        line.push(before, base).push(matched, Tone::Match);
        at = r.end;
    }
    line.push(h.text.get(at..).unwrap_or(""), base);
    line
}

/// How many countries and actors a hit names on its metadata line; the rest are counted
/// (`+5 more`): a wire story names a dozen in passing, and six lines of them left two for
/// the snippet. `--json` and `--show` have them all.
const COUNTRIES_SHOWN: usize = 3;
const ACTORS_SHOWN: usize = 2;

/// Ids by their names where known — `Armenia · أرمينيا, ZZ, +4 more` — the ones the article is
/// about (`main`) first, at most `keep` of them.
fn names(ids: &[String], main: &[String], labels: &[Option<String>], keep: usize) -> String {
    let label = |id: &String| {
        ids.iter()
            .position(|i| i == id)
            .and_then(|at| labels.get(at).cloned().flatten())
            .unwrap_or_else(|| id.clone())
    };
    let first: Vec<&String> = match main.is_empty() {
        true => ids.iter().take(keep).collect(),
        false => main.iter().take(keep).collect(),
    };
    let mut shown: Vec<String> = first.into_iter().map(label).collect();
    let more = ids.len().saturating_sub(shown.len());
    if more > 0 {
        // A left-to-right mark first: after an Arabic name, `+4` would otherwise join its
        // right-to-left run (bidi rule W2) and read `4+ ,ايسور` in a bidi terminal.
        shown.push(format!("\u{200E}+{more} more"));
    }
    shown.join(", ")
}

/// A hit on one line, for `--compact`: rank, date, title, source and its first two countries,
/// cut to `width` columns (0: never).
pub fn compact(hit: &Hit, width: usize) -> Line {
    let a = &hit.article;
    let mut line = Line::of(format!("{:>3}. ", hit.rank), Tone::Plain);
    if let Some(d) = a.date {
        // The day: a list of hits is read by day.
        let day: String = date::display(d).chars().take(10).collect();
        line.push(format!("{day}  "), Tone::Dim);
    }
    if hit.title.text.trim().is_empty() {
        line.push("(untitled)", Tone::Title);
    } else {
        line.extend(&marked(&hit.title, Tone::Title));
    }
    let mut rest = Vec::new();
    if let Some(s) = &a.source {
        rest.push(s.clone());
    }
    if !a.countries.is_empty() {
        rest.push(names(
            &a.countries,
            &a.main_countries,
            &hit.country_labels,
            2,
        ));
    }
    if !rest.is_empty() {
        line.push(
            format!("{FIELD_SEPARATOR}{}", rest.join(FIELD_SEPARATOR)),
            Tone::Dim,
        );
    }
    truncate(&line, width)
}

/// `line` cut to `width` columns with `…` at the end when it is longer (0: never cut).
fn truncate(line: &Line, width: usize) -> Line {
    if width == 0 || line.width() <= width {
        return line.clone();
    }
    let mut used = 0;
    let mut kept = Vec::new();
    for (c, tone) in line.chars() {
        let w = super::styled::width(c.encode_utf8(&mut [0; 4]));
        if used + w + 1 > width {
            break;
        }
        used += w;
        kept.push((c, tone));
    }
    kept.push(('…', Tone::Dim));
    Line::from_chars(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arshif_schema::StoredArticle;
    use std::ops::Range;

    fn sample() -> Hit {
        let text = "اندلعت اشتباكات عنيفة بين أرمينيا وأذربيجان على الحدود";
        let start = text.find("أرمينيا").unwrap();
        Hit {
            rank: 1,
            score: Some(3.5),
            article: StoredArticle {
                id: "armenia.txt".into(),
                title: "اشتباكات على الحدود".into(),
                date: Some(time::macros::datetime!(2022-09-13 00:00 UTC)),
                source: Some("رويترز".into()),
                countries: vec!["AM".into(), "ZZ".into()],
                ..StoredArticle::default()
            },
            title: Highlighted {
                text: "اشتباكات على الحدود".into(),
                ranges: vec![],
            },
            snippet: Highlighted {
                text: text.into(),
                ranges: vec![Range {
                    start,
                    end: start + "أرمينيا".len(),
                }],
            },
            country_labels: vec![
                arshif_entities::Gazetteer::builtin()
                    .country_by_id("AM")
                    .map(arshif_entities::gazetteer::Entry::label),
                None,
            ],
            actor_labels: vec![],
            country_names: vec![],
            actor_names: vec![],
            address: tantivy::DocAddress::new(0, 0),
            matched: None,
            explanation: None,
        }
    }

    #[test]
    fn a_hit_is_a_title_metadata_snippet_and_place() {
        let lines = hit(&sample(), 0);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        let armenia = arshif_entities::Gazetteer::builtin()
            .country_by_id("AM")
            .map(arshif_entities::gazetteer::Entry::label)
            .unwrap();
        assert_eq!(texts[0], "  1. اشتباكات على الحدود");
        assert_eq!(
            texts[1],
            format!("     2022-09-13 | رويترز | {armenia}, ZZ")
        );
        assert!(texts[2].starts_with("     اندلعت"));
        assert_eq!(texts[3], "     armenia.txt | score 3.50");
        assert!(lines[2]
            .spans
            .iter()
            .any(|s| s.text == "أرمينيا" && s.tone == Tone::Match));
    }

    #[test]
    fn labels_name_the_main_ones_first_and_count_the_rest() {
        let ids: Vec<String> = ["AM", "AZ", "RU", "TR", "FR"].map(String::from).to_vec();
        let main: Vec<String> = ["AZ", "AM"].map(String::from).to_vec();
        let labels = vec![Some("Armenia".to_string()), None, None, None, None];
        assert_eq!(
            names(&ids, &main, &labels, 3),
            "AZ, Armenia, \u{200E}+3 more"
        );
        assert_eq!(
            names(&ids, &[], &labels, 3),
            "Armenia, AZ, RU, \u{200E}+2 more"
        );
        assert_eq!(names(&ids[..2], &[], &labels, 3), "Armenia, AZ");
    }

    #[test]
    fn no_score_for_a_search_that_scores_nothing_and_compact_is_one_cut_line() {
        let mut h = sample();
        h.score = Some(0.0);
        let texts: Vec<String> = hit(&h, 0).iter().map(Line::text).collect();
        assert_eq!(texts.last().unwrap(), "     armenia.txt");
        let line = compact(&h, 0).text();
        assert_eq!(
            line,
            "  1. 2022-09-13  اشتباكات على الحدود | رويترز | Armenia · أرمينيا, ZZ"
        );
        let cut = compact(&h, 30);
        assert_eq!(cut.width(), 30, "{}", cut.text());
        assert!(cut.text().ends_with('…'));
    }

    #[test]
    fn long_lines_wrap_under_the_title() {
        let lines = hit(&sample(), 30);
        assert!(lines.len() > 4);
        for line in &lines {
            assert!(line.width() <= 30, "{:?} is wider than 30", line.text());
            assert!(line.text().starts_with("  1. ") || line.text().starts_with("     "));
        }
    }
}
