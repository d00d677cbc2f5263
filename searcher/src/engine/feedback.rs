//! Pseudo-relevance feedback: a query widened by the words its best hits share.
//!
//! A subject typed in two or three words (`الطلاق واللعان`, a book heading) misses every article
//! about it that uses other words, and ranks the ones that repeat the query's words over the
//! ones that are about it. The best hits of the query itself say what else such articles
//! contain. This is RM3 (Lavrenko and Croft's relevance model, as Anserini runs it with BM25):
//!
//! 1. the top [`DOCS`] hits are read and analysed as the index analysed them (their language's
//!    body field: stemmed, stopwords gone);
//! 2. each term gets P(t|R) = Σ_d w_d · tf(t, d) / |d|, w_d being the hit's share of their
//!    scores;
//! 3. terms already in the query, in fewer than two of the hits, or in fewer than two articles
//!    of the index are left out; the others are ranked by P(t|R) · idf(t), so that words every
//!    article has do not lead;
//! 4. the best [`TERMS`] become optional clauses of the query, each boosted by its share of
//!    their P(t|R) times [`WEIGHT`] · [`TERMS`].
//!
//! When it applies, and the weight, were chosen on the real-text evaluation (`eval/arabic`,
//! `docs/arabic-analysis.md`): it is `--expand`, and relaxed answers get it.

use std::collections::HashMap;

use arshif_schema::Fields;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, Searcher, Term};

/// How many of the best hits are read.
pub const DOCS: usize = 10;

/// How many terms are added.
pub const TERMS: usize = 10;

/// What an added term weighs, on average, against a word of the query in an article's body.
pub const WEIGHT: f32 = 0.2;

/// The fewest hits that make feedback worth having: with fewer, their words are theirs alone.
const MIN_DOCS: usize = 3;

/// The expansion of `query` from its best hits `top` (score, address; best first), or `None`
/// when there are too few hits or no term qualifies.
pub fn expansion(
    searcher: &Searcher,
    fields: &Fields,
    query: &dyn Query,
    top: &[(f32, DocAddress)],
) -> tantivy::Result<Option<Box<dyn Query>>> {
    let top = &top[..top.len().min(DOCS)];
    let total_score: f32 = top.iter().map(|(score, _)| score.max(0.0)).sum();
    if top.len() < MIN_DOCS || total_score <= 0.0 {
        return Ok(None);
    }
    let mut in_query: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| in_query.push(term.clone()));

    // (field, term) → (P(t|R), hits holding it).
    let mut model: HashMap<(Field, String), (f32, usize)> = HashMap::new();
    for (score, address) in top {
        let (article, lang) = crate::engine::search::read_article(searcher, fields, *address)?;
        let field = fields.of(lang).body;
        let mut analyzer = searcher.index().tokenizer_for_field(field)?;
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut length = 0u32;
        for text in [&article.title, &article.body] {
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                *counts.entry(stream.token().text.clone()).or_insert(0) += 1;
                length += 1;
            }
        }
        let share = score.max(0.0) / total_score;
        for (term, tf) in counts {
            let entry = model.entry((field, term)).or_insert((0.0, 0));
            entry.0 += share * tf as f32 / length.max(1) as f32;
            entry.1 += 1;
        }
    }

    let documents = searcher.num_docs() as f32;
    let mut candidates: Vec<(f32, f32, Term)> = Vec::new();
    for ((field, text), (probability, hits)) in model {
        if hits < 2 || text.chars().count() < 2 {
            continue;
        }
        let term = Term::from_field_text(field, &text);
        if in_query.contains(&term) {
            continue;
        }
        let df = searcher.doc_freq(&term)? as f32;
        if df < 2.0 {
            continue;
        }
        let idf = (1.0 + (documents - df + 0.5) / (df + 0.5)).ln();
        candidates.push((probability * idf, probability, term));
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    candidates.truncate(TERMS);
    let mass: f32 = candidates.iter().map(|(_, p, _)| p).sum();
    if candidates.is_empty() || mass <= 0.0 {
        return Ok(None);
    }
    let clauses: Vec<(Occur, Box<dyn Query>)> = candidates
        .into_iter()
        .map(|(_, probability, term)| {
            let boost = WEIGHT * TERMS as f32 * probability / mass;
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)) as Box<dyn Query>,
            )
        })
        .collect();
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}
