//! Dates as articles and command lines write them.
//!
//! Archives mix full timestamps (`2023-09-19T14:30:00Z`) with bare days (`2023-09-19`), and file
//! names often carry the day (`2023-05-14-lebanon-elections.txt`). All of them are kept as UTC
//! instants so that `--from`/`--to` and date sorting compare like with like.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time};

use crate::{Error, Result};

/// The first and last years a date may have. The index stores instants as nanoseconds since
/// 1970 in 64 bits, which reach from 1677 to 2262 only: `9999-12-31` was silently stored as
/// 2262-04-11 and `-0001-01-01` as 1677. Dates are refused outside these years instead (an
/// article is then indexed without a date, with a warning). They cover any news archive and
/// keep a margin inside the representable range, so that `--to`'s extra day cannot overflow.
pub const FIRST_YEAR: i32 = 1700;
/// See [`FIRST_YEAR`].
pub const LAST_YEAR: i32 = 2199;

/// Parses `YYYY-MM-DD`, RFC 3339, or `YYYY-MM-DDTHH:MM:SS` (taken as UTC), in the years
/// [`FIRST_YEAR`]–[`LAST_YEAR`].
pub fn parse(text: &str) -> Result<OffsetDateTime> {
    let text = text.trim();
    let dt = parse_any(text)?;
    if (FIRST_YEAR..=LAST_YEAR).contains(&dt.to_offset(time::UtcOffset::UTC).year()) {
        Ok(dt)
    } else {
        Err(Error::DateOutOfRange(text.to_string()))
    }
}

/// Parses a date of any year.
fn parse_any(text: &str) -> Result<OffsetDateTime> {
    if let Ok(dt) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(dt);
    }
    if let Ok(day) = Date::parse(text, format_description!("[year]-[month]-[day]")) {
        return Ok(day.with_time(Time::MIDNIGHT).assume_utc());
    }
    let local = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    if let Ok(dt) = PrimitiveDateTime::parse(text, local) {
        return Ok(dt.assume_utc());
    }
    let spaced = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    if let Ok(dt) = PrimitiveDateTime::parse(text, spaced) {
        return Ok(dt.assume_utc());
    }
    Err(Error::Date(text.to_string()))
}

/// Finds the first valid `YYYY-MM-DD` inside a file name (`2023-05-14-beirut.txt`).
pub fn from_file_name(name: &str) -> Option<OffsetDateTime> {
    let bytes = name.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|start| {
        let window = bytes.get(start..start + 10)?;
        let shaped = window.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        let before_ok = start == 0 || !bytes[start - 1].is_ascii_digit();
        let after_ok = bytes.get(start + 10).is_none_or(|b| !b.is_ascii_digit());
        if !(shaped && before_ok && after_ok) {
            return None;
        }
        std::str::from_utf8(window).ok().and_then(|s| parse(s).ok())
    })
}

/// Formats an instant for people: the day alone at midnight UTC, else the full RFC 3339 form.
pub fn display(dt: OffsetDateTime) -> String {
    if dt.time() == Time::MIDNIGHT {
        let day = format_description!("[year]-[month]-[day]");
        dt.format(day).unwrap_or_default()
    } else {
        dt.format(&Rfc3339).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_days_and_timestamps() {
        assert_eq!(parse("2022-09-13").unwrap().unix_timestamp(), 1_663_027_200);
        assert_eq!(
            parse("2022-09-13T02:00:00+02:00").unwrap().unix_timestamp(),
            1_663_027_200
        );
        assert_eq!(
            parse("2022-09-13T00:00:00").unwrap().unix_timestamp(),
            1_663_027_200
        );
        assert!(parse("13/09/2022").is_err());
        assert!(parse("2022-02-30").is_err());
    }

    #[test]
    fn dates_outside_the_storable_years_are_refused() {
        for text in [
            "9999-12-31T23:59:59Z",
            "2263-01-01",
            "1600-01-01",
            "2200-01-01",
        ] {
            let err = parse(text).unwrap_err().to_string();
            assert!(
                err.contains("out of range") && err.contains("1700 to 2199"),
                "{err}"
            );
        }
        assert!(parse("-0001-01-01").is_err());
        assert!(parse("1700-01-01").is_ok() && parse("2199-12-31T23:59:59Z").is_ok());
        assert!(from_file_name("9999-01-01-future.txt").is_none());
    }

    #[test]
    fn finds_dates_in_file_names() {
        let d = from_file_name("2023-05-14-lebanon-elections.txt").unwrap();
        assert_eq!(display(d), "2023-05-14");
        assert!(from_file_name("beirut-2023-05-14.md").is_some());
        assert!(from_file_name("report-12023-05-14.txt").is_none());
        assert!(from_file_name("2023-13-01.txt").is_none());
        assert!(from_file_name("notes.txt").is_none());
        assert!(from_file_name("٢٠٢٣.txt").is_none());
    }

    #[test]
    fn displays_days_without_time() {
        assert_eq!(display(parse("2020-01-02").unwrap()), "2020-01-02");
        assert_eq!(
            display(parse("2020-01-02T10:11:12Z").unwrap()),
            "2020-01-02T10:11:12Z"
        );
    }
}
