//! Putting a page of human output together and writing it for the terminal at hand: the hits,
//! score explanations, facet tables and histogram as styled lines, then (per line) bidi
//! reordering and colour.

use serde_json::Value;

use crate::histogram::Histogram;
use crate::search::SearchResults;
use crate::styled::Line;
use crate::{bidi, explain, facet_view, layout};

/// How output is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Display {
    /// ANSI colours.
    pub color: bool,
    /// Visual-order (reordered) right-to-left text.
    pub bidi: bool,
    /// Columns to wrap at; 0 for no wrapping.
    pub width: usize,
}

/// What one search shows.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    pub results: &'a SearchResults,
    /// Show the facet tables (when the results have facets).
    pub tables: bool,
    pub histogram: Option<&'a Histogram>,
    /// One explanation per hit.
    pub explanations: Option<&'a [Value]>,
}

impl Display {
    /// The styled lines of a page.
    pub fn lines(&self, page: &Page) -> Vec<Line> {
        let mut lines = Vec::new();
        if let Some(notice) = layout::relaxed_notice(page.results) {
            lines.extend(crate::wrap::wrap(&Line::new(), &notice, self.width));
            lines.push(Line::new());
        }
        for (i, h) in page.results.hits.iter().enumerate() {
            lines.extend(layout::hit(h, self.width));
            if let Some(e) = page.explanations.and_then(|e| e.get(i)) {
                lines.extend(explain::lines(e, layout::INDENT));
            }
            lines.push(Line::new());
        }
        lines.push(layout::summary(page.results));
        if let (true, Some(f)) = (page.tables, &page.results.facets) {
            lines.push(Line::new());
            lines.extend(facet_view::tables(f, page.results.total, self.width));
        }
        if let Some(h) = page.histogram {
            lines.push(Line::new());
            lines.extend(facet_view::histogram(h));
        }
        lines
    }

    /// Lines as text for the terminal.
    pub fn render(&self, lines: &[Line]) -> String {
        let mut out = String::new();
        for line in lines {
            let line = if self.bidi {
                bidi::reorder(line)
            } else {
                line.clone()
            };
            out.push_str(&line.render(self.color));
            out.push('\n');
        }
        out
    }

    /// A page as text for the terminal.
    pub fn page(&self, page: &Page) -> String {
        self.render(&self.lines(page))
    }
}
