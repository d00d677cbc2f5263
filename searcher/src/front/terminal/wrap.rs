//! Word-wrapping styled lines to the terminal's width.
//!
//! Widths are terminal columns ([`crate::front::terminal::styled::width`]), so Arabic diacritics count zero and
//! wide characters two. Lines break at spaces; a word longer than a whole line is cut. Wrapping
//! happens before bidirectional reordering: reordering is per visual line, as in a terminal
//! that does it itself.

use unicode_width::UnicodeWidthChar;

use crate::front::terminal::styled::{Line, Tone};

/// Wraps `content` to `width` columns. The first line starts with `prefix`, the following ones
/// with as many spaces as `prefix` is wide. `width == 0` means no wrapping.
pub fn wrap(prefix: &Line, content: &Line, width: usize) -> Vec<Line> {
    let indent = prefix.width();
    let mut start = prefix.clone();
    if width == 0 || indent + content.width() <= width {
        start.extend(content);
        return vec![start];
    }
    // At least ten columns of text per line, however narrow the terminal.
    let room = width.saturating_sub(indent).max(10);
    let mut lines = Vec::new();
    let mut line = start;
    let mut used = 0;
    let mut pending_space: Vec<(char, Tone)> = Vec::new();
    for (word, is_space) in tokens(content) {
        if is_space {
            if used > 0 {
                pending_space = word;
            }
            continue;
        }
        let w: usize = word.iter().map(|(c, _)| cwidth(*c)).sum();
        let space: usize = pending_space.iter().map(|(c, _)| cwidth(*c)).sum();
        if used > 0 && used + space + w > room {
            lines.push(std::mem::replace(
                &mut line,
                Line::of(" ".repeat(indent), Tone::Plain),
            ));
            used = 0;
            pending_space.clear();
        }
        for (c, tone) in pending_space.drain(..) {
            line.push(c.to_string(), tone);
            used += cwidth(c);
        }
        for (c, tone) in word {
            let cw = cwidth(c);
            if used > 0 && used + cw > room {
                lines.push(std::mem::replace(
                    &mut line,
                    Line::of(" ".repeat(indent), Tone::Plain),
                ));
                used = 0;
            }
            line.push(c.to_string(), tone);
            used += cw;
        }
    }
    lines.push(line);
    lines
}

fn cwidth(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Splits a line into words and runs of spaces, each a list of characters with their tones.
fn tokens(line: &Line) -> Vec<(Vec<(char, Tone)>, bool)> {
    let mut out: Vec<(Vec<(char, Tone)>, bool)> = Vec::new();
    for (c, tone) in line.chars() {
        let space = c == ' ';
        match out.last_mut() {
            Some((chars, s)) if *s == space => chars.push((c, tone)),
            _ => out.push((vec![(c, tone)], space)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn wraps_arabic_at_spaces_with_a_hanging_indent() {
        let mut content = Line::new();
        content
            .push("اندلعت اشتباكات بين ", Tone::Plain)
            .push("أرمينيا", Tone::Match)
            .push(" وأذربيجان على الحدود", Tone::Plain);
        let lines = wrap(&Line::of("     ", Tone::Plain), &content, 5 + 20);
        assert_eq!(
            texts(&lines),
            vec![
                "     اندلعت اشتباكات بين",
                "     أرمينيا وأذربيجان",
                "     على الحدود"
            ]
        );
        // The matched word keeps its tone on its new line.
        assert!(lines[1]
            .spans
            .contains(&crate::front::terminal::styled::Span {
                text: "أرمينيا".into(),
                tone: Tone::Match
            }));
        for line in &lines {
            assert!(line.width() <= 25, "{line:?}");
        }
    }

    #[test]
    fn diacritics_take_no_room_and_long_words_are_cut() {
        let content = Line::of("أَرْمِينِيَا", Tone::Plain);
        assert_eq!(wrap(&Line::new(), &content, 10).len(), 1);
        let long = Line::of("x".repeat(25), Tone::Plain);
        let lines = wrap(&Line::of("  ", Tone::Plain), &long, 12);
        assert_eq!(
            texts(&lines),
            vec!["  xxxxxxxxxx", "  xxxxxxxxxx", "  xxxxx"]
        );
        assert_eq!(wrap(&Line::new(), &long, 0).len(), 1);
    }
}
