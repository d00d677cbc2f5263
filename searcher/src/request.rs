//! What the user asked for.

use time::OffsetDateTime;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Sort {
    /// Best BM25 score first.
    #[default]
    Relevance,
    /// Newest first (articles without a date last).
    Date,
}

/// A search, independent of the command line.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    /// tantivy query syntax: words, `"phrases"`, `AND`/`OR`/`-excluded`, `title:…`; `*` for all.
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    /// Country filters: each inner list is "any of these"; all lists must match.
    pub countries: Vec<Vec<String>>,
    /// Actor filters, same shape as `countries`.
    pub actors: Vec<Vec<String>>,
    /// Any of these sources (exact match).
    pub sources: Vec<String>,
    /// Any of these languages (exact match, e.g. `ar`).
    pub langs: Vec<String>,
    /// Inclusive lower bound on the date.
    pub from: Option<OffsetDateTime>,
    /// Exclusive upper bound on the date.
    pub to: Option<OffsetDateTime>,
    pub sort: Sort,
    /// Compute facet counts, and how many values to keep per facet.
    pub facets: Option<usize>,
    /// Maximum length of a snippet, in characters.
    pub snippet_chars: usize,
    /// Never relax the query: answer only with articles that have every word, even when there
    /// are none (see `search::RELAX_BELOW`).
    pub strict: bool,
    /// Widen the query with the words its best hits share (pseudo-relevance feedback, see
    /// `feedback`); relaxed answers always are.
    pub expand: bool,
}

/// Splits repeated, comma-separated flag values: `["AM,AZ", "RU"]` → `[["AM","AZ"], ["RU"]]`.
pub fn groups(values: &[String]) -> Vec<Vec<String>> {
    values
        .iter()
        .map(|v| {
            v.split([',', '،'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_split_on_latin_and_arabic_commas() {
        let g = groups(&["AM, AZ".into(), "روسيا،تركيا".into(), " ".into()]);
        assert_eq!(g, vec![vec!["AM", "AZ"], vec!["روسيا", "تركيا"]]);
    }
}
