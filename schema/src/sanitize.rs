//! Text from the corpus made safe to print.
//!
//! An archive is untrusted input: anyone who can put a file in the corpus chooses the bytes of
//! its titles, bodies, sources, URLs and even its file name, and both programs print those to the
//! terminal of the person searching, or to a log. A title holding `ESC ] 0 ; … BEL` retitles the
//! terminal, `ESC [ 2 J` clears it, OSC 8 makes a hyperlink to anywhere, U+009B is a CSI on some
//! terminals, and a right-to-left override (U+202E) reverses everything after it on the line, so
//! a file name or a score can be made to read as something else. So every piece of text that
//! reaches a terminal or a log goes through [`terminal`] first, and every JSON document through
//! [`json`]; the programs' own colour escapes are added *after* this, by the code that styles
//! the output, and are the only escapes ever written.
//!
//! The rule for terminals ([`terminal`]):
//!
//! - tab, line feed, vertical tab, form feed and carriage return become a space: they are
//!   whitespace in text, but would break a result's layout, forge a line in a log (`\n`) or
//!   overwrite its start (`\r`);
//! - every other C0 control (U+0000–U+001F), DEL (U+007F) and every C1 control
//!   (U+0080–U+009F) is made visible as `\xNN`, its code point in hex (ESC is `\x1b`), so that
//!   the reader sees that something was there;
//! - the bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
//!   removed: they are invisible formatting that only changes the order of what follows them,
//!   and legitimate Arabic text exported from word processors is full of them, where a visible
//!   form would be noise. The marks (LRM, RLM, ALM), which only attach to their neighbours, are
//!   kept.
//!
//! A backslash is not escaped, so `\x1b` in the output may also be those four characters in the
//! document: the aim is that nothing is *interpreted*, not that the original can be recovered
//! (JSON output is lossless for that).

use std::borrow::Cow;

/// Whether `c` is a bidi embedding, override or isolate control (or their terminators).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` must not reach a terminal as it is.
fn is_unsafe(c: char) -> bool {
    matches!(c, '\0'..='\x1f' | '\x7f'..='\u{9f}') || is_bidi_control(c)
}

/// `text` as it may be written to a terminal or a log line (see the module's rule). Borrows when
/// there is nothing to change, which is almost always. Idempotent.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\x0b' | '\x0c' | '\r' => out.push(' '),
            c if is_bidi_control(c) => {}
            c if is_unsafe(c) => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Like [`terminal`], for text of several lines the program composed itself: each line is made
/// safe, the line feeds between them are kept.
pub fn terminal_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(|line| terminal(line))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Serialized JSON with the characters serde_json leaves raw escaped too: DEL and the C1
/// controls (U+007F–U+009F; U+009B is a CSI to some terminals, and people do `cat` JSON), the
/// bidi controls of [`terminal`], and U+2028/U+2029 (line breaks to JavaScript). serde_json
/// already escapes the C0 controls. The escapes are JSON's own `\uXXXX`, so a parser reads back
/// exactly the original text.
///
/// Correct on any serde_json output: outside strings JSON is ASCII, so every such character is
/// inside a string, where `\uXXXX` means it.
pub fn json(serialized: String) -> String {
    let needs =
        |c: char| matches!(c, '\x7f'..='\u{9f}' | '\u{2028}' | '\u{2029}') || is_bidi_control(c);
    if !serialized.chars().any(needs) {
        return serialized;
    }
    let mut out = String::with_capacity(serialized.len() + 16);
    for c in serialized.chars() {
        if needs(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON value as one line of safe JSON (see [`json`]).
pub fn json_line(value: &serde_json::Value) -> String {
    json(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_made_visible_bidi_controls_removed_and_the_rest_kept() {
        let hostile = "\x1b]0;pwned\x07\x1b[2J t\u{9b}31m \u{202E}txt.exe\u{202C} \u{200F}\x7f";
        assert_eq!(
            terminal(hostile),
            "\\x1b]0;pwned\\x07\\x1b[2J t\\x9b31m txt.exe \u{200F}\\x7f"
        );
        assert_eq!(terminal("a\tb\r\nc"), "a b  c");
        assert!(matches!(terminal("أرمينيا — Armenia"), Cow::Borrowed(_)));
        let once = terminal(hostile).into_owned();
        assert_eq!(terminal(&once), once, "idempotent");
        assert_eq!(terminal_lines("a\x1b\nb\u{2066}"), "a\\x1b\nb");
    }

    #[test]
    fn json_escapes_c1_and_bidi_and_reads_back_the_same() {
        let text = "\u{9b}2J \u{85} \u{202E}\x7f \u{2028} \x1b أرمينيا";
        let value = serde_json::json!({"title": text});
        let line = json_line(&value);
        assert!(line.is_ascii() || !line.chars().any(|c| is_unsafe(c) || c == '\u{2028}'));
        assert!(line.contains("\\u009b") && line.contains("\\u202e") && line.contains("\\u001b"));
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back["title"], text);
    }
}
