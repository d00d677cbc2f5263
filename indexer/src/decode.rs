//! Bytes to text: UTF-8, UTF-16 with a BOM, and legacy encodings that archives still hold.
//!
//! Arabic archives scraped or exported before UTF-8 won are often Windows-1256 (or ISO-8859-6).
//! Rejecting them would lose real articles, so a file that is not UTF-8 goes through `chardetng`
//! (Firefox's encoding detector) and is decoded with `encoding_rs` — but a file that is UTF-8
//! with a few broken bytes must *not* be re-read as a legacy encoding: that would turn every
//! Arabic letter into mojibake, and index it. The rule, both conditions required:
//!
//! 1. the bytes are **not mostly valid UTF-8**: fewer than half of them lie in valid UTF-8
//!    sequences (ASCII included). Windows-1256 Arabic is mostly invalid as UTF-8 (its letters,
//!    0xC1–0xFE, are lead bytes followed by other lead bytes), UTF-8 with a truncated sequence
//!    or mostly-ASCII text with stray bytes is mostly valid;
//! 2. the detector is **confident** in its guess.
//!
//! Otherwise the file is skipped as invalid UTF-8, with the offset of the first bad byte. A
//! Latin-1 file of mostly English text is refused by (1) too: the message says to convert it.

use std::borrow::Cow;

use chardetng::EncodingDetector;

/// Decoded text, and the legacy encoding it was decoded from, if not UTF-8/UTF-16.
pub type Decoded<'a> = (Cow<'a, str>, Option<&'static str>);

/// Decodes a file's bytes; the error is a one-line reason for the skip.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, String> {
    let (text, legacy): Decoded = if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (Cow::Owned(utf16(rest, u16::from_le_bytes)?), None)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (Cow::Owned(utf16(rest, u16::from_be_bytes)?), None)
    } else {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.contains(&0) {
            return Err("binary file (contains NUL bytes), not text".into());
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => (Cow::Borrowed(text), None),
            Err(e) => legacy(bytes).ok_or_else(|| invalid_utf8(e.valid_up_to()))?,
        }
    };
    if text.contains('\0') {
        return Err("binary file (contains NUL characters), not text".into());
    }
    if looks_binary(&text) {
        return Err("binary file (mostly control characters), not text".into());
    }
    if text.trim().is_empty() {
        return Err("empty file".into());
    }
    Ok((text, legacy))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("UTF-16 file with an odd number of bytes (truncated?)".into());
    }
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| "invalid UTF-16 (unpaired surrogate)".to_string())
}

/// The reason for skipping bytes that are not UTF-8 (and not a trustworthy legacy encoding).
pub fn invalid_utf8(offset: usize) -> String {
    format!("not valid UTF-8 (first invalid byte at offset {offset}); convert it to UTF-8")
}

/// Decodes non-UTF-8 bytes with the detected legacy encoding, if that is trustworthy (the
/// module's rule).
fn legacy(bytes: &[u8]) -> Option<Decoded<'static>> {
    if mostly_utf8(bytes) {
        return None;
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let (encoding, confident) = detector.guess_assess(None, false);
    if !confident {
        return None;
    }
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    Some((Cow::Owned(text), Some(encoding.name())))
}

/// Whether at least half of the bytes lie in valid UTF-8 sequences (ASCII included): UTF-8
/// with a few broken sequences (a truncated download, a bad splice, stray bytes in ASCII text).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let valid: usize = bytes.utf8_chunks().map(|c| c.valid().len()).sum();
    valid * 2 >= bytes.len()
}

/// Text where more than one character in ten is a control character is a binary file with a
/// text extension. Tab, line breaks, form feed and ESC do not count (ESC starts the colour
/// codes of text captured from a terminal), and fewer than [`MIN_CONTROLS`] never make a
/// file binary: a short article with a stray control or two is still text.
fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut control, mut total) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}' | '\x1b') {
            control += 1;
        }
    }
    control >= MIN_CONTROLS && control * 10 > total
}

/// The fewest control characters that can make a text binary (see [`looks_binary`]).
const MIN_CONTROLS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1256_arabic_is_decoded_and_named() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1256.encode("مرحبا بالعالم، هذا نص عربي قديم.\nسطر ثان.");
        let (text, legacy) = decode(&bytes).unwrap();
        assert_eq!(text, "مرحبا بالعالم، هذا نص عربي قديم.\nسطر ثان.");
        assert_eq!(legacy, Some("windows-1256"));
    }

    #[test]
    fn broken_utf8_is_not_read_as_a_legacy_encoding() {
        let mut bytes = "هذا نص عربي سليم في معظمه ".repeat(5).into_bytes();
        bytes.push(0xD8); // a truncated two-byte sequence
        bytes.extend_from_slice(" ثم يكمل".as_bytes());
        let err = decode(&bytes).unwrap_err();
        assert!(
            err.starts_with("not valid UTF-8 (first invalid byte at offset"),
            "{err}"
        );
    }

    #[test]
    fn mostly_ascii_with_stray_bytes_is_not_mojibake() {
        // The detector calls this windows-1250 or -1254 with confidence; it is broken UTF-8.
        let mut bytes = b"An English wire report about the talks in Geneva. ".repeat(8);
        for at in [40, 150, 300] {
            bytes[at] = 0xE9;
        }
        let err = decode(&bytes).unwrap_err();
        assert!(err.starts_with("not valid UTF-8"), "{err}");
        // Nor Arabic UTF-8 with one byte cut, however short.
        let mut cut = "خبر".as_bytes().to_vec();
        cut.push(0xD8);
        assert!(decode(&cut).unwrap_err().starts_with("not valid UTF-8"));
    }

    #[test]
    fn a_few_escapes_do_not_make_a_text_binary() {
        let text = "Title with \x1b[1mbold\x1b[0m\nand a bell\x07 here";
        assert_eq!(decode(text.as_bytes()).unwrap().0, text);
        let title = "\x1b]0;pwned\x07\x1b[2J\nbody";
        assert!(decode(title.as_bytes()).is_ok());
    }

    #[test]
    fn utf8_utf16_and_boms() {
        assert_eq!(
            decode("نص".as_bytes()).unwrap(),
            (Cow::Borrowed("نص"), None)
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "نص".as_bytes()].concat();
        assert_eq!(decode(&with_bom).unwrap().0, "نص");
        let mut le = vec![0xFF, 0xFE];
        le.extend("نص".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert_eq!(decode(&le).unwrap().0, "نص");
    }

    #[test]
    fn binary_and_empty() {
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0")
            .unwrap_err()
            .contains("binary"));
        assert!(decode(b"\x01\x02\x03\x04\x05\x06\x07\x08ab")
            .unwrap_err()
            .contains("binary"));
        assert_eq!(decode(b" \n ").unwrap_err(), "empty file");
    }
}
