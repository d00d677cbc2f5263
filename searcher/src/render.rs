//! Printing results: for people (aligned, highlighted) and for scripts (`--json`).

use std::fmt::Write as _;

use arshif_schema::date;
use serde_json::{json, Value};

use crate::search::{FacetCount, Facets, Highlighted, SearchResults};

/// How matched words are marked in human output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours (bold yellow matches, bold titles).
    Color,
    /// No markup at all (output piped to a file or a program).
    Plain,
}

const MATCH_ON: &str = "\x1b[1;33m";
const BOLD_ON: &str = "\x1b[1m";
const DIM_ON: &str = "\x1b[2m";
const OFF: &str = "\x1b[0m";

fn paint(out: &mut String, style: Style, on: &str, text: &str) {
    if style == Style::Color && !on.is_empty() && !text.is_empty() {
        let _ = write!(out, "{on}{text}{OFF}");
    } else {
        out.push_str(text);
    }
}

fn mark(h: &Highlighted, style: Style, base: &str) -> String {
    let mut out = String::new();
    let mut at = 0;
    for r in &h.ranges {
        let (Some(before), Some(matched)) = (h.text.get(at..r.start), h.text.get(r.start..r.end))
        else {
            continue;
        };
        paint(&mut out, style, base, before);
        paint(&mut out, style, MATCH_ON, matched);
        at = r.end;
    }
    paint(&mut out, style, base, h.text.get(at..).unwrap_or(""));
    out
}

fn names(ids: &[String], labels: &[Option<String>]) -> String {
    ids.iter()
        .zip(labels.iter().chain(std::iter::repeat(&None)))
        .map(|(id, label)| match label {
            Some(l) => format!("{id} ({l})"),
            None => id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Human-readable results.
pub fn human(results: &SearchResults, style: Style) -> String {
    let mut out = String::new();
    for hit in &results.hits {
        let a = &hit.article;
        let title = if hit.title.text.is_empty() {
            Highlighted {
                text: "(untitled)".into(),
                ranges: Vec::new(),
            }
        } else {
            hit.title.clone()
        };
        let _ = write!(out, "{:>3}. ", hit.rank);
        out.push_str(&mark(
            &title,
            style,
            if style == Style::Color { BOLD_ON } else { "" },
        ));
        out.push('\n');
        let mut meta = Vec::new();
        if let Some(d) = a.date {
            meta.push(date::display(d));
        }
        if let Some(s) = &a.source {
            meta.push(s.clone());
        }
        if let Some(score) = hit.score {
            meta.push(format!("score {score:.2}"));
        }
        meta.push(a.id.clone());
        out.push_str("     ");
        paint(&mut out, style, DIM_ON, &meta.join(" · "));
        out.push('\n');
        if !a.countries.is_empty() {
            let _ = writeln!(
                out,
                "     countries: {}",
                names(&a.countries, &hit.country_labels)
            );
        }
        if !a.actors.is_empty() {
            let _ = writeln!(out, "     actors: {}", names(&a.actors, &hit.actor_labels));
        }
        if !hit.snippet.text.is_empty() {
            let _ = writeln!(out, "     {}", mark(&hit.snippet, style, ""));
        }
        if let Some(url) = &a.url {
            out.push_str("     ");
            paint(&mut out, style, DIM_ON, url);
            out.push('\n');
        }
        out.push('\n');
    }
    let shown = results.hits.len();
    let first = results.hits.first().map_or(0, |h| h.rank);
    match (results.total, shown) {
        (0, _) => out.push_str("no matching articles\n"),
        (total, 0) => {
            let _ = writeln!(out, "{total} matching articles (none on this page)");
        }
        (total, n) => {
            let _ = writeln!(
                out,
                "{total} matching article{} (showing {first}–{})",
                if total == 1 { "" } else { "s" },
                first + n - 1
            );
        }
    }
    if let Some(f) = &results.facets {
        out.push('\n');
        out.push_str(&facet_tables(f));
    }
    out
}

fn facet_tables(f: &Facets) -> String {
    let mut out = String::new();
    let tables: [(&str, &[FacetCount]); 3] = [
        ("countries", &f.country),
        ("actors", &f.actor),
        ("sources", &f.source),
    ];
    for (name, counts) in tables {
        let _ = writeln!(out, "{name}:");
        if counts.is_empty() {
            out.push_str("  (none)\n");
        }
        let width = counts
            .iter()
            .map(|c| c.count.to_string().len())
            .max()
            .unwrap_or(1);
        for c in counts {
            let _ = match c.label() {
                Some(l) => writeln!(out, "  {:>width$}  {}  {l}", c.count, c.value),
                None => writeln!(out, "  {:>width$}  {}", c.count, c.value),
            };
        }
    }
    out
}

/// Unicode scalar offsets of the highlighted ranges (what most languages index strings by).
fn char_ranges(h: &Highlighted) -> Vec<[usize; 2]> {
    h.ranges
        .iter()
        .filter_map(|r| {
            let start = h.text.get(..r.start)?.chars().count();
            let len = h.text.get(r.start..r.end)?.chars().count();
            Some([start, start + len])
        })
        .collect()
}

fn counts_json(counts: &[FacetCount]) -> Value {
    counts
        .iter()
        .map(|c| {
            let mut v = json!({"value": c.value, "count": c.count});
            if let Some(kind) = c.kind {
                v["kind"] = json!(kind.as_str());
            }
            if c.kind.is_some() || c.name.is_some() || c.name_ar.is_some() {
                v["name"] = json!(c.name);
                v["name_ar"] = json!(c.name_ar);
            }
            v
        })
        .collect()
}

/// The `--json` document: exactly one object.
pub fn json(results: &SearchResults) -> Value {
    let hits: Vec<Value> = results
        .hits
        .iter()
        .map(|h| {
            let a = &h.article;
            json!({
                "id": a.id,
                "title": a.title,
                "score": h.score,
                "date": a.date.map(date::display),
                "source": a.source,
                "url": a.url,
                "lang": a.lang,
                "countries": a.countries,
                "actors": a.actors,
                "path": a.path,
                "snippet": h.snippet.text,
                "highlights": char_ranges(&h.snippet),
            })
        })
        .collect();
    let mut out = json!({"total": results.total, "hits": hits});
    if let Some(f) = &results.facets {
        out["facets"] = json!({
            "country": counts_json(&f.country),
            "actor": counts_json(&f.actor),
            "source": counts_json(&f.source),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    #[test]
    fn marks_matches_with_colour_or_not_at_all() {
        let h = Highlighted {
            text: "بين أرمينيا وأذربيجان".into(),
            ranges: vec![Range { start: 7, end: 21 }],
        };
        assert_eq!(mark(&h, Style::Plain, ""), "بين أرمينيا وأذربيجان");
        let coloured = mark(&h, Style::Color, "");
        assert!(
            coloured.contains(&format!("{MATCH_ON}أرمينيا{OFF}")),
            "{coloured:?}"
        );
        assert_eq!(char_ranges(&h), vec![[4, 11]]);
    }
}
