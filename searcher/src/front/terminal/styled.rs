//! Styled text: lines made of spans that each carry a *tone* (plain, title, match, …).
//!
//! Human output is built as [`Line`]s rather than as strings with escape codes, so that wrapping
//! and bidirectional reordering can move characters around and keep each one's colour; escape
//! codes are written only at the very end, by [`Line::render`].
//!
//! Text enters a line only through [`Line::push`], which passes it through
//! [`arshif_schema::sanitize::terminal`]: a document cannot smuggle an escape sequence or a bidi
//! override into the output, and widths are measured on the text as it will be shown. The
//! colour escapes [`Line::render`] adds are the only ones written.

use std::borrow::Cow;

use arshif_schema::sanitize;
use unicode_width::UnicodeWidthChar;

/// What a piece of text is, which decides its colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Plain,
    /// A title (bold).
    Title,
    /// A matched word (bold yellow).
    Match,
    /// Secondary information: metadata, URLs, scores (dim).
    Dim,
    /// A bar of a facet table or histogram (cyan).
    Bar,
    /// A heading of a facet table or histogram (bold).
    Heading,
}

impl Tone {
    fn sgr(self) -> &'static str {
        match self {
            Tone::Plain => "",
            Tone::Title | Tone::Heading => "\x1b[1m",
            Tone::Match => "\x1b[1;33m",
            Tone::Dim => "\x1b[2m",
            Tone::Bar => "\x1b[36m",
        }
    }
}

const RESET: &str = "\x1b[0m";

/// A run of text in one tone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub tone: Tone,
}

/// One line of output, without its newline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Line {
    pub spans: Vec<Span>,
}

impl Line {
    pub fn new() -> Line {
        Line::default()
    }

    /// A line of one span.
    pub fn of(text: impl Into<String>, tone: Tone) -> Line {
        let mut line = Line::new();
        line.push(text, tone);
        line
    }

    /// Appends text, made safe for a terminal, merging it into the last span when the tone is
    /// the same.
    pub fn push(&mut self, text: impl Into<String>, tone: Tone) -> &mut Line {
        let mut text = text.into();
        if let Cow::Owned(safe) = sanitize::terminal(&text) {
            text = safe;
        }
        if text.is_empty() {
            return self;
        }
        match self.spans.last_mut() {
            Some(last) if last.tone == tone => last.text.push_str(&text),
            _ => self.spans.push(Span { text, tone }),
        }
        self
    }

    /// Appends every span of `other`.
    pub fn extend(&mut self, other: &Line) -> &mut Line {
        for s in &other.spans {
            self.push(s.text.clone(), s.tone);
        }
        self
    }

    /// The text without any styling.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Columns the line takes on a terminal (East Asian wide characters count two, combining
    /// marks such as Arabic diacritics zero).
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| width(&s.text)).sum()
    }

    /// The characters with their tones, in order.
    pub fn chars(&self) -> impl Iterator<Item = (char, Tone)> + '_ {
        self.spans
            .iter()
            .flat_map(|s| s.text.chars().map(move |c| (c, s.tone)))
    }

    /// Builds a line from characters and tones.
    pub fn from_chars(chars: impl IntoIterator<Item = (char, Tone)>) -> Line {
        let mut line = Line::new();
        let mut buf = [0u8; 4];
        for (c, tone) in chars {
            line.push(&*c.encode_utf8(&mut buf), tone);
        }
        line
    }

    /// The line as terminal text: with SGR escape codes when `color`, plain otherwise. The text
    /// is made safe again here (a no-op for text that came through [`Line::push`]) because
    /// spans are public and could be built directly.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for s in &self.spans {
            let sgr = s.tone.sgr();
            let text = sanitize::terminal(&s.text);
            if color && !sgr.is_empty() {
                out.push_str(sgr);
                out.push_str(&text);
                out.push_str(RESET);
            } else {
                out.push_str(&text);
            }
        }
        out
    }
}

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_spans_and_renders_with_or_without_colour() {
        let mut line = Line::new();
        line.push("بين ", Tone::Plain)
            .push("أرمينيا", Tone::Match)
            .push("", Tone::Title)
            .push(" و", Tone::Plain)
            .push("أذربيجان", Tone::Plain);
        assert_eq!(line.spans.len(), 3);
        assert_eq!(line.render(false), "بين أرمينيا وأذربيجان");
        assert_eq!(line.render(true), "بين \x1b[1;33mأرمينيا\x1b[0m وأذربيجان");
        // Diacritics take no column.
        assert_eq!(width("أَرْمِينِيَا"), 7);
        assert_eq!(Line::from_chars(line.chars()), line);
    }

    #[test]
    fn document_text_cannot_carry_escapes_but_colours_are_still_written() {
        let mut line = Line::new();
        line.push("\x1b]0;pwned\x07\u{9b}2J\u{202E}", Tone::Title);
        assert_eq!(line.text(), "\\x1b]0;pwned\\x07\\x9b2J");
        assert_eq!(line.width(), line.text().len());
        let rendered = line.render(true);
        assert_eq!(
            rendered.matches('\x1b').count(),
            2,
            "only the colour and its reset"
        );
        let direct = Line {
            spans: vec![Span {
                text: "\x1b[2J".into(),
                tone: Tone::Plain,
            }],
        };
        assert_eq!(direct.render(false), "\\x1b[2J");
    }
}
