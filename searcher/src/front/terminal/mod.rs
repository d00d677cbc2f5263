//! # The terminal front end: an [`Answer`] as text for people
//!
//! - [`article`] — one article whole (`--show`);
//! - [`styled`] — lines of text spans that carry a tone (title, match, dim…), rendered last;
//! - [`layout`] — a hit as title, metadata, snippet and place lines; the summary line;
//! - [`explanation`] — a hit's score explanation as an indented tree (`--explain`);
//! - [`facet_view`] — facet tables and histograms with bars;
//! - [`wrap`] — word-wrapping to the terminal's width;
//! - [`bidi`] — right-to-left text in visual order for terminals without bidi (`--bidi`);
//! - [`pager`] — long output through `less -R`.
//!
//! Here: putting a page together ([`Display::lines`]: the hits, score explanations, facet tables
//! and histogram as styled lines) and writing it for the terminal at hand ([`Display::render`]:
//! per line, bidi reordering and colour).

pub mod article;
pub mod bidi;
pub mod explanation;
pub mod facet_view;
pub mod layout;
pub mod pager;
pub mod styled;
pub mod wrap;

use crate::engine::Answer;
use styled::Line;

/// How output is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Display {
    /// ANSI colours.
    pub color: bool,
    /// Visual-order (reordered) right-to-left text.
    pub bidi: bool,
    /// Columns to wrap at; 0 for no wrapping.
    pub width: usize,
    /// One line per hit (`--compact`).
    pub compact: bool,
}

/// What one search shows.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The answer: its hits (with their explanations, if any), summary, facets and histogram.
    pub answer: &'a Answer,
    /// Show the facet tables (when the answer has facets).
    pub tables: bool,
}

impl Display {
    /// The styled lines of a page.
    pub fn lines(&self, page: &Page) -> Vec<Line> {
        let mut lines = Vec::new();
        let answer = page.answer;
        for s in &answer.suggestions {
            lines.extend(wrap::wrap(&Line::new(), &layout::suggestion(s), self.width));
        }
        if !answer.suggestions.is_empty() {
            lines.push(Line::new());
        }
        if let Some(notice) = layout::relaxed_notice(answer) {
            lines.extend(wrap::wrap(&Line::new(), &notice, self.width));
            lines.push(Line::new());
        }
        for h in &answer.hits {
            if self.compact {
                lines.push(layout::compact(h, self.width));
                continue;
            }
            lines.extend(layout::hit(h, self.width));
            if let Some(e) = &h.explanation {
                lines.extend(explanation::lines(e, layout::INDENT));
            }
            lines.push(Line::new());
        }
        if self.compact && !answer.hits.is_empty() {
            lines.push(Line::new());
        }
        lines.push(layout::summary(answer));
        if let (true, Some(f)) = (page.tables, &answer.facets) {
            lines.push(Line::new());
            lines.extend(facet_view::tables(f, answer.total, self.width));
        }
        if let Some(h) = &answer.histogram {
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
