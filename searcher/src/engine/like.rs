//! More like this (`--like ID`): the articles that share an article's most distinctive words.
//!
//! What tantivy's `MoreLikeThisQuery` does, over the fields an Arshif article's words are in:
//! the article's title and body analysed as the index analysed them (its language's stemmed
//! view, so that `المفاوضات` and `مفاوضة` count as one word), each word weighed by how often the
//! article uses it times how rare it is in the archive (tf·idf), and the best [`TERMS`] searched
//! in the titles and bodies of that language, each boosted by its weight. An article must share
//! at least [`MIN_SHARED`] of them: one common word in passing is not "like". The article
//! itself is excluded; the request's filters still apply (`search::plan` adds them).
//! `MoreLikeThisQuery` itself reads every stored field of the document (its id, source and
//! language would become terms) and cannot exclude the document, hence this.

use std::collections::HashMap;

use arshif_schema::Fields;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenStream;
use tantivy::{Searcher, Term};

use crate::engine::query::{QueryError, TITLE_BOOST};

/// How many of the article's words are searched for.
pub const TERMS: usize = 25;

/// How many of them another article must have.
pub const MIN_SHARED: usize = 3;

/// The query for articles like `id`'s, without it.
pub fn query(searcher: &Searcher, fields: &Fields, id: &str) -> Result<Box<dyn Query>, QueryError> {
    let (_, article) = crate::engine::article::find(searcher, fields, id).map_err(|e| match e {
        crate::engine::SearchError::Query(q) => q,
        other => QueryError::Index(tantivy::TantivyError::InternalError(other.to_string())),
    })?;
    let lang = article
        .lang
        .as_deref()
        .and_then(arshif_analysis::Lang::from_code)
        .unwrap_or(arshif_analysis::Lang::Ar);
    let own = fields.of(lang);
    let mut analyzer = searcher
        .index()
        .tokenizer_for_field(own.body)
        .map_err(QueryError::Index)?;
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in [&article.title, &article.body] {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            *counts.entry(stream.token().text.clone()).or_insert(0) += 1;
        }
    }
    let documents = searcher.num_docs() as f32;
    let mut weighed: Vec<(f32, String)> = Vec::new();
    for (text, tf) in counts {
        if text.chars().count() < 2 || text.chars().all(|c| c.is_numeric()) {
            continue;
        }
        let df = searcher
            .doc_freq(&Term::from_field_text(own.body, &text))
            .map_err(QueryError::Index)? as f32;
        // In no other article: it cannot bring one.
        if df < 2.0 {
            continue;
        }
        let idf = (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
        weighed.push(((tf as f32).sqrt() * idf, text));
    }
    weighed.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    weighed.truncate(TERMS);
    let best = weighed.first().map_or(1.0, |w| w.0.max(f32::EPSILON));
    let term = |field, text: &str, boost: f32| -> Box<dyn Query> {
        let query = TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        );
        Box::new(BoostQuery::new(Box::new(query), boost))
    };
    let words: Vec<(Occur, Box<dyn Query>)> = weighed
        .iter()
        .map(|(weight, text)| {
            let boost = weight / best;
            let either: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
                (Occur::Should, term(own.title, text, boost * TITLE_BOOST)),
                (Occur::Should, term(own.body, text, boost)),
            ]));
            (Occur::Should, either)
        })
        .collect();
    let shared = MIN_SHARED.min(words.len()).max(1);
    let like = BooleanQuery::with_minimum_required_clauses(words, shared);
    let itself = TermQuery::new(
        Term::from_field_text(fields.id, &article.id),
        IndexRecordOption::Basic,
    );
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Must, Box::new(like) as Box<dyn Query>),
        (Occur::MustNot, Box::new(itself)),
    ])))
}
