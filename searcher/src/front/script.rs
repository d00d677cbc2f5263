//! The front end for scripts besides `--json`: `--ndjson` (one hit per line, streamed),
//! `--csv` (a row per hit, streamed, for spreadsheets), `--fields` (which keys each hit object
//! has, which columns a row has) and `--count` (the total alone).

use std::io::{self, Write};
use std::path::Path;

use arshif_entities::Gazetteer;
use serde_json::{Map, Value};

use crate::engine::{self, Explainer, Hit, SearchRequest};
use crate::front::json;

/// The keys of a hit object, in the order they are written.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "score",
    "date",
    "source",
    "url",
    "lang",
    "countries",
    "actors",
    "path",
    "snippet",
    "highlights",
    "matched",
    "explanation",
];

/// The columns of `--csv` when `--fields` does not choose: what a spreadsheet of hits wants,
/// without the JSON-shaped ones (highlights, explanation).
pub const CSV_FIELDS: &[&str] = &[
    "id",
    "title",
    "date",
    "source",
    "url",
    "lang",
    "countries",
    "actors",
    "path",
    "snippet",
];

/// Parses `--fields id,title,date`: known names only, no duplicates.
pub fn parse_fields(spec: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = Vec::new();
    for name in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        if !FIELDS.contains(&name) {
            return Err(format!(
                "unknown field {name:?}; the fields are {}",
                FIELDS.join(",")
            ));
        }
        if !out.iter().any(|f| f == name) {
            out.push(name.to_string());
        }
    }
    if out.is_empty() {
        return Err(format!(
            "no fields given; the fields are {}",
            FIELDS.join(",")
        ));
    }
    Ok(out)
}

/// Keeps only `fields` of a hit object (all of them when `None`). A field the hit lacks (an
/// `explanation` without `--explain`) is `null`. Keys are written in the same (alphabetical)
/// order as in the full object.
pub fn select(hit: Value, fields: Option<&[String]>) -> Value {
    let (Some(fields), Value::Object(mut all)) = (fields, hit.clone()) else {
        return hit;
    };
    let mut out = Map::new();
    for f in fields {
        out.insert(f.clone(), all.remove(f).unwrap_or(Value::Null));
    }
    Value::Object(out)
}

/// Writes one hit as an NDJSON line and flushes it, so that a reader (`jq`, `head`) gets each
/// hit as soon as it is found. Returns `Ok(false)` when the reader has gone away (a closed pipe
/// is how `| head` says "enough"), so the search can stop.
pub fn ndjson_line(out: &mut impl Write, hit: &Hit, fields: Option<&[String]>) -> io::Result<bool> {
    let object = json::hit(hit);
    // C1 and bidi controls escaped too, not only what serde_json escapes.
    let line = arshif_schema::sanitize::json(serde_json::to_string(&select(object, fields))?);
    match writeln!(out, "{line}").and_then(|_| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(e),
        Ok(()) => Ok(true),
    }
}

/// The index opened once for a streaming export (with retries, before the first line is
/// written, so that a retry never writes a hit twice), and the score explainer when asked.
fn open_streaming(
    index: &Path,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    explain: bool,
) -> anyhow::Result<(arshif_schema::Opened, Option<Explainer>)> {
    let opened = engine::with_index(index, |o| {
        Ok(arshif_schema::Opened::new(
            o.index.clone(),
            o.fields,
            o.path.clone(),
        ))
    })?;
    let explainer = explain
        .then(|| Explainer::new(&opened, request, gazetteer))
        .transpose()?;
    Ok((opened, explainer))
}

/// `--ndjson`: each hit written as soon as it is read (with its score explanation when
/// `explain`). The index is opened (with retries) before the first line, so a retry never writes
/// a hit twice. Returns whether anything matched.
pub fn ndjson(
    index: &Path,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    explain: bool,
    fields: Option<&[String]>,
) -> anyhow::Result<bool> {
    let (opened, explainer) = open_streaming(index, request, gazetteer, explain)?;
    let mut stdout = std::io::stdout().lock();
    let mut failure = None;
    let answer = engine::search_each(&opened, request, gazetteer, |mut hit| {
        hit.explanation = match explainer.as_ref().map(|e| e.explain(&hit)).transpose() {
            Ok(e) => e,
            Err(e) => {
                failure = Some(anyhow::Error::from(e));
                return false;
            }
        };
        match ndjson_line(&mut stdout, &hit, fields) {
            Ok(go_on) => go_on,
            Err(e) => {
                failure = Some(e.into());
                false
            }
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(answer.total > 0),
    }
}

/// A value of a hit object as a CSV cell: text as it is, numbers as JSON writes them, lists of
/// text joined with `; `, anything else as JSON, nothing (`null`) as an empty cell. Controls
/// are made visible as on a terminal (line breaks kept: CSV quotes them), and a cell a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a `'` first, as OWASP
/// advises against CSV injection.
pub fn cell(value: &Value) -> String {
    let text = match value {
        Value::Null => return String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => return n.to_string(),
        Value::Bool(b) => return b.to_string(),
        Value::Array(items) if items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    };
    let text = arshif_schema::sanitize::terminal_lines(&text).into_owned();
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

/// `--csv`: a header row of `fields` (or [`CSV_FIELDS`]), then a row per hit, each written as
/// soon as it is read; with `bom`, a UTF-8 byte order mark first. Returns whether anything
/// matched; a reader that goes away ends it quietly, as with `--ndjson`.
pub fn csv(
    index: &Path,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    explain: bool,
    fields: Option<&[String]>,
    bom: bool,
) -> anyhow::Result<bool> {
    let columns: Vec<String> = match fields {
        Some(f) => f.to_vec(),
        None => CSV_FIELDS.iter().map(|f| f.to_string()).collect(),
    };
    let (opened, explainer) = open_streaming(index, request, gazetteer, explain)?;
    let mut stdout = std::io::stdout().lock();
    if bom {
        match stdout.write_all("\u{feff}".as_bytes()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(true),
            other => other?,
        }
    }
    let mut out = csv::Writer::from_writer(stdout);
    let gone = |e: &csv::Error| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe);
    match out
        .write_record(&columns)
        .and_then(|_| out.flush().map_err(csv::Error::from))
    {
        Err(e) if gone(&e) => return Ok(true),
        other => other?,
    }
    let mut failure = None;
    let answer = engine::search_each(&opened, request, gazetteer, |mut hit| {
        hit.explanation = match explainer.as_ref().map(|e| e.explain(&hit)).transpose() {
            Ok(e) => e,
            Err(e) => {
                failure = Some(anyhow::Error::from(e));
                return false;
            }
        };
        let object = select(json::hit(&hit), Some(&columns));
        let row: Vec<String> = columns.iter().map(|c| cell(&object[c.as_str()])).collect();
        match out
            .write_record(&row)
            .and_then(|_| out.flush().map_err(csv::Error::from))
        {
            Ok(()) => true,
            Err(e) if gone(&e) => false,
            Err(e) => {
                failure = Some(e.into());
                false
            }
        }
    })?;
    match failure {
        Some(e) => Err(e),
        None => Ok(answer.total > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_checked_and_only_those_kept() {
        assert_eq!(
            parse_fields("title, id,title").unwrap(),
            vec!["title", "id"]
        );
        assert!(parse_fields("id,body").unwrap_err().contains("\"body\""));
        assert!(parse_fields(",").is_err());
        let hit = json!({"id": "a", "title": "أرمينيا", "score": 1.0});
        let fields = parse_fields("title,id").unwrap();
        let picked = select(hit, Some(&fields));
        assert_eq!(picked, json!({"id": "a", "title": "أرمينيا"}));
    }

    #[test]
    fn cells_are_text_lists_and_safe_from_formulas() {
        assert_eq!(cell(&json!(null)), "");
        assert_eq!(cell(&json!(1.5)), "1.5");
        assert_eq!(cell(&json!(["AM", "AZ"])), "AM; AZ");
        assert_eq!(cell(&json!([[0, 3]])), "[[0,3]]");
        assert_eq!(cell(&json!("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
        assert_eq!(cell(&json!("سطر\nآخر, \"مقتبس\"")), "سطر\nآخر, \"مقتبس\"");
        assert_eq!(cell(&json!("a\u{1b}[2Jb")), "a\\x1b[2Jb");
    }
}
