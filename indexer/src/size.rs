//! Byte sizes as people write them on command lines.

/// Parses `256M`, `1G`, `512MB`, `64MiB`, `1000000` into bytes (binary multiples: M = 2^20).
pub fn parse(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits_end);
    let number: u64 = number.parse().map_err(|_| {
        format!("invalid size {text:?}: use a number with an optional unit, like 256M or 1G")
    })?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        other => {
            return Err(format!(
                "invalid size unit {other:?} in {text:?}: use K, M or G"
            ))
        }
    };
    number
        .checked_mul(1u64 << shift)
        .ok_or_else(|| format!("size {text:?} is too large"))
}

/// Formats bytes for people: `1.4 MB`.
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse("256M"), Ok(256 << 20));
        assert_eq!(parse("1G"), Ok(1 << 30));
        assert_eq!(parse("64MiB"), Ok(64 << 20));
        assert_eq!(parse("512 mb"), Ok(512 << 20));
        assert_eq!(parse("1000"), Ok(1000));
        assert!(parse("lots").is_err());
        assert!(parse("12T").is_err());
        assert!(parse("99999999999999G").is_err());
    }

    #[test]
    fn formats_for_people() {
        assert_eq!(human(512), "512 B");
        assert_eq!(human(1536), "1.5 KB");
        assert_eq!(human(3 << 20), "3.0 MB");
    }
}
