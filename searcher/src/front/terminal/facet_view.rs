//! Facet tables and date histograms for people: aligned counts with proportional bars.
//!
//! ```text
//! countries                        (of 25 matching articles)
//!     12  48%  ███████████▌            AM  أرمينيا (Armenia)
//!      3  12%  ██▉                     AZ  أذربيجان (Azerbaijan)
//!
//! matches by month
//!   2022-09     4  ████████
//!   2022-10     0
//! ```
//!
//! Counts and bars come before the labels, so the columns line up whatever the script or the
//! width of the names. Bars are scaled to the largest count and drawn with eighth blocks.

use crate::engine::{FacetCount, Facets, Histogram};

use super::styled::{Line, Tone};
use super::wrap::wrap;

/// The widest bar, in columns.
const BAR: usize = 24;

/// A bar of `count / max × columns`, in eighths of a column.
pub fn bar(count: u64, max: u64, columns: usize) -> String {
    if max == 0 || count == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * columns as u128 * 8 + max as u128 / 2) / max as u128).max(1);
    let full = (eighths / 8) as usize;
    let part = (eighths % 8) as usize;
    let mut out = "█".repeat(full);
    if part > 0 {
        out.push([' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][part]);
    }
    out
}

/// The countries, actors, sources and languages tables; long names wrap under themselves at `width`
/// columns (0: no wrapping).
pub fn tables(f: &Facets, total: usize, width: usize) -> Vec<Line> {
    let mut lines = Vec::new();
    let (countries, actors) = match f.main {
        true => ("main countries", "main actors"),
        false => ("countries", "actors"),
    };
    let tables: [(&str, &[FacetCount]); 4] = [
        (countries, &f.country),
        (actors, &f.actor),
        ("sources", &f.source),
        ("languages", &f.lang),
    ];
    for (i, (name, counts)) in tables.into_iter().enumerate() {
        if i > 0 {
            lines.push(Line::new());
        }
        lines.extend(table(name, counts, total, width));
    }
    lines
}

fn table(name: &str, counts: &[FacetCount], total: usize, width: usize) -> Vec<Line> {
    let mut lines = vec![Line::of(name, Tone::Heading)];
    if counts.is_empty() {
        lines.push(Line::of("  (none)", Tone::Dim));
        return lines;
    }
    let max = counts.iter().map(|c| c.count).max().unwrap_or(0);
    let digits = max.to_string().len();
    // A full bar is every matching article: bars show the share, the same scale in every
    // table (a country in 3 of 300 articles is a sliver even when it leads its table).
    let scale = max.max(total as u64);
    let id_width = counts
        .iter()
        .map(|c| crate::front::terminal::styled::width(&c.value))
        .max()
        .unwrap_or(0);
    for c in counts {
        let mut line = Line::new();
        let share = if total > 0 {
            format!("{:>3}%", (c.count as u128 * 100 / total as u128))
        } else {
            String::new()
        };
        line.push(format!("  {:>digits$}  ", c.count), Tone::Plain)
            .push(share, Tone::Dim)
            .push("  ", Tone::Plain)
            .push(format!("{:<BAR$}", bar(c.count, scale, BAR)), Tone::Bar)
            .push("  ", Tone::Plain);
        let name = match c.label() {
            Some(l) => {
                let pad = id_width - crate::front::terminal::styled::width(&c.value);
                line.push(format!("{}{}  ", c.value, " ".repeat(pad)), Tone::Dim);
                l
            }
            None => c.value.clone(),
        };
        lines.extend(wrap(&line, &Line::of(name, Tone::Plain), width));
    }
    lines
}

/// A histogram of matches over time.
pub fn histogram(h: &Histogram) -> Vec<Line> {
    let mut lines = vec![Line::of(
        format!("matches by {}", h.unit.name()),
        Tone::Heading,
    )];
    if h.buckets.is_empty() {
        lines.push(Line::of("  (no dated articles)", Tone::Dim));
    }
    let max = h.buckets.iter().map(|(_, c)| *c).max().unwrap_or(0);
    let digits = max.max(h.undated).to_string().len();
    let undated = if h.undated > 0 { "undated".len() } else { 0 };
    let label_width = h
        .buckets
        .iter()
        .map(|(l, _)| l.len())
        .max()
        .unwrap_or(0)
        .max(undated);
    for (label, count) in &h.buckets {
        let mut line = Line::new();
        line.push(
            format!("  {label:<label_width$}  {count:>digits$}"),
            Tone::Plain,
        );
        if *count > 0 {
            line.push("  ", Tone::Plain)
                .push(bar(*count, max, BAR * 2), Tone::Bar);
        }
        lines.push(line);
    }
    if h.undated > 0 {
        lines.push(Line::of(
            format!("  {:<label_width$}  {:>digits$}", "undated", h.undated),
            Tone::Dim,
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Unit;

    #[test]
    fn bars_are_proportional_in_eighths() {
        assert_eq!(bar(10, 10, 4), "████");
        assert_eq!(bar(5, 10, 4), "██");
        assert_eq!(bar(3, 8, 4), "█▌");
        assert_eq!(bar(1, 1000, 4), "▏", "a non-zero count always shows");
        assert_eq!(bar(0, 10, 4), "");
    }

    #[test]
    fn tables_align_counts_bars_and_names() {
        let g = arshif_entities::Gazetteer::builtin();
        let f = Facets {
            main: false,
            country: vec![
                FacetCount::new("AM".into(), 12, None, g.country_by_id("AM")),
                FacetCount::new("TR".into(), 3, None, g.country_by_id("TR")),
            ],
            actor: vec![],
            source: vec![FacetCount::new("رويترز".into(), 2, None, None)],
            lang: vec![FacetCount {
                value: "en".into(),
                count: 5,
                kind: None,
                name: Some("English".into()),
                name_ar: None,
            }],
        };
        let lines: Vec<String> = tables(&f, 24, 0).iter().map(Line::text).collect();
        assert_eq!(lines[0], "countries");
        let armenia = arshif_entities::Gazetteer::builtin()
            .country_by_id("AM")
            .map(arshif_entities::gazetteer::Entry::label)
            .unwrap();
        assert_eq!(
            lines[1],
            format!(
                "  12   50%  {}{}  AM  {armenia}",
                "█".repeat(12),
                " ".repeat(12)
            )
        );
        // Bars are shares of the 24 matching articles, the same scale in every table.
        assert!(lines[2].starts_with(&format!("   3   12%  ███{}  TR  ", " ".repeat(21))));
        assert!(lines.contains(&"  (none)".to_string()));
        assert!(lines.contains(&format!("  2    8%  ██{}  رويترز", " ".repeat(22))));
        assert!(lines.contains(&"languages".to_string()));
        assert!(lines.contains(&format!("  5   20%  █████{}  en  English", " ".repeat(19))));
        // Narrow: the name wraps under itself, the columns stay.
        let narrow: Vec<String> = tables(&f, 24, 50).iter().map(Line::text).collect();
        let indent = "  12   50%  ".len() + 24 + "  AM  ".len();
        assert!(narrow[1].chars().count() <= 50 + 1, "{narrow:?}");
        assert!(narrow[2].starts_with(&" ".repeat(indent)), "{narrow:?}");
    }

    #[test]
    fn histograms_keep_empty_buckets_and_count_undated() {
        let h = Histogram {
            unit: Unit::Month,
            buckets: vec![
                ("2022-09".into(), 4),
                ("2022-10".into(), 0),
                ("2022-11".into(), 2),
            ],
            undated: 1,
        };
        let lines: Vec<String> = histogram(&h).iter().map(Line::text).collect();
        assert_eq!(
            lines,
            vec![
                "matches by month".to_string(),
                format!("  2022-09  4  {}", "█".repeat(48)),
                "  2022-10  0".to_string(),
                format!("  2022-11  2  {}", "█".repeat(24)),
                "  undated  1".to_string(),
            ]
        );
    }
}
