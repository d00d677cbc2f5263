//! Bytes to text: UTF-8, UTF-16 with a BOM, and legacy encodings that archives still hold.
//!
//! Arabic archives scraped or exported before UTF-8 won are often Windows-1256 (or ISO-8859-6).
//! Rejecting them would lose real articles, so a file that is not UTF-8 goes through `chardetng`
//! (Firefox's encoding detector) and is decoded with `encoding_rs` — but only when the result is
//! trustworthy: the detector is confident, or the text it yields is Arabic. A file that is UTF-8
//! with a few broken bytes is *not* re-read as a legacy encoding (that would turn every Arabic
//! letter into mojibake); it is reported as invalid UTF-8.

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
            Err(e) => legacy(bytes).ok_or_else(|| {
                format!(
                    "not valid UTF-8 (first invalid byte at offset {}); convert it to UTF-8",
                    e.valid_up_to()
                )
            })?,
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

/// Decodes non-UTF-8 bytes with the detected legacy encoding, if that is trustworthy.
fn legacy(bytes: &[u8]) -> Option<Decoded<'static>> {
    if mostly_utf8(bytes) {
        return None;
    }
    let mut detector = EncodingDetector::new();
    detector.feed(bytes, true);
    let (encoding, confident) = detector.guess_assess(None, false);
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    (confident || arabic_share(&text) >= 0.5).then_some((Cow::Owned(text), Some(encoding.name())))
}

/// UTF-8 with some broken sequences (a truncated download, a bad splice): more non-ASCII
/// characters decode than fail. Legacy single-byte Arabic text read as UTF-8 fails almost
/// everywhere: its letters (0xC1–0xED) are lead bytes followed by other lead bytes, rarely by
/// the continuation bytes UTF-8 needs.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let lossy = String::from_utf8_lossy(bytes);
    let bad = lossy.chars().filter(|&c| c == '\u{FFFD}').count();
    let good = lossy
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{FFFD}')
        .count();
    good > bad
}

/// The share of letters that are Arabic-script.
fn arabic_share(text: &str) -> f64 {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let arabic = text
        .chars()
        .filter(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}'))
        .count();
    if letters == 0 {
        0.0
    } else {
        arabic as f64 / letters as f64
    }
}

/// Text where more than one character in ten is a control character (other than tab and line
/// breaks) is a binary file with a text extension.
fn looks_binary(text: &str) -> bool {
    let sample = text.chars().take(4096);
    let (mut control, mut total) = (0usize, 0usize);
    for c in sample {
        total += 1;
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}') {
            control += 1;
        }
    }
    total > 0 && control * 10 > total
}

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
