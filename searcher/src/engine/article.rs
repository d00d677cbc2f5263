//! One article by its id (`--show ID`, `--like ID`, `:show N`): the id results print
//! (`wire-2019-2020.ndjson#2`, `armenia-azerbaijan-clashes.txt`), or the path of a file that
//! holds one article.

use std::path::Path;

use arshif_entities::gazetteer::Entry;
use arshif_entities::Gazetteer;
use arshif_schema::{Fields, Opened, StoredArticle};
use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, Searcher, Term};

use crate::engine::search::{read_article, SearchError};
use crate::engine::suggest::{self, Unknown};

/// A whole article as stored, with the names of its countries and actors.
#[derive(Clone, Debug)]
pub struct Article {
    pub article: StoredArticle,
    /// Its countries, the main ones (what it is about) first, each in prominence order.
    pub countries: Vec<Named>,
    /// Its actors, the same way.
    pub actors: Vec<Named>,
}

/// A country or actor of an article, with its names when the gazetteer knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub id: String,
    pub name: Option<String>,
    pub name_ar: Option<String>,
    /// One of the ones the article is about, not only named in passing.
    pub main: bool,
}

impl Named {
    /// `Armenia · أرمينيا`, or the id when the gazetteer does not know it.
    pub fn label(&self) -> String {
        match (&self.name, &self.name_ar) {
            (Some(en), Some(ar)) => format!("{en} · {ar}"),
            (Some(one), None) | (None, Some(one)) => one.clone(),
            (None, None) => self.id.clone(),
        }
    }
}

/// `ids` (most prominent first) with the main ones first, named by `entry`.
pub(crate) fn named<'g>(
    ids: &[String],
    main: &[String],
    entry: impl Fn(&str) -> Option<&'g Entry>,
) -> Vec<Named> {
    let nonempty = |s: &String| Some(s.clone()).filter(|s| !s.is_empty());
    let mut out: Vec<Named> = ids
        .iter()
        .map(|id| {
            let e = entry(id);
            Named {
                id: id.clone(),
                name: e.and_then(|e| nonempty(&e.name_en)),
                name_ar: e.and_then(|e| nonempty(&e.name_ar)),
                main: main.contains(id),
            }
        })
        .collect();
    // Stable: the order of prominence is kept within each part.
    out.sort_by_key(|n| !n.main);
    out
}

/// The article `id` of the index `opened` holds, with its names from `gazetteer`.
pub fn show(opened: &Opened, id: &str, gazetteer: &Gazetteer) -> Result<Article, SearchError> {
    let searcher = opened.latest_searcher()?;
    let (_, article) = find(&searcher, &opened.fields, id)?;
    let countries = named(&article.countries, &article.main_countries, |c| {
        gazetteer.country_by_id(c)
    });
    let actors = named(&article.actors, &article.main_actors, |a| {
        gazetteer.actor_by_id(a)
    });
    Ok(Article {
        article,
        countries,
        actors,
    })
}

/// The address and stored fields of the article `id`: its id as results print it, or the path
/// of a file that holds only it. Unknown: an [`Unknown`] error with the closest ids.
pub fn find(
    searcher: &Searcher,
    fields: &Fields,
    id: &str,
) -> Result<(DocAddress, StoredArticle), SearchError> {
    let id = id.trim();
    let by = |field, value: &str| -> tantivy::Result<Vec<DocAddress>> {
        let query = TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(100).order_by_score())?;
        Ok(top.into_iter().map(|(_, a)| a).collect())
    };
    let mut found = by(fields.id, id)?;
    if found.is_empty() {
        // A file's path, as given or made absolute (the index stores absolute paths).
        found = by(fields.file, id)?;
        if found.is_empty() {
            if let Ok(absolute) = Path::new(id).canonicalize() {
                found = by(fields.file, &absolute.to_string_lossy())?;
            }
        }
        if found.len() > 1 {
            let mut ids = Vec::new();
            for address in &found {
                ids.push(read_article(searcher, fields, *address)?.0.id);
            }
            ids.sort();
            ids.truncate(10);
            let mut error = unknown(id, ids, String::new());
            if let SearchError::Query(crate::engine::QueryError::Unknown(u)) = &mut error {
                u.note = Some(format!(
                    "it is a file of {} articles: give one's id",
                    found.len()
                ));
            }
            return Err(error);
        }
    }
    match found.first() {
        Some(address) => Ok((*address, read_article(searcher, fields, *address)?.0)),
        None => Err(unknown(
            id,
            closest_ids(searcher, fields, id),
            "ids are as results print them (the first word of a hit's last line, or \"id\" in \
             --json), e.g. wire.ndjson#2 or reports/a.txt"
                .into(),
        )),
    }
}

fn unknown(id: &str, suggestions: Vec<String>, hint: String) -> SearchError {
    SearchError::Query(
        Unknown {
            what: "article id",
            value: id.to_string(),
            suggestions,
            hint,
            note: None,
        }
        .into(),
    )
}

/// The ids closest to `id`: those that end with it (a path given from further up), else within
/// a few edits.
fn closest_ids(searcher: &Searcher, fields: &Fields, id: &str) -> Vec<String> {
    let ids = suggest::field_terms(searcher, fields.id);
    let mut ending: Vec<String> = ids
        .iter()
        .filter(|known| !id.is_empty() && (id.ends_with(known.as_str()) || known.ends_with(id)))
        .cloned()
        .collect();
    // Edit distances to every id cost a second at a million articles: only in smaller archives.
    if ending.is_empty() && ids.len() <= 200_000 {
        let limit = (id.chars().count() / 4).max(3);
        let mut near: Vec<(usize, &String)> = ids
            .iter()
            .map(|known| (suggest::distance(id, known), known))
            .filter(|(d, _)| *d <= limit)
            .collect();
        near.sort();
        ending = near.into_iter().map(|(_, k)| k.clone()).collect();
    }
    ending.truncate(suggest::MAX_SUGGESTIONS);
    ending
}
