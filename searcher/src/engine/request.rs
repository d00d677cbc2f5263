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
    /// Count only the countries and actors each article is about, not every one it names
    /// (`--facets main`).
    pub main_facets: bool,
    /// Maximum length of a snippet, in characters.
    pub snippet_chars: usize,
    /// Never relax the query: answer only with articles that have every word, even when there
    /// are none (see `search::RELAX_BELOW`).
    pub strict: bool,
    /// Widen the query with the words its best hits share (pseudo-relevance feedback, see
    /// `feedback`); relaxed answers always are.
    pub expand: bool,
    /// Only the articles of these source files (the `file` each hit reports): what one indexing
    /// round added, for saved searches (`watch`).
    pub within_files: Option<Vec<String>>,
    /// More like this: instead of `query`, the articles that share the most distinctive words
    /// of the article with this id (`--like`; see `like`), without it.
    pub like: Option<String>,
}

/// How deep a page may reach: `offset + limit` at most this. tantivy keeps (and allocates up
/// front) a heap of that many hits, so without a bound `-n 4294967296` aborted the process on a
/// failed allocation and `-n 18446744073709551615` overflowed. Ten million hits take a few
/// hundred megabytes at most, and are more than a page of results or an `--ndjson` export of a
/// large archive needs.
pub const MAX_DEPTH: usize = 10_000_000;

/// A page beyond [`MAX_DEPTH`].
#[derive(Debug, thiserror::Error)]
#[error("--limit {limit} with --offset {offset} reaches beyond hit {max}: results are shown at most {max} deep (use --count for the number of matches)", max = MAX_DEPTH)]
pub struct TooDeep {
    pub limit: usize,
    pub offset: usize,
}

impl SearchRequest {
    /// Checks the page against [`MAX_DEPTH`].
    pub fn check_depth(&self) -> Result<(), TooDeep> {
        match self.limit.checked_add(self.offset) {
            Some(depth) if depth <= MAX_DEPTH => Ok(()),
            _ => Err(TooDeep {
                limit: self.limit,
                offset: self.offset,
            }),
        }
    }
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

    #[test]
    fn pages_are_bounded_without_overflow() {
        let page = |limit, offset| SearchRequest {
            limit,
            offset,
            ..SearchRequest::default()
        };
        assert!(page(10, 0).check_depth().is_ok());
        assert!(page(MAX_DEPTH, 0).check_depth().is_ok());
        let err = page(usize::MAX, 1).check_depth().unwrap_err();
        assert!(err.to_string().contains("10000000 deep"), "{err}");
        assert!(page(1, MAX_DEPTH).check_depth().is_err());
    }
}
