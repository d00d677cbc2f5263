//! `/api/search`'s query string as the flags it stands for: `?q=أرمينيا&country=AM,AZ&country=TR`
//! is `arshif-search أرمينيا --country AM,AZ --country TR`. A repeated parameter is a repeated
//! flag (all of them), commas inside one are any of them, exactly as [`crate::front::prepare`]
//! reads the flags.

use anyhow::{anyhow, bail, Context, Result};
use clap::ValueEnum;

use crate::engine::Sort;
use crate::front::Asked;

/// The parameters `/api/search` takes, for the error naming an unknown one.
pub const NAMES: &[&str] = &[
    "q",
    "country",
    "actor",
    "source",
    "lang",
    "from",
    "to",
    "sort",
    "limit",
    "offset",
    "facets",
    "facet_limit",
    "fields",
    "strict",
    "expand",
    "explain",
    "like",
];

/// The largest page one request may ask for (`limit`), and how deep it may reach
/// (`offset + limit`): a shared server keeps pages small; `arshif-search --ndjson` exports.
pub const MAX_LIMIT: usize = 1_000;
pub const MAX_DEPTH: usize = 100_000;

/// Reads a query string (already split into pairs) into what the flags would ask.
pub fn asked(pairs: &[(String, String)]) -> Result<Asked> {
    let mut asked = Asked {
        facet_limit: 10,
        ..Asked::default()
    };
    let mut query: Option<String> = None;
    for (key, value) in pairs {
        let number = |v: &str| -> Result<usize> {
            v.trim()
                .parse::<usize>()
                .map_err(|_| anyhow!("{key}: {v:?} is not a whole number"))
        };
        match key.as_str() {
            "q" => {
                if query.is_some() {
                    bail!("q: give the query once (words inside it are all required)");
                }
                query = Some(value.clone());
            }
            "country" => asked.country.push(value.clone()),
            "actor" => asked.actor.push(value.clone()),
            "source" => asked.source.push(value.clone()),
            "lang" => asked.lang.push(value.clone()),
            "from" if !value.trim().is_empty() => {
                asked.from = Some(
                    crate::cli::parse_date(value)
                        .map_err(|e| anyhow!(e))
                        .context("from")?,
                )
            }
            "to" if !value.trim().is_empty() => asked.to = Some(value.clone()),
            "from" | "to" => {}
            "sort" => {
                asked.sort = Sort::from_str(value, true)
                    .map_err(|_| anyhow!("sort: {value:?}: relevance or date"))?
            }
            "limit" => asked.limit = Some(number(value)?),
            "offset" => asked.offset = number(value)?,
            // `facets` alone (or empty) is `--facets`: the tables.
            "facets" => match value.trim() {
                "" | "1" | "true" => asked.facets.push("tables".into()),
                views => asked.facets.extend(views.split(',').map(String::from)),
            },
            "facet_limit" => asked.facet_limit = number(value)?,
            "fields" => asked.fields = Some(value.clone()),
            "strict" => asked.strict = yes(key, value)?,
            "expand" => asked.expand = yes(key, value)?,
            "explain" => asked.explain = yes(key, value)?,
            "like" => asked.like = Some(value.clone()),
            other => bail!(
                "unknown parameter {other:?}; the parameters are {}",
                NAMES.join(", ")
            ),
        }
    }
    asked.query = query.unwrap_or_default();
    if let Some(limit) = asked.limit {
        if limit > MAX_LIMIT {
            bail!("limit: at most {MAX_LIMIT} hits a page over HTTP (arshif-search --ndjson exports more)");
        }
    }
    if asked.limit.unwrap_or(0).saturating_add(asked.offset) > MAX_DEPTH {
        bail!("offset: pages reach at most {MAX_DEPTH} hits deep over HTTP");
    }
    Ok(asked)
}

/// A switch: `1`, `true`, `yes` or empty is on; `0`, `false`, `no` off.
fn yes(key: &str, value: &str) -> Result<bool> {
    match value.trim() {
        "" | "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        other => bail!("{key}: {other:?}: true or false"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &str) -> Vec<(String, String)> {
        form_urlencoded::parse(q.as_bytes()).into_owned().collect()
    }

    #[test]
    fn parameters_read_as_the_flags() {
        let a = asked(&pairs(
            "q=%D8%A3%D8%B1%D9%85%D9%8A%D9%86%D9%8A%D8%A7&country=AM,AZ&country=TR&sort=date&limit=5&facets=tables,date:year&strict=1",
        ))
        .unwrap();
        assert_eq!(a.query, "أرمينيا");
        assert_eq!(a.country, vec!["AM,AZ", "TR"]);
        assert_eq!(a.sort, Sort::Date);
        assert_eq!(a.limit, Some(5));
        assert_eq!(a.facets, vec!["tables", "date:year"]);
        assert!(a.strict && !a.expand);
        assert_eq!(asked(&pairs("q=x&facets")).unwrap().facets, vec!["tables"]);
    }

    #[test]
    fn bad_parameters_say_what_is_wrong() {
        let err = |q: &str| asked(&pairs(q)).unwrap_err().to_string();
        assert!(err("q=x&cuontry=AM").contains("unknown parameter \"cuontry\""));
        assert!(err("q=x&limit=ten").contains("limit"));
        assert!(err("q=x&limit=5000").contains("at most 1000"));
        assert!(err("q=x&sort=best").contains("relevance or date"));
        assert!(err("q=x&q=y").contains("once"));
        assert!(format!("{:#}", asked(&pairs("q=x&from=yesterday")).unwrap_err()).contains("from"));
    }
}
