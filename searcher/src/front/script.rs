//! The front end for scripts besides `--json`: `--ndjson` (one hit per line, streamed),
//! `--fields` (which keys each hit object has) and `--count` (the total alone).

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
}
