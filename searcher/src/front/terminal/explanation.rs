//! A hit's score explanation (`--explain`, [`crate::engine::explain`]) as an indented tree of
//! lines under it.

use serde_json::Value;

use super::styled::{Line, Tone};

/// An explanation as an indented tree, under a hit (`indent` columns in).
pub fn lines(explanation: &Value, indent: usize) -> Vec<Line> {
    let mut out = Vec::new();
    walk(explanation, indent, &mut out);
    out
}

fn walk(node: &Value, indent: usize, out: &mut Vec<Line>) {
    // No value: tantivy could not explain the hit (the description says so).
    let value = node["value"]
        .as_f64()
        .map_or_else(|| format!("{:>8}", "?"), |v| format!("{v:>8.4}"));
    let description = node["description"].as_str().unwrap_or("");
    let mut line = Line::of(" ".repeat(indent), Tone::Plain);
    line.push(value, Tone::Bar)
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
