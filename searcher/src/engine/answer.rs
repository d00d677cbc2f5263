//! What a search answers: one [`Answer`] with the hits, the total, the facet counts, the
//! histogram and how the query was relaxed. Every front end (terminal, interactive, JSON,
//! NDJSON) renders one of these and nothing else.

use std::ops::Range;

use arshif_entities::gazetteer::Entry;
use arshif_schema::{ActorKind, StoredArticle};
use tantivy::DocAddress;

use crate::engine::histogram::Histogram;

/// Everything a search returns.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    /// How many articles match (all of them, not just the page of hits).
    pub total: usize,
    /// The page of hits asked for, in rank order (empty when they were streamed instead:
    /// [`crate::engine::search_each`]).
    pub hits: Vec<Hit>,
    /// Facet counts over every match, when asked for.
    pub facets: Option<Facets>,
    /// Matches per month or year, when asked for.
    pub histogram: Option<Histogram>,
    /// Set when too few articles had every word and the search was relaxed.
    pub relaxed: Option<Relaxation>,
    /// The query words no article has, each with the index's words closest to it.
    pub suggestions: Vec<crate::engine::suggest::Suggestion>,
}

/// Text with the byte ranges that matched the query.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Highlighted {
    pub text: String,
    pub ranges: Vec<Range<usize>>,
}

impl Highlighted {
    /// `text` with nothing marked.
    pub fn plain(text: &str) -> Highlighted {
        Highlighted {
            text: text.to_string(),
            ranges: Vec::new(),
        }
    }
}

/// One ranked result.
#[derive(Clone, Debug)]
pub struct Hit {
    /// 1-based rank in the whole result list (offset included).
    pub rank: usize,
    /// BM25 score; `None` when sorted by date.
    pub score: Option<f32>,
    pub article: StoredArticle,
    pub title: Highlighted,
    pub snippet: Highlighted,
    /// `Armenia · أرمينيا` for each of `article.countries`, when the gazetteer knows it.
    pub country_labels: Vec<Option<String>>,
    /// The same for each of `article.actors`.
    pub actor_labels: Vec<Option<String>>,
    /// Its countries with their English and Arabic names, the main ones first (what `--show`
    /// gives): for `--json` and the web page, which cannot ask the gazetteer.
    pub country_names: Vec<crate::engine::Named>,
    /// The same for its actors.
    pub actor_names: Vec<crate::engine::Named>,
    /// Where the document is in the searched index (for `--explain`).
    pub address: DocAddress,
    /// In a relaxed search ([`Relaxation`]), the query words this article has.
    pub matched: Option<Vec<String>>,
    /// How its score was computed (`--explain`; [`crate::engine::explain`]), as a tree of
    /// `{"value", "description", "details"}`.
    pub explanation: Option<serde_json::Value>,
}

/// One facet value and how many matching articles have it.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
    /// Actors only: person, org or other.
    pub kind: Option<ActorKind>,
    /// English and Arabic names, when the gazetteer knows the value.
    pub name: Option<String>,
    pub name_ar: Option<String>,
}

impl FacetCount {
    pub fn new(value: String, count: u64, kind: Option<ActorKind>, entry: Option<&Entry>) -> Self {
        let nonempty = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
        FacetCount {
            value,
            count,
            kind,
            name: entry.and_then(|e| nonempty(&e.name_en)),
            name_ar: entry.and_then(|e| nonempty(&e.name_ar)),
        }
    }

    /// `Armenia · أرمينيا`, if the value is known.
    pub fn label(&self) -> Option<String> {
        match (&self.name, &self.name_ar) {
            (Some(en), Some(ar)) => Some(format!("{en} · {ar}")),
            (Some(one), None) | (None, Some(one)) => Some(one.clone()),
            (None, None) => None,
        }
    }
}

/// Facet counts over the whole matching set (not just the page shown).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    /// Counted over the countries and actors each article is about (`--facets main`), not every
    /// one it names.
    pub main: bool,
    pub country: Vec<FacetCount>,
    pub actor: Vec<FacetCount>,
    pub source: Vec<FacetCount>,
    /// Languages, by code (`ar`, `en`…), named in English.
    pub lang: Vec<FacetCount>,
}

/// How a search was relaxed ([`crate::engine::RELAX_BELOW`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Relaxation {
    /// The query words that an article may lack, as typed.
    pub words: Vec<String>,
    /// How many articles have every word.
    pub every_word: usize,
}
