//! The `--json` front end: an [`Answer`] as one JSON object, and its hit objects (also the lines
//! of `--ndjson`, [`crate::front::script`]). The layout for people is in
//! [`crate::front::terminal::layout`].

use arshif_schema::date;
use serde_json::{json, Value};

use crate::engine::{Answer, Article, FacetCount, Highlighted, Histogram, Hit, Named, Suggestion};
use crate::front::script;

/// Unicode scalar offsets of the highlighted ranges (what most languages index strings by).
fn char_ranges(h: &Highlighted) -> Vec<[usize; 2]> {
    h.ranges
        .iter()
        .filter_map(|r| {
            let start = h.text.get(..r.start)?.chars().count();
            let len = h.text.get(r.start..r.end)?.chars().count();
            Some([start, start + len])
        })
        .collect()
}

fn counts_json(counts: &[FacetCount]) -> Value {
    counts
        .iter()
        .map(|c| {
            let mut v = json!({"value": c.value, "count": c.count});
            if let Some(kind) = c.kind {
                v["kind"] = json!(kind.as_str());
            }
            if c.kind.is_some() || c.name.is_some() || c.name_ar.is_some() {
                v["name"] = json!(c.name);
                v["name_ar"] = json!(c.name_ar);
            }
            v
        })
        .collect()
}

/// One hit as a JSON object.
pub fn hit(h: &Hit) -> Value {
    let a = &h.article;
    let mut out = json!({
        "id": a.id,
        "title": a.title,
        "score": h.score,
        "date": a.date.map(date::display),
        "source": a.source,
        "url": a.url,
        "lang": a.lang,
        "countries": a.countries,
        "main_countries": a.main_countries,
        "actors": a.actors,
        "main_actors": a.main_actors,
        "country_names": names(&h.country_names),
        "actor_names": names(&h.actor_names),
        "path": a.path,
        "snippet": h.snippet.text,
        "highlights": char_ranges(&h.snippet),
    });
    if let Some(words) = &h.matched {
        out["matched"] = json!(words);
    }
    if let Some(e) = &h.explanation {
        out["explanation"] = e.clone();
    }
    out
}

/// The `--json` document, exactly one object: the answer, each hit with only `fields` (all
/// when `None`), the facets only when the tables were asked for, the histogram when there is
/// one.
pub fn document(answer: &Answer, tables: bool, fields: Option<&[String]>) -> Value {
    let mut doc = json(answer);
    if let Some(hits) = doc["hits"].as_array_mut() {
        for hit in hits.iter_mut() {
            *hit = script::select(hit.take(), fields);
        }
    }
    if let Some(h) = &answer.histogram {
        doc["histogram"] = histogram(h);
    }
    if !tables {
        if let Some(o) = doc.as_object_mut() {
            o.remove("facets");
        }
    }
    doc
}

/// A histogram: `{"unit", "buckets": [{"key", "count"}], "undated"}`.
fn histogram(h: &Histogram) -> Value {
    json!({
        "unit": h.unit.name(),
        "buckets": h.buckets.iter().map(|(key, count)| json!({"key": key, "count": count})).collect::<Vec<_>>(),
        "undated": h.undated,
    })
}

/// `--show ID --json`: the stored article, its countries and actors also with their names
/// (`"country_names": [{"id", "name", "name_ar", "main"}]`, the main ones first).
pub fn article(shown: &Article) -> Value {
    let a = &shown.article;
    json!({
        "id": a.id,
        "title": a.title,
        "body": a.body,
        "date": a.date.map(date::display),
        "source": a.source,
        "url": a.url,
        "lang": a.lang,
        "path": a.path,
        "countries": a.countries,
        "main_countries": a.main_countries,
        "actors": a.actors,
        "main_actors": a.main_actors,
        "country_names": names(&shown.countries),
        "actor_names": names(&shown.actors),
    })
}

/// The query words no article has: `[{"word", "did_you_mean": [...]}]`.
pub fn suggestions(suggestions: &[Suggestion]) -> Value {
    suggestions
        .iter()
        .map(|s| json!({"word": s.word, "did_you_mean": s.instead}))
        .collect()
}

/// Countries or actors with their names: `[{"id", "name", "name_ar", "main"}]`.
fn names(list: &[Named]) -> Vec<Value> {
    list.iter()
        .map(|n| json!({"id": n.id, "name": n.name, "name_ar": n.name_ar, "main": n.main}))
        .collect()
}

/// The answer as an object: total, relaxation, hits (every field), facets, suggestions.
pub fn json(results: &Answer) -> Value {
    let hits: Vec<Value> = results.hits.iter().map(hit).collect();
    let mut out = json!({
        "total": results.total,
        "relaxed": results.relaxed.is_some(),
        "hits": hits,
        "suggestions": suggestions(&results.suggestions),
    });
    if let Some(r) = &results.relaxed {
        out["words"] = json!(r.words);
        out["every_word"] = json!(r.every_word);
    }
    if let Some(f) = &results.facets {
        out["facets"] = json!({
            "main": f.main,
            "country": counts_json(&f.country),
            "actor": counts_json(&f.actor),
            "source": counts_json(&f.source),
            "lang": counts_json(&f.lang),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ops::Range;

    #[test]
    fn highlights_are_counted_in_characters() {
        let h = Highlighted {
            text: "بين أرمينيا وأذربيجان".into(),
            ranges: vec![Range { start: 7, end: 21 }],
        };
        assert_eq!(char_ranges(&h), vec![[4, 11]]);
    }
}
