//! Did you mean: a filter value nobody knows, or a query word no article has, answered with the
//! closest names and words there are.
//!
//! - **Filters** ([`check_filters`]): a `--country`, `--actor`, `--source` or `--lang` value that
//!   neither the gazetteer nor the index knows is an error ([`Unknown`]) naming the closest
//!   known values, by edit distance over normalized names (the gazetteer's Arabic and English
//!   names and aliases, the index's own facet values and sources). Before, a typo printed "no
//!   matching articles", which reads as "no coverage". A known name with no article stays a
//!   valid filter that finds nothing.
//! - **Query words** ([`words`]): for a word with no term in the index, the index's own words
//!   within a small edit distance — tantivy's term dictionary (an FST) searched with a
//!   Levenshtein automaton — most frequent first. Arabic is searched in its exact view
//!   (normalized, not stemmed), and each suggestion is given as the articles spell it (the
//!   commonest surface form of the term in a few articles that have it), so `ارمنيا` gets
//!   `أرمينيا`, not the folded `ارمينيا` or a stem.

use std::collections::HashMap;

use arshif_analysis::Lang;
use arshif_entities::gazetteer::{key, Gazetteer, Kind};
use arshif_schema::schema::{ACTOR_FACET_ROOT, COUNTRY_FACET_ROOT};
use arshif_schema::Fields;
use tantivy::collector::TopDocs;
use tantivy::query::{FuzzyTermQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::engine::request::SearchRequest;

/// At most this many suggestions for one value or word.
pub const MAX_SUGGESTIONS: usize = 3;

/// A value that names nothing: a filter value neither the gazetteer nor the index knows, or an
/// article id the index does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    /// What it was meant to name: `country`, `actor`, `source`, `language`, `article id`.
    pub what: &'static str,
    /// The value as given.
    pub value: String,
    /// The closest known values, closest first, as they would be typed.
    pub suggestions: Vec<String>,
    /// What to do when there is no suggestion.
    pub hint: String,
    /// Said whether or not there are suggestions (`the file holds 3 articles`).
    pub note: Option<String>,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "unknown {} {:?}", self.what, self.value)?;
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        match self.suggestions.as_slice() {
            [] => write!(f, "; {}", self.hint),
            [one] => write!(f, "; did you mean {one}?"),
            many => write!(f, "; did you mean one of: {}?", many.join(", ")),
        }
    }
}

impl std::error::Error for Unknown {}

/// A query word that no article has, and the index's words closest to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The word as typed.
    pub word: String,
    /// What the articles have instead, most likely first (empty when nothing is close).
    pub instead: Vec<String>,
}

/// The edit distance between two strings, in characters: insertions, deletions, substitutions,
/// and transpositions of two adjacent characters (optimal string alignment).
pub fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

/// How far a name may be from what was typed and still be suggested: one edit in a short name,
/// two in a longer one, three in a long one.
fn allowed(key: &str) -> usize {
    match key.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    }
}

/// The closest of `candidates` (each a group of names that mean one thing, and the name to
/// suggest for it) to `typed`, closest first, at most [`MAX_SUGGESTIONS`].
fn closest<'a>(
    typed: &str,
    candidates: impl Iterator<Item = (Vec<&'a str>, String)>,
) -> Vec<String> {
    let typed = key(typed);
    let limit = allowed(&typed);
    let mut found: Vec<(usize, String)> = Vec::new();
    for (names, shown) in candidates {
        // The name of the group closest to what was typed is the one suggested when it is
        // written in the same script; the group's display name otherwise.
        let best = names
            .iter()
            .filter(|n| !n.is_empty())
            .map(|n| (distance(&typed, &key(n)), *n))
            .min_by_key(|(d, _)| *d);
        if let Some((d, name)) = best {
            if d <= limit {
                let suggestion = if name.is_ascii() == typed.is_ascii() {
                    name.to_string()
                } else {
                    shown
                };
                if !found.iter().any(|(_, s)| *s == suggestion) {
                    found.push((d, suggestion));
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    // Only the closest: a name one edit away says a name two away was not meant.
    let best = found.first().map_or(0, |f| f.0);
    found.retain(|f| f.0 == best);
    found.truncate(MAX_SUGGESTIONS);
    found.into_iter().map(|(_, s)| s).collect()
}

/// Checks the request's filter values: each must be known to the gazetteer or found in the
/// index. The first that is neither is the error, with the closest known values.
pub fn check_filters(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<(), Unknown> {
    for lang in &request.langs {
        if Lang::parse(lang).is_err() {
            let candidates = Lang::ALL
                .iter()
                .map(|l| (vec![l.code(), l.name()], l.code().to_string()));
            let suggestions = closest(lang, candidates)
                .into_iter()
                .map(|s| match Lang::parse(&s) {
                    Ok(l) => format!("{} ({})", l.code(), l.name()),
                    Err(_) => s,
                })
                .collect();
            let codes: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
            return Err(Unknown {
                what: "language",
                value: lang.clone(),
                suggestions,
                hint: format!("the languages are {}", codes.join(", ")),
                note: None,
            });
        }
    }
    let facet_df = |facet: &Facet| {
        searcher
            .doc_freq(&Term::from_facet(fields.countries, facet))
            .unwrap_or(0)
    };
    for country in request.countries.iter().flatten() {
        if gazetteer.country(country).is_some()
            || facet_df(&arshif_schema::document::country_facet(
                &gazetteer.country_id(country),
            )) > 0
        {
            continue;
        }
        let in_index = facet_leaves(searcher, fields.countries, COUNTRY_FACET_ROOT);
        let known = gazetteer
            .entries()
            .iter()
            .filter(|e| e.kind == Kind::Country)
            .map(|e| (entry_names(e), e.name_en.clone()))
            .chain(in_index.iter().map(|v| (vec![v.as_str()], v.clone())));
        return Err(Unknown {
            what: "country",
            value: country.clone(),
            suggestions: closest(country, known),
            hint: "no known country has a name like it (`arshif-search '*' --facets` lists the \
                   archive's countries)"
                .into(),
            note: None,
        });
    }
    for actor in request.actors.iter().flatten() {
        if gazetteer.actor(actor).is_some() {
            continue;
        }
        let slug = arshif_entities::gazetteer::slug(actor);
        let in_index = facet_leaves(searcher, fields.actors, ACTOR_FACET_ROOT);
        if in_index.contains(&slug) {
            continue;
        }
        let known = gazetteer
            .entries()
            .iter()
            .filter(|e| matches!(e.kind, Kind::Person | Kind::Org))
            .map(|e| (entry_names(e), e.name_en.clone()))
            .chain(in_index.iter().map(|v| (vec![v.as_str()], v.clone())));
        return Err(Unknown {
            what: "actor",
            value: actor.clone(),
            suggestions: closest(actor, known),
            hint: "no known person or organisation has a name like it (`arshif-search '*' \
                   --facets` lists the archive's actors)"
                .into(),
            note: None,
        });
    }
    for source in &request.sources {
        let df = searcher
            .doc_freq(&Term::from_field_text(fields.source, source))
            .unwrap_or(0);
        if df > 0 {
            continue;
        }
        let sources = field_terms(searcher, fields.source);
        let known = sources.iter().map(|s| (vec![s.as_str()], s.clone()));
        return Err(Unknown {
            what: "source",
            value: source.clone(),
            suggestions: closest(source, known)
                .into_iter()
                .map(|s| quoted(&s))
                .collect(),
            hint: "no source of the archive has a name like it (sources are exact names: \
                   `arshif-search '*' --facets` lists them)"
                .into(),
            note: None,
        });
    }
    Ok(())
}

/// A value as it would be typed in a shell: quoted when it has a space.
fn quoted(value: &str) -> String {
    if value.contains(char::is_whitespace) {
        format!("\"{value}\"")
    } else {
        value.to_string()
    }
}

/// Every name of a gazetteer entry: id, English and Arabic names, aliases.
fn entry_names(e: &arshif_entities::gazetteer::Entry) -> Vec<&str> {
    std::iter::once(&e.id)
        .chain(e.names())
        .chain(e.lookup_only.iter())
        .map(String::as_str)
        .collect()
}

/// Every text term of `field` in the index (deleted documents' too), sorted, once each.
pub(crate) fn field_terms(searcher: &Searcher, field: Field) -> Vec<String> {
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().stream() else {
            continue;
        };
        while stream.advance() {
            if let Ok(text) = std::str::from_utf8(stream.key()) {
                out.push(text.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The leaves of the facets under `root` (`/country/AM` → `AM`; `/actor/person/x` → `x`).
fn facet_leaves(searcher: &Searcher, field: Field, root: &str) -> Vec<String> {
    let root = Facet::from(root);
    let mut out = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
                continue;
            };
            if root.is_prefix_of(&facet) {
                out.push(arshif_schema::document::facet_leaf(&facet));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How many articles are read to learn how a suggested term is written.
const SURFACE_DOCS: usize = 10;

/// The index's words closest to `word`, which has no term in the index, for each of `langs`
/// whose text is made of words (not the CJK languages' bigrams): within one edit of a short
/// word, two of a longer one; fewer edits first, then more articles; each as the articles
/// write it.
pub fn words(
    searcher: &Searcher,
    fields: &Fields,
    langs: &[Lang],
    word: &str,
) -> tantivy::Result<Vec<String>> {
    // (distance, articles, surface form)
    let mut found: Vec<(usize, u64, String)> = Vec::new();
    for lang in langs {
        if matches!(lang, Lang::Ja | Lang::Zh | Lang::Ko) {
            continue;
        }
        // Titles and bodies: a word may be in titles only.
        let (body, title) = match lang {
            Lang::Ar => (fields.body_exact, fields.title_exact),
            other => (fields.of(*other).body, fields.of(*other).title),
        };
        let mut analyzer = searcher.index().tokenizer_for_field(body)?;
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream(word);
        while stream.advance() {
            tokens.push(stream.token().text.clone());
        }
        let [typed] = tokens.as_slice() else {
            continue;
        };
        let limit = if typed.chars().count() <= 4 { 1 } else { 2 };
        // term → (articles, the field it was first found in)
        let mut frequency: HashMap<String, (u64, Field)> = HashMap::new();
        for field in [body, title] {
            let automaton =
                FuzzyTermQuery::new(Term::from_field_text(field, typed), limit as u8, true);
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted
                    .terms()
                    .search(automaton.automaton()?)
                    .into_stream()?;
                while stream.advance() {
                    if let Ok(text) = std::str::from_utf8(stream.key()) {
                        let entry = frequency.entry(text.to_string()).or_insert((0, field));
                        entry.0 += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut terms: Vec<(usize, u64, String, Field)> = frequency
            .into_iter()
            .filter(|(t, _)| t != typed)
            .map(|(t, (n, field))| (distance(typed, &t), n, t, field))
            .collect();
        terms.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        terms.truncate(MAX_SUGGESTIONS);
        for (d, n, term, field) in terms {
            let surface = surface(searcher, fields, field, &term)?.unwrap_or(term);
            found.push((d, n, surface));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    // Only the closest words, the most frequent first.
    let best = found.first().map_or(0, |f| f.0);
    found.retain(|f| f.0 == best);
    let mut out: Vec<String> = Vec::new();
    for (_, _, s) in found {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out.truncate(MAX_SUGGESTIONS);
    Ok(out)
}

/// How the articles write `term` of `field`: the commonest text of a token that analyses to it,
/// in a few articles that have it.
fn surface(
    searcher: &Searcher,
    fields: &Fields,
    field: Field,
    term: &str,
) -> tantivy::Result<Option<String>> {
    let query = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::Basic);
    let docs = searcher.search(&query, &TopDocs::with_limit(SURFACE_DOCS).order_by_score())?;
    let mut analyzer = searcher.index().tokenizer_for_field(field)?;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, address) in docs {
        let (article, _) = crate::engine::search::read_article(searcher, fields, address)?;
        for text in [&article.title, &article.body] {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                if token.text == term {
                    if let Some(written) = text.get(token.offset_from..token.offset_to) {
                        *counts.entry(written.to_string()).or_insert(0) += 1;
                    }
                }
            }
        }
    }
    Ok(counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(s, _)| s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(distance("putn", "putin"), 1);
        assert_eq!(distance("reuter", "reuters"), 1);
        assert_eq!(distance("ارمنيا", "ارمينيا"), 1);
        assert_eq!(distance("armneia", "armenia"), 1);
        assert_eq!(distance("narnia", "armenia"), 3);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn misspelt_filters_get_the_closest_names() {
        let g = Gazetteer::builtin();
        let countries = || {
            g.entries()
                .iter()
                .filter(|e| e.kind == Kind::Country)
                .map(|e| (entry_names(e), e.name_en.clone()))
        };
        assert_eq!(closest("أرمينا", countries())[0], "أرمينيا");
        assert_eq!(closest("Armenai", countries())[0], "Armenia");
        assert!(closest("Narnia", countries()).is_empty());
        let actors = g
            .entries()
            .iter()
            .filter(|e| matches!(e.kind, Kind::Person | Kind::Org))
            .map(|e| (entry_names(e), e.name_en.clone()));
        assert!(closest("Putn", actors).contains(&"Putin".to_string()));
    }
}
