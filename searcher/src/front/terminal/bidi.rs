//! Right-to-left text on terminals that do not lay it out themselves.
//!
//! Most terminals draw characters left to right in the order they receive them, so Arabic comes
//! out backwards. In `reorder` mode each output line is put into *visual* order with the Unicode
//! Bidirectional Algorithm (the `unicode-bidi` crate, rules up to L2) before it is written; the
//! two rules the crate leaves to its caller are done here: combining marks stay after their
//! base letter (L3) and brackets in right-to-left runs are mirrored (L4). Each character keeps
//! its [`Tone`], so highlighted words stay highlighted wherever they move.
//!
//! The layout stays in place — a line's leading indentation and rank (`  1. `) are left where
//! they are — and the text after them is laid out as a paragraph of its own direction: right to
//! left when most of its letters are right-to-left (a title, a snippet, a wrapped line of
//! either), so that an ellipsis or a closing quote at its logical end lands on its left, where
//! an Arabic reader looks for it; left to right otherwise (metadata lines of Latin names, facet
//! tables with their bars), each run of Arabic reading right to left inside it. Numbers and
//! Latin names inside Arabic stay left to right.
//!
//! Terminals that do implement bidi (VTE-based ones such as GNOME Terminal since VTE 0.58,
//! Konsole, mlterm) must receive logical order, or they would reverse the text a second time.

use unicode_bidi::{bidi_class, BidiClass, BidiInfo, Level};
use unicode_width::UnicodeWidthChar;

use crate::front::terminal::styled::{Line, Tone};

/// The `--bidi` setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BidiMode {
    /// `reorder` on a terminal that does not do bidi itself; `off` when piped ($ARSHIF_BIDI
    /// overrides).
    #[default]
    Auto,
    /// Write lines in visual order.
    Reorder,
    /// Write text in logical order, as stored.
    Off,
}

/// The environment variable that overrides `--bidi auto`: `reorder` or `off`.
pub const ENV: &str = "ARSHIF_BIDI";

impl BidiMode {
    /// Whether to reorder, given whether stdout is a terminal and a way to read the environment.
    pub fn reorders(self, tty: bool, env: impl Fn(&str) -> Option<String>) -> bool {
        match self {
            BidiMode::Reorder => true,
            BidiMode::Off => false,
            BidiMode::Auto => match env(ENV).as_deref().map(str::trim) {
                Some("reorder") => true,
                Some("off") => false,
                _ => tty && !terminal_does_bidi(&env),
            },
        }
    }
}

/// Terminals known to apply the bidi algorithm themselves.
fn terminal_does_bidi(env: &impl Fn(&str) -> Option<String>) -> bool {
    let vte = env("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .is_some_and(|v| v >= 5800);
    let konsole = env("KONSOLE_VERSION").is_some();
    let mlterm = env("MLTERM").is_some() || env("TERM").is_some_and(|t| t.starts_with("mlterm"));
    vte || konsole || mlterm
}

/// `line` in visual order (for a left-to-right terminal that does no reordering).
pub fn reorder(line: &Line) -> Line {
    if !line.text().chars().any(is_rtl_char) {
        return line.clone();
    }
    let chars: Vec<(char, Tone)> = line.chars().collect();
    // Indentation, a rank, a date: ASCII before the first letter stays where the layout put it.
    let start = chars
        .iter()
        .position(|(c, _)| !c.is_ascii() || c.is_ascii_alphabetic())
        .unwrap_or(chars.len());
    let (layout, content) = chars.split_at(start);
    let level = match mostly_rtl(content) {
        true => Level::rtl(),
        false => Level::ltr(),
    };
    let mut out = layout.to_vec();
    out.extend(visual(content, level));
    Line::from_chars(out)
}

/// Whether most strong (directional) letters of `chars` are right-to-left.
fn mostly_rtl(chars: &[(char, Tone)]) -> bool {
    let (mut rtl, mut ltr) = (0usize, 0usize);
    for (c, _) in chars {
        match bidi_class(*c) {
            BidiClass::R | BidiClass::AL => rtl += 1,
            BidiClass::L => ltr += 1,
            _ => {}
        }
    }
    rtl > ltr
}

/// `chars` in visual order, as a paragraph of direction `level`.
fn visual(chars: &[(char, Tone)], level: Level) -> Vec<(char, Tone)> {
    let text: String = chars.iter().map(|(c, _)| c).collect();
    // The tone of every byte of `text`.
    let mut tones = Vec::with_capacity(text.len());
    for (c, tone) in chars {
        tones.extend(std::iter::repeat_n(*tone, c.len_utf8()));
    }
    let info = BidiInfo::new(&text, Some(level));
    let mut out = Vec::with_capacity(text.len());
    for para in &info.paragraphs {
        let (levels, runs) = info.visual_runs(para, para.range.clone());
        for run in runs {
            let chars = text[run.clone()]
                .char_indices()
                .map(|(i, c)| (c, tones[run.start + i]));
            if levels[run.start].is_rtl() {
                let mut clusters = clusters(chars);
                clusters.reverse();
                for cluster in clusters {
                    for (i, (c, tone)) in cluster.into_iter().enumerate() {
                        out.push((if i == 0 { mirror(c) } else { c }, tone));
                    }
                }
            } else {
                out.extend(chars);
            }
        }
    }
    out
}

/// Groups characters into a base character followed by its combining marks (zero-width).
fn clusters(chars: impl Iterator<Item = (char, Tone)>) -> Vec<Vec<(char, Tone)>> {
    let mut out: Vec<Vec<(char, Tone)>> = Vec::new();
    for (c, tone) in chars {
        match out.last_mut() {
            Some(cluster) if c.width() == Some(0) => cluster.push((c, tone)),
            _ => out.push(vec![(c, tone)]),
        }
    }
    out
}

/// Characters of right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, their
/// presentation forms): lines without any are left alone, which is most English output.
fn is_rtl_char(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Bidi mirroring (rule L4) of the paired characters that occur in news text.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_runs_are_reversed_in_place_keeping_their_colours() {
        let mut line = Line::new();
        line.push("  1. ", Tone::Plain)
            .push("مقتل ", Tone::Title)
            .push("أرمينيا", Tone::Match)
            .push(" (2022)", Tone::Title);
        let visual = reorder(&line);
        assert_eq!(visual.text(), "  1. (2022) اينيمرأ لتقم");
        // The matched word, reversed, is still one highlighted span.
        assert!(visual
            .spans
            .iter()
            .any(|s| s.text == "اينيمرأ" && s.tone == Tone::Match));
        assert!(visual
            .spans
            .iter()
            .any(|s| s.text == " لتقم" && s.tone == Tone::Title));
    }

    #[test]
    fn latin_and_numbers_inside_arabic_stay_left_to_right() {
        // An Arabic line is a right-to-left paragraph: its last word, Latin or not, is at the left.
        let line = Line::of("قتل 100 جندي من AM", Tone::Plain);
        assert_eq!(reorder(&line).text(), "AM نم يدنج 100 لتق");
        let english = Line::of("Armenia (AM)", Tone::Plain);
        assert_eq!(reorder(&english), english);
    }

    #[test]
    fn wrapped_arabic_keeps_its_indent_and_puts_end_punctuation_on_the_left() {
        // A snippet's continuation line: the opening quote starts it, at the right; the
        // ellipsis ends it, at the left, where a right-to-left reader finds it; the indentation
        // stays.
        let line = Line::of("     “الاحترام الصارم …", Tone::Plain);
        assert_eq!(reorder(&line).text(), "     … مراصلا مارتحالا“");
        let opening = Line::of("     … قال الرئيس", Tone::Plain);
        assert_eq!(reorder(&opening).text(), "     سيئرلا لاق …");
        // A metadata line of Latin names stays left to right, its Arabic reversed in place.
        let meta = Line::of(
            "     2022-09-13 | Armenia · أرمينيا, Azerbaijan",
            Tone::Plain,
        );
        assert_eq!(
            reorder(&meta).text(),
            "     2022-09-13 | Armenia · اينيمرأ, Azerbaijan"
        );
    }

    #[test]
    fn diacritics_stay_on_their_letter() {
        let line = Line::of("سَلام", Tone::Plain);
        // س then its fatha, reversed as one unit: م ا ل سَ
        assert_eq!(reorder(&line).text(), "مالسَ");
    }

    #[test]
    fn auto_follows_the_environment_and_the_terminal() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(BidiMode::Auto.reorders(true, env(&[])));
        assert!(!BidiMode::Auto.reorders(false, env(&[])));
        assert!(!BidiMode::Auto.reorders(true, env(&[("VTE_VERSION", "7600")])));
        assert!(BidiMode::Auto.reorders(true, env(&[("VTE_VERSION", "5200")])));
        assert!(!BidiMode::Auto.reorders(true, env(&[("KONSOLE_VERSION", "230800")])));
        assert!(!BidiMode::Auto.reorders(true, env(&[("ARSHIF_BIDI", "off")])));
        assert!(BidiMode::Auto.reorders(false, env(&[("ARSHIF_BIDI", "reorder")])));
        assert!(BidiMode::Reorder.reorders(false, env(&[("ARSHIF_BIDI", "off")])));
        assert!(!BidiMode::Off.reorders(true, env(&[])));
    }
}
