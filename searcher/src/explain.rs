//! `--explain`: why each hit scored what it did.
//!
//! tantivy's [`Query::explain`](tantivy::query::Query::explain) gives a tree of the BM25
//! computation (sum over clauses, each term's idf × tf factor, boosts). It is computed again for
//! each shown hit, on the same index, with the same query as the search.

use arshif_schema::Opened;
use serde_json::Value;
use tantivy::ReloadPolicy;

use crate::query;
use crate::request::SearchRequest;
use crate::search::{Hit, SearchError};
use crate::styled::{Line, Tone};

/// Explains hits of one request on one open index.
pub struct Explainer {
    query: Box<dyn tantivy::query::Query>,
    searcher: tantivy::Searcher,
}

impl Explainer {
    pub fn new(opened: &Opened, request: &SearchRequest) -> Result<Explainer, SearchError> {
        let built = query::build(&opened.index, &opened.fields, request)?;
        let reader: tantivy::IndexReader = opened
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Explainer {
            query: built.full,
            searcher: reader.searcher(),
        })
    }

    /// The score explanation of a hit, as tantivy's JSON tree
    /// (`{"value", "description", "details": [...], "context": [...]}`).
    pub fn explain(&self, hit: &Hit) -> Result<Value, SearchError> {
        let explanation = self.query.explain(&self.searcher, hit.address)?;
        Ok(serde_json::to_value(&explanation).unwrap_or(Value::Null))
    }
}

/// The score explanation of each hit.
pub fn explain(
    opened: &Opened,
    request: &SearchRequest,
    hits: &[Hit],
) -> Result<Vec<Value>, SearchError> {
    let explainer = Explainer::new(opened, request)?;
    hits.iter().map(|h| explainer.explain(h)).collect()
}

/// An explanation as an indented tree, under a hit (`indent` columns in).
pub fn lines(explanation: &Value, indent: usize) -> Vec<Line> {
    let mut out = Vec::new();
    walk(explanation, indent, &mut out);
    out
}

fn walk(node: &Value, indent: usize, out: &mut Vec<Line>) {
    let value = node["value"].as_f64().unwrap_or(0.0);
    let description = node["description"].as_str().unwrap_or("");
    let mut line = Line::of(" ".repeat(indent), Tone::Plain);
    line.push(format!("{value:>8.4}"), Tone::Bar)
        .push("  ", Tone::Plain)
        .push(description, Tone::Plain);
    out.push(line);
    for context in node["context"].as_array().into_iter().flatten() {
        if let Some(text) = context.as_str() {
            out.push(Line::of(
                format!("{}{text}", " ".repeat(indent + 10)),
                Tone::Dim,
            ));
        }
    }
    for child in node["details"].as_array().into_iter().flatten() {
        walk(child, indent + 2, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_are_indented_by_depth() {
        let tree = serde_json::json!({
            "value": 3.5, "description": "sum of",
            "details": [{"value": 1.25, "description": "TermQuery", "context": ["Term=أرمين"]}]
        });
        let texts: Vec<String> = lines(&tree, 5).iter().map(Line::text).collect();
        assert_eq!(
            texts,
            vec![
                "       3.5000  sum of",
                "         1.2500  TermQuery",
                "                 Term=أرمين",
            ]
        );
    }
}
