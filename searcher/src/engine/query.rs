//! Building the tantivy query for a request.
//!
//! The text query is parsed with tantivy's query grammar, with AND as the default operator — a
//! news archive is large, and every word the user types should narrow it. When no article has
//! every word, [`relax`] makes the plain words optional, ranked by how many an article has
//! (`crate::engine::search::plan` decides; a misspelt or differently spelt word must not empty the
//! answer), and [`expanded`] adds the terms of pseudo-relevance feedback.
//!
//! **Languages.** Each article's text is in the fields of its language (see
//! `arshif_schema::schema`). The query is built once per searched language (all, or those of
//! `--lang`): every word analysed by that language's analyzer, and the whole query required to
//! match together with `lang:<code>` (needless, and left out, in an archive of one language);
//! the per-language queries are then OR-ed. So a document is
//! matched and scored by its own language's query only: `the clashes` is `clash` in English
//! (`the` is a stopword there) and `the` AND `clashes` in Arabic, where nothing is dropped — one
//! query per word across languages would instead require `the` of every English article. Scores
//! stay comparable across languages in two ways: each language's fields get BM25 statistics
//! from that language's documents ([`PerLanguageStatistics`]), and a language with one view
//! is boosted like a word found in both of Arabic's ([`SINGLE_VIEW_BOOST`]). An Arabic word
//! does not match English text and vice versa (names written in both scripts reach both through
//! the country and actor facets), so an Arabic query's hits are Arabic articles.
//!
//! **Arabic's two views.** Each word searches
//! both views of the text (see `arshif_schema::schema`): the stemmed `title`/`body` for recall
//! (`لأوكرانيا` finds `أوكرانيا`, `المفاوضات` finds `مفاوضة`) and the exact
//! `title_exact`/`body_exact`, boosted, so that articles with the very form typed rank first.
//! A `"quoted phrase"` searches the exact view only: whoever quotes wants those words. Titles are
//! boosted in both views: a word in the title says more about what the article is about.
//! `title:` and `body:` name a field in both views. Filters are added as required clauses with a
//! constant score of zero, so they narrow the set without changing the ranking.

use std::ops::Bound;

use arshif_analysis::Lang;
use arshif_entities::gazetteer::slug;
use arshif_entities::Gazetteer;
use arshif_schema::document::{actor_facet, country_facet};
use arshif_schema::schema::field;
use arshif_schema::schema::text_field_names;
use arshif_schema::{ActorKind, Fields};
use tantivy::query::{
    Bm25StatisticsProvider, BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query,
    QueryParser, QueryParserError, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::query_grammar::{self, Delimiter, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Searcher, Term};

use crate::engine::pair_phrase::{self, QueryPairs};
use crate::engine::request::SearchRequest;

/// How much more a match in the title weighs than one in the body.
pub const TITLE_BOOST: f32 = 2.0;

/// How much more a match in the exact view weighs than one in the stemmed view.
pub const EXACT_BOOST: f32 = 1.5;

/// The longest query accepted, in bytes: far beyond any typed query, short of a pasted article.
pub const MAX_QUERY_BYTES: usize = 4096;

/// The deepest parenthesis nesting accepted. tantivy's query grammar is a recursive-descent
/// parser: two thousand nested parentheses overflow the stack, which aborts the process.
pub const MAX_NESTING: usize = 16;

/// The most terms a parsed query may hold (each word counts once per searched field).
pub const MAX_TERMS: usize = 512;

/// How much more a match in a language with one view (every language but Arabic) weighs: a
/// word found as typed scores the same in every language — in Arabic it matches both views
/// (1 + [`EXACT_BOOST`]), elsewhere its one view, boosted by as much.
pub const SINGLE_VIEW_BOOST: f32 = 1.0 + EXACT_BOOST;

/// The most terms a query may hold once analysed in every searched language and view: the
/// [`MAX_TERMS`] as written (two fields), times the fan-out of an ordinary word over the eleven
/// languages (24 fields: 12 times two). CJK bigrams can multiply a long word further; this
/// bounds that too.
pub const MAX_FANNED_TERMS: usize = MAX_TERMS * 12;

/// Why a request cannot become a query.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("empty query: give words to search for, or '*' to match every article (e.g. with --country)")]
    Empty,
    #[error("query is {0} bytes long; the limit is {MAX_QUERY_BYTES}")]
    TooLong(usize),
    #[error("query nests parentheses {0} deep; the limit is {MAX_NESTING}")]
    TooDeep(usize),
    #[error("query has {0} terms; the limit is {MAX_TERMS}")]
    TooManyTerms(usize),
    #[error("--lang: {0}")]
    Lang(arshif_analysis::lang::UnknownLang),
    #[error("nothing to search for in {0:?}: its words are all function words (في, من, كانت …) or punctuation, which the search ignores; add a word that says what the articles are about")]
    NothingToSearch(String),
    #[error("cannot parse query {query:?}: {reason}. Quote phrases (\"...\") and escape special characters (+ - : ( ) [ ] {{ }} ^ ~ \") with a backslash")]
    Parse { query: String, reason: String },
    #[error("cannot read the index's languages: {0}")]
    Index(tantivy::TantivyError),
    /// A filter value or article id that names nothing, with the closest that do.
    #[error(transparent)]
    Unknown(#[from] crate::engine::suggest::Unknown),
}

/// The parts of a request's query: the text query alone (for snippets) and the full query.
pub struct BuiltQuery {
    /// As tantivy's query parser makes it: what snippets highlight.
    pub text: Box<dyn Query>,
    /// The text query as it ranks, before the filters: `text` itself, or for a relaxed query
    /// `text` counting the words matched, or with the terms of pseudo-relevance feedback.
    pub ranked: Box<dyn Query>,
    /// The text query with the filters, its ANDs over words' fields made
    /// [`crate::engine::scorers::field_union::Intersection`]s: the query that is run.
    pub full: Box<dyn Query>,
}

/// Builds the query for `request` against the index `searcher` reads: every word required.
///
/// The searcher tells which languages the index holds: a query is analysed only for those (when
/// `--lang` does not choose), so an archive without Chinese articles never loads jieba's
/// dictionary, which took 130 ms of every `arshif-search` start.
pub fn build(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<BuiltQuery, QueryError> {
    let text_query = match &request.like {
        Some(id) => crate::engine::like::query(searcher, fields, id)?,
        None => {
            let prepared = Prepared::new(searcher, fields, request)?;
            prepared.text_query(prepared.ast.clone())?
        }
    };
    let full = filtered(text_query.box_clone(), fields, request, gazetteer);
    Ok(BuiltQuery {
        ranked: text_query.box_clone(),
        text: text_query,
        full: crate::engine::scorers::field_union::for_intersections(full),
    })
}

/// `built` ranking also by `expansion` (the terms of pseudo-relevance feedback, see
/// [`crate::engine::feedback`]): an optional clause, so the articles that match `built` still match and
/// those that match only the expansion come after, as their scores say; snippets still
/// highlight the query's own words.
pub fn expanded(
    built: &BuiltQuery,
    expansion: Box<dyn Query>,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> BuiltQuery {
    let ranked: Box<dyn Query> = Box::new(BooleanQuery::new(vec![
        (Occur::Should, built.ranked.box_clone()),
        (Occur::Should, expansion),
    ]));
    let full = filtered(ranked.box_clone(), fields, request, gazetteer);
    BuiltQuery {
        text: built.text.box_clone(),
        ranked,
        full: crate::engine::scorers::field_union::for_intersections(full),
    }
}

/// What each query word an article has adds to its score in a relaxed query ([`relax`]): more
/// than the BM25 of all the words together can reach (a word's is at most a few hundred: idf ≤
/// ln(1 + N) ≈ 14 at a million articles, times k1 + 1 = 2.2, times the boosts of the four
/// fields it searches, 7.5), so an article with more of the words always ranks above one with
/// fewer, and among articles with as many, BM25 decides.
pub const WORD_MATCH_SCORE: f32 = 10_000.0;

/// The most words a relaxed query ranks by ([`WORD_MATCH_SCORE`] must stay above their BM25).
pub const MAX_RELAXED_WORDS: usize = 24;

/// A request's query asking for as many of its words as an article has, instead of all.
pub struct RelaxedQuery {
    /// The query to run: ranked by how many of the words match, then by BM25.
    pub built: BuiltQuery,
    /// The words that may be missing, as typed (`title:word` with its field).
    pub words: Vec<String>,
    /// The query of each word, as in the strict query: to tell which words a hit has.
    pub word_queries: Vec<Box<dyn Query>>,
}

/// The relaxed form of `request`'s query, for when requiring every word finds (almost) nothing
/// — what Elasticsearch's `minimum_should_match` and Meilisearch's matching strategy do. Only
/// the words typed plainly may be missing: quoted phrases, `+word`, `-word` and `AND` keep
/// their meaning, and a query with `OR` is not relaxed. `None` when nothing can be relaxed (a
/// single word, or a query with `OR`).
pub fn relax(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<Option<RelaxedQuery>, QueryError> {
    if request.like.is_some() {
        return Ok(None);
    }
    let prepared = Prepared::new(searcher, fields, request)?;
    let UserInputAst::Clause(items) = &prepared.ast else {
        return Ok(None);
    };
    let mut kept: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let (mut words, mut word_queries) = (Vec::new(), Vec::new());
    for (occur, sub) in items {
        let query = match prepared.text_query(sub.clone()) {
            Ok(query) => query,
            // A word that analyses to nothing (a stopword) is not a word that can be missing; a
            // required part that does is left to the strict query's error.
            Err(_) if occur.is_none() => continue,
            Err(_) => return Ok(None),
        };
        match (occur, plain_word(sub)) {
            (None, Some(word)) => {
                let mut terms = 0;
                query.query_terms(&mut |_, _| terms += 1);
                if terms > 0 {
                    words.push(word);
                    word_queries.push(query);
                }
            }
            (Some(Occur::Should), _) => return Ok(None),
            (Some(Occur::MustNot), _) => kept.push((Occur::MustNot, query)),
            _ => kept.push((Occur::Must, query)),
        }
    }
    let required = kept.iter().any(|(occur, _)| *occur == Occur::Must);
    if words.is_empty() || (words.len() == 1 && !required) || words.len() > MAX_RELAXED_WORDS {
        return Ok(None);
    }
    let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let mut scored: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (occur, query) in &kept {
        text.push((*occur, query.box_clone()));
        scored.push((*occur, query.box_clone()));
    }
    for query in &word_queries {
        text.push((Occur::Should, query.box_clone()));
        scored.push((Occur::Should, query.box_clone()));
        let counted = ConstScoreQuery::new(query.box_clone(), WORD_MATCH_SCORE);
        scored.push((Occur::Should, Box::new(counted)));
    }
    let ranked: Box<dyn Query> = Box::new(BooleanQuery::new(scored));
    let full = filtered(ranked.box_clone(), fields, request, gazetteer);
    Ok(Some(RelaxedQuery {
        built: BuiltQuery {
            text: Box::new(BooleanQuery::new(text)),
            ranked,
            full: crate::engine::scorers::field_union::for_intersections(full),
        },
        words,
        word_queries,
    }))
}

/// The plain words of `request`'s query (not phrases, not excluded) that no article has in any
/// field of any searched language, and the languages searched: the words to suggest others for
/// ([`crate::engine::suggest::words`]).
pub fn unmatched_words(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<(Vec<String>, Vec<Lang>), QueryError> {
    if request.like.is_some() {
        return Ok((Vec::new(), Vec::new()));
    }
    let prepared = Prepared::new(searcher, fields, request)?;
    let mut leaves = Vec::new();
    plain_leaves(&prepared.ast, &mut leaves);
    let mut unmatched = Vec::new();
    for (word, leaf) in leaves {
        let Ok(query) = prepared.text_query(leaf) else {
            continue;
        };
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() != fields.lang {
                terms.push(term.clone());
            }
        });
        let mut found = terms.is_empty();
        for term in &terms {
            if searcher.doc_freq(term).map_err(QueryError::Index)? > 0 {
                found = true;
                break;
            }
        }
        if !found && !unmatched.contains(&word) {
            unmatched.push(word);
        }
    }
    Ok((unmatched, prepared.langs.clone()))
}

/// The plain words of a query (as typed, and as a leaf to analyse), outside exclusions.
fn plain_leaves(ast: &UserInputAst, out: &mut Vec<(String, UserInputAst)>) {
    match ast {
        UserInputAst::Clause(clauses) => {
            for (occur, sub) in clauses {
                if *occur != Some(Occur::MustNot) {
                    plain_leaves(sub, out);
                }
            }
        }
        UserInputAst::Boost(sub, _) => plain_leaves(sub, out),
        UserInputAst::Leaf(_) => {
            if let Some(word) = plain_word(ast) {
                out.push((word, ast.clone()));
            }
        }
    }
}

/// The word of a clause that is a plain word (not a phrase), as typed.
fn plain_word(ast: &UserInputAst) -> Option<String> {
    let UserInputAst::Leaf(leaf) = ast else {
        return None;
    };
    let UserInputLeaf::Literal(literal) = &**leaf else {
        return None;
    };
    if literal.delimiter != Delimiter::None {
        return None;
    }
    Some(match &literal.field_name {
        Some(field) => format!("{field}:{}", literal.phrase),
        None => literal.phrase.clone(),
    })
}

/// What every query of a request shares: its syntax tree, the parser, the searched languages.
struct Prepared<'a> {
    searcher: &'a Searcher,
    text: String,
    ast: UserInputAst,
    parser: QueryParser,
    langs: Vec<Lang>,
    /// The index's only language, if it has one.
    sole: Option<Lang>,
    pairs: QueryPairs,
    lang_field: Field,
}

impl<'a> Prepared<'a> {
    /// Checks the request's query against the limits and parses it.
    fn new(
        searcher: &'a Searcher,
        fields: &Fields,
        request: &SearchRequest,
    ) -> Result<Prepared<'a>, QueryError> {
        let text = request.query.trim();
        if text.is_empty() {
            return Err(QueryError::Empty);
        }
        if text.len() > MAX_QUERY_BYTES {
            return Err(QueryError::TooLong(text.len()));
        }
        let depth = nesting(text);
        if depth > MAX_NESTING {
            return Err(QueryError::TooDeep(depth));
        }
        let ast = query_grammar::parse_query(text).map_err(|_| QueryError::Parse {
            query: text.to_string(),
            reason: "syntax error".to_string(),
        })?;
        let mut parser = QueryParser::for_index(searcher.index(), vec![fields.title, fields.body]);
        parser.set_field_boost(fields.title, TITLE_BOOST);
        parser.set_field_boost(fields.title_exact, TITLE_BOOST * EXACT_BOOST);
        parser.set_field_boost(fields.body_exact, EXACT_BOOST);
        for lang in &Lang::ALL[1..] {
            let own = fields.of(*lang);
            parser.set_field_boost(own.title, TITLE_BOOST * SINGLE_VIEW_BOOST);
            parser.set_field_boost(own.body, SINGLE_VIEW_BOOST);
        }
        parser.set_conjunction_by_default();
        let mut prepared = Prepared {
            searcher,
            text: text.to_string(),
            ast,
            parser,
            langs: Vec::new(),
            sole: None,
            pairs: QueryPairs::new(fields, EXACT_BOOST),
            lang_field: fields.lang,
        };
        // Count the terms as the user wrote them (each word once per searched field), before the
        // rewrite fans them out over the languages and views.
        let as_written = prepared
            .parser
            .build_query_from_user_input_ast(prepared.ast.clone())
            .map_err(|e| prepared.not_built(e))?;
        let mut terms = 0;
        as_written.query_terms(&mut |_, _| terms += 1);
        if terms > MAX_TERMS {
            return Err(QueryError::TooManyTerms(terms));
        }
        let present = present_langs(searcher, fields)?;
        prepared.langs = match searched_langs(&request.langs)? {
            Some(given) => given,
            None => present.clone().unwrap_or_else(|| Lang::ALL.to_vec()),
        };
        // In an archive of one language every document is of that language (every document has
        // a `lang`, deleted ones included in these counts), so restricting that language's
        // branch to it changes nothing but costs an intersection with a posting list of every
        // document — a third of a frequent term's query time at a million articles.
        prepared.sole = match present.as_deref() {
            Some([only]) => Some(*only),
            _ => None,
        };
        Ok(prepared)
    }

    fn parse_error(&self, reason: String) -> QueryError {
        QueryError::Parse {
            query: self.text.clone(),
            reason,
        }
    }

    fn not_built(&self, e: QueryParserError) -> QueryError {
        match e {
            // Every clause is "negative" when none has a term left after analysis.
            QueryParserError::AllButQueryForbidden if !excludes(&self.ast) => {
                QueryError::NothingToSearch(self.text.clone())
            }
            e => self.parse_error(e.to_string()),
        }
    }

    /// The query of `ast` (the request's, or a part of it) over the fields and views of every
    /// searched language, each language's branch restricted to its documents.
    fn text_query(&self, ast: UserInputAst) -> Result<Box<dyn Query>, QueryError> {
        let mut branches: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for lang in &self.langs {
            let query = self
                .parser
                .build_query_from_user_input_ast(views(ast.clone(), *lang, Some(&self.pairs)))
                .map_err(|e| self.not_built(e))?;
            let query = pair_phrase::resolve(query, &self.pairs);
            if self.sole == Some(*lang) {
                branches.push((Occur::Should, query));
                continue;
            }
            let only_lang: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(self.lang_field, lang.code()),
                    IndexRecordOption::Basic,
                )),
                0.0,
            ));
            branches.push((
                Occur::Should,
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, query),
                    (Occur::Must, only_lang),
                ])),
            ));
        }
        let text_query: Box<dyn Query> = Box::new(BooleanQuery::new(branches));
        // Analysed per language, a word may become more terms (CJK bigrams); bound the total too.
        let mut fanned = 0;
        text_query.query_terms(&mut |_, _| fanned += 1);
        if fanned > MAX_FANNED_TERMS {
            return Err(QueryError::TooManyTerms(fanned));
        }
        // Building a query from the syntax tree does not check every field it names (`x:*` asks
        // whether field `x` exists at all); making its weight does. Found by the query fuzzer:
        // `datZ TO -01-01T00:*` failed at search time instead of as a query error.
        text_query
            .weight(EnableScoring::disabled_from_schema(self.searcher.schema()))
            .map_err(|e| self.parse_error(e.to_string()))?;
        Ok(text_query)
    }
}

/// `text_query` narrowed by the request's filters: required clauses with a constant score of
/// zero, so that they narrow the set without changing the ranking.
fn filtered(
    text_query: Box<dyn Query>,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Box<dyn Query> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    for group in &request.countries {
        let facets = group
            .iter()
            .map(|c| country_facet(&gazetteer.country_id(c)));
        filters.push(any_facet(fields.countries, facets));
    }
    for group in &request.actors {
        // A known actor has one facet; a name the gazetteer does not know may be in metadata
        // under any kind.
        let facets = group.iter().flat_map(|a| match gazetteer.actor(a) {
            Some(e) => vec![actor_facet(ActorKind::of(e.kind), &e.id)],
            None => ActorKind::ALL
                .into_iter()
                .map(|k| actor_facet(k, &slug(a)))
                .collect(),
        });
        filters.push(any_facet(fields.actors, facets));
    }
    if !request.sources.is_empty() {
        filters.push(any_term(
            request
                .sources
                .iter()
                .map(|s| Term::from_field_text(fields.source, s)),
        ));
    }
    if let Some(files) = &request.within_files {
        // One term set, not a clause a file: a round may add thousands of files.
        filters.push(Box::new(TermSetQuery::new(
            files.iter().map(|f| Term::from_field_text(fields.file, f)),
        )));
    }
    if request.from.is_some() || request.to.is_some() {
        let bound = |d: Option<time::OffsetDateTime>, inclusive: bool| match d {
            None => Bound::Unbounded,
            Some(d) => {
                let term = Term::from_field_date(fields.date, DateTime::from_utc(d));
                if inclusive {
                    Bound::Included(term)
                } else {
                    Bound::Excluded(term)
                }
            }
        };
        filters.push(Box::new(RangeQuery::new(
            bound(request.from, true),
            bound(request.to, false),
        )));
    }

    if filters.is_empty() {
        text_query
    } else {
        let mut clauses = vec![(Occur::Must, text_query)];
        clauses.extend(filters.into_iter().map(|f| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>,
            )
        }));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// The deepest nesting of parentheses outside quoted phrases. Unbalanced text counts as written:
/// the parser reports it.
fn nesting(text: &str) -> usize {
    let (mut depth, mut deepest, mut quoted, mut escaped) = (0usize, 0usize, false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The languages a request names with `--lang`, if it names any.
fn searched_langs(given: &[String]) -> Result<Option<Vec<Lang>>, QueryError> {
    if given.is_empty() {
        return Ok(None);
    }
    let mut langs = Vec::new();
    for text in given {
        let lang = Lang::parse(text).map_err(QueryError::Lang)?;
        if !langs.contains(&lang) {
            langs.push(lang);
        }
    }
    Ok(Some(langs))
}

/// The languages the index has articles in (deleted ones included); `None` for an empty index,
/// whose queries are still checked for every language.
fn present_langs(searcher: &Searcher, fields: &Fields) -> Result<Option<Vec<Lang>>, QueryError> {
    let present = langs_in_index(searcher, fields.lang).map_err(QueryError::Index)?;
    Ok((!present.is_empty()).then_some(present))
}

/// The languages the index has articles in, deleted ones included (a term's document frequency
/// counts them until a merge), so that one language here means every document is in it.
pub(crate) fn langs_in_index(searcher: &Searcher, lang: Field) -> tantivy::Result<Vec<Lang>> {
    let mut present = Vec::new();
    for l in Lang::ALL {
        if searcher.doc_freq(&Term::from_field_text(lang, l.code()))? > 0 {
            present.push(l);
        }
    }
    Ok(present)
}

/// Whether the query excludes anything (`-word`, `NOT word`).
fn excludes(ast: &UserInputAst) -> bool {
    match ast {
        UserInputAst::Clause(clauses) => clauses
            .iter()
            .any(|(occur, sub)| *occur == Some(Occur::MustNot) || excludes(sub)),
        UserInputAst::Boost(sub, _) => excludes(sub),
        UserInputAst::Leaf(_) => false,
    }
}

/// Rewrites every literal of the query to search the fields of `lang` it should (see the module
/// documentation); for Arabic, both views. `pairs`: where two-word phrases of common words may
/// search the pairs field instead of `body_exact` (not under a boost the user wrote, see
/// [`crate::engine::pair_phrase`]).
fn views(ast: UserInputAst, lang: Lang, pairs: Option<&QueryPairs>) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => UserInputAst::Clause(
            clauses
                .into_iter()
                .map(|(occur, sub)| (occur, views(sub, lang, pairs)))
                .collect(),
        ),
        UserInputAst::Boost(sub, boost) => {
            UserInputAst::Boost(Box::new(views(*sub, lang, None)), boost)
        }
        UserInputAst::Leaf(leaf) => match *leaf {
            UserInputLeaf::Literal(literal) => literal_views(literal, lang, pairs),
            other => UserInputAst::Leaf(Box::new(other)),
        },
    }
}

/// The fields a literal searches in `lang`: for Arabic (stemmed, exact) pairs, for the other
/// languages their one field, by the field the user named, if any.
fn literal_views(
    literal: UserInputLiteral,
    lang: Lang,
    query_pairs: Option<&QueryPairs>,
) -> UserInputAst {
    let (title, body) = text_field_names(lang);
    let pairs: Vec<(String, Option<&str>)> = match (literal.field_name.as_deref(), lang) {
        (None, Lang::Ar) => vec![
            (title, Some(field::TITLE_EXACT)),
            (body, Some(field::BODY_EXACT)),
        ],
        (Some(field::TITLE), Lang::Ar) => vec![(title, Some(field::TITLE_EXACT))],
        (Some(field::BODY), Lang::Ar) => vec![(body, Some(field::BODY_EXACT))],
        (None, _) => vec![(title, None), (body, None)],
        (Some(field::TITLE), _) => vec![(title, None)],
        (Some(field::BODY), _) => vec![(body, None)],
        // Any other field (or a misspelt one, which the parser reports) is left as written.
        (Some(_), _) => return UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))),
    };
    let phrase = literal.delimiter != Delimiter::None;
    let mut fields = Vec::new();
    for (stemmed, exact) in pairs {
        // A quoted phrase searches Arabic's exact view only; the other languages have one view.
        match exact {
            Some(field::BODY_EXACT) if phrase => {
                let pair = query_pairs
                    .and_then(|p| p.field_for(&literal.phrase, literal.slop, literal.prefix));
                fields.push(pair.unwrap_or(field::BODY_EXACT).to_string());
            }
            Some(exact) if phrase => fields.push(exact.to_string()),
            Some(exact) => {
                fields.push(stemmed);
                fields.push(exact.to_string());
            }
            None => fields.push(stemmed),
        }
    }
    UserInputAst::Clause(
        fields
            .into_iter()
            .map(|field| {
                let leaf = UserInputLeaf::Literal(UserInputLiteral {
                    field_name: Some(field),
                    ..literal.clone()
                });
                (Some(Occur::Should), UserInputAst::Leaf(Box::new(leaf)))
            })
            .collect(),
    )
}

/// BM25 statistics that judge each language's fields among that language's documents.
///
/// tantivy computes a field's average length and a term's rarity over *all* documents of the
/// index. With one field per language that skews scores by how much of the archive a language
/// is: in an archive that is 95% Arabic, the English fields' average length is a twentieth of
/// a real English article's (so every English hit looks 20 times too long and scores low),
/// while an English word looks twenty times rarer than it is among English articles. Here a
/// language's field is scored as if its language's documents were the whole index: its average
/// length is its tokens over its documents, and a term's document frequency is scaled up by the
/// to the frequency that gives it the idf it has within its language. A hit in a minority
/// language then scores what it would in an archive of that language alone, which is what
/// "comparable across languages" can mean for BM25.
pub struct PerLanguageStatistics<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    total: u64,
    /// Documents per language, by [`Lang::index`].
    docs: [u64; Lang::ALL.len()],
}

impl<'a> PerLanguageStatistics<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let mut docs = [0; Lang::ALL.len()];
        for lang in Lang::ALL {
            docs[lang.index()] =
                searcher.doc_freq(&Term::from_field_text(fields.lang, lang.code()))?;
        }
        Ok(PerLanguageStatistics {
            searcher,
            fields: *fields,
            total: Bm25StatisticsProvider::total_num_docs(searcher)?,
            docs,
        })
    }

    /// The number of documents of `field`'s language, if it is a language's field and the
    /// language has documents.
    fn language_docs(&self, field: Field) -> Option<u64> {
        let lang = self.fields.lang_of(field)?;
        Some(self.docs[lang.index()]).filter(|n| *n > 0)
    }
}

/// The document frequency that gives, in a collection of `total` documents, the BM25 idf that
/// `freq` has among `within` documents: idf = ln(1 + (N − n + ½) / (n + ½)), solved for n.
/// (Scaling `freq` by `total / within` instead would distort the ½ smoothing when a language has
/// few documents: in an index holding one Japanese article, every Japanese word would get an idf
/// near 0 instead of ln(4/3).)
fn equivalent_doc_freq(freq: u64, within: u64, total: u64) -> u64 {
    let (n, nl, big_n) = (freq as f64, within as f64, total as f64);
    let ratio = (nl - n + 0.5) / (n + 0.5);
    let equivalent = (big_n + 0.5 - 0.5 * ratio) / (1.0 + ratio);
    (equivalent.round().max(0.0) as u64).min(total)
}

impl Bm25StatisticsProvider for PerLanguageStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        // The average length (tokens / total documents) becomes the language's own average.
        Ok(match self.language_docs(field) {
            Some(n) => (tokens as f64 * self.total as f64 / n as f64).round() as u64,
            None => tokens,
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.total)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let freq = self.searcher.doc_freq(term)?;
        Ok(match self.language_docs(term.field()) {
            Some(n) => equivalent_doc_freq(freq.min(n), n, self.total),
            None => freq,
        })
    }
}

fn any_facet(field: tantivy::schema::Field, facets: impl Iterator<Item = Facet>) -> Box<dyn Query> {
    any_term(facets.map(|f| Term::from_facet(field, &f)))
}

fn any_term(terms: impl Iterator<Item = Term>) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = terms
        .map(|t| {
            (
                Occur::Should,
                Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use tantivy::collector::Count;

    use super::*;

    /// An empty index in memory with Arshif's schema and analyzers.
    fn test_index() -> (tantivy::Index, Fields) {
        let index = tantivy::Index::create_in_ram(arshif_schema::schema::build());
        arshif_schema::analyzers::register(&index);
        let fields = Fields::new(&index.schema()).unwrap();
        (index, fields)
    }

    /// Adds a one-paragraph article in `lang`.
    fn add(writer: &mut tantivy::IndexWriter, fields: &Fields, id: &str, body: &str, lang: &str) {
        let article = arshif_schema::Article {
            id: id.into(),
            body: body.into(),
            lang: Some(lang.into()),
            ..arshif_schema::Article::default()
        };
        writer.add_document(article.to_document(fields)).unwrap();
    }

    #[test]
    fn each_language_is_scored_among_its_own_documents() {
        let (index, fields) = test_index();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        // 30 Arabic articles, 3 English ones of 9 words each, "armenia" in one.
        for i in 0..30 {
            let body = format!("خبر رقم {i} عن الاقتصاد");
            add(&mut writer, &fields, &format!("ar{i}"), &body, "ar");
        }
        for (i, body) in [
            "armenia reports heavy fighting along its southern border today",
            "markets rally after central bank holds interest rates steady",
            "football club signs young striker from rival northern team",
        ]
        .into_iter()
        .enumerate()
        {
            add(&mut writer, &fields, &format!("en{i}"), body, "en");
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let stats = PerLanguageStatistics::new(&searcher, &fields).unwrap();
        let body_en = fields.of(Lang::En).body;
        let total = stats.total_num_docs().unwrap() as f64;
        // The English average length is the English articles' (9 terms), not their tokens
        // spread over all 33 documents.
        let average = |tokens: u64| tokens as f64 / total;
        let raw = average(searcher.total_num_tokens(body_en).unwrap());
        let own = average(stats.total_num_tokens(body_en).unwrap());
        assert!(raw < 1.0, "{raw}");
        assert!((own - 9.0).abs() < 0.01, "{own}");
        // "armenia" is in 1 of 3 English articles: its idf is that of 1 in 3, not 1 in 33.
        let term = Term::from_field_text(body_en, "armenia");
        let idf = |n: u64| (1.0 + (total - n as f64 + 0.5) / (n as f64 + 0.5)).ln();
        let within = (1.0f64 + (3.0 - 1.0 + 0.5) / 1.5).ln();
        assert!((idf(stats.doc_freq(&term).unwrap()) - within).abs() < 0.05);
        assert!(idf(searcher.doc_freq(&term).unwrap()) > 2.0 * within);
        // Fields of no language are left alone.
        let lang = Term::from_field_text(fields.lang, "en");
        assert_eq!(stats.doc_freq(&lang).unwrap(), 3);
    }

    #[test]
    fn a_query_is_analysed_only_for_the_languages_the_index_holds() {
        let (index, fields) = test_index();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut add = |id: &str, body: &str, lang: &str| {
            add(&mut writer, &fields, id, body, lang);
            writer.commit().unwrap();
        };
        let searched = |request: &SearchRequest| {
            let searcher = index.reader().unwrap().searcher();
            let built = build(&searcher, &fields, request, Gazetteer::builtin()).unwrap();
            let mut seen = std::collections::BTreeSet::new();
            built.text.query_terms(&mut |term, _| {
                seen.insert(term.field());
            });
            seen
        };
        let request = SearchRequest {
            query: "armenia".into(),
            ..SearchRequest::default()
        };
        add("ar", "اشتباكات على حدود أرمينيا", "ar");
        add("en", "clashes on the border of Armenia", "en");
        let fields_searched = searched(&request);
        assert!(fields_searched.contains(&fields.body));
        assert!(fields_searched.contains(&fields.of(Lang::En).body));
        assert!(!fields_searched.contains(&fields.of(Lang::Zh).body));
        assert!(!fields_searched.contains(&fields.of(Lang::Fr).body));
        // --lang still chooses, present or not.
        let zh_only = SearchRequest {
            langs: vec!["zh".into()],
            ..request.clone()
        };
        let zh = searched(&zh_only);
        assert!(zh.contains(&fields.of(Lang::Zh).body), "{zh:?}");
        assert!(!zh.contains(&fields.body) && !zh.contains(&fields.of(Lang::En).body));
        // A Chinese article arrives: Chinese is searched too.
        add("zh", "亚美尼亚和阿塞拜疆边境发生冲突 armenia", "zh");
        assert!(searched(&request).contains(&fields.of(Lang::Zh).body));
    }

    #[test]
    fn only_a_mixed_archive_restricts_each_branch_to_its_language() {
        let (index, fields) = test_index();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let restricted_to = |request: &SearchRequest| {
            let searcher = index.reader().unwrap().searcher();
            let built = build(&searcher, &fields, request, Gazetteer::builtin()).unwrap();
            let mut langs = Vec::new();
            built.text.query_terms(&mut |term, _| {
                if term.field() == fields.lang {
                    langs.push(term.value().as_str().unwrap_or_default().to_string());
                }
            });
            langs.sort();
            let hits = searcher.search(&*built.full, &Count).unwrap();
            (langs, hits)
        };
        let request = |langs: &[&str]| SearchRequest {
            query: "أرمينيا".into(),
            langs: langs.iter().map(|l| l.to_string()).collect(),
            ..SearchRequest::default()
        };
        add(
            &mut writer,
            &fields,
            "ar1",
            "اشتباكات على حدود أرمينيا",
            "ar",
        );
        add(
            &mut writer,
            &fields,
            "ar2",
            "وزير خارجية أرمينيا في موسكو",
            "ar",
        );
        writer.commit().unwrap();
        // All Arabic: every document is Arabic, the restriction would filter nothing.
        assert_eq!(restricted_to(&request(&[])), (vec![], 2));
        assert_eq!(restricted_to(&request(&["ar"])), (vec![], 2));
        // A language the archive does not hold keeps its restriction (and finds nothing).
        assert_eq!(
            restricted_to(&request(&["en"])),
            (vec!["en".to_string()], 0)
        );
        // Once another language arrives, each branch is restricted to its own language.
        add(
            &mut writer,
            &fields,
            "en1",
            "clashes on the border of Armenia",
            "en",
        );
        writer.commit().unwrap();
        let langs = vec!["ar".to_string(), "en".to_string()];
        assert_eq!(restricted_to(&request(&[])), (langs, 2));
    }

    #[test]
    fn equivalent_doc_freq_keeps_the_idf_of_the_language() {
        let idf = |n: f64, total: f64| (1.0 + (total - n + 0.5) / (n + 0.5)).ln();
        for (freq, within, total) in [(1, 1, 37), (1, 3, 37), (40, 1000, 100_000), (3, 3, 100)] {
            let n = equivalent_doc_freq(freq, within, total);
            let want = idf(freq as f64, within as f64);
            let got = idf(n as f64, total as f64);
            assert!(
                (want - got).abs() < 0.05 * want.max(0.1),
                "{freq}/{within}: {want} vs {got}"
            );
        }
        assert_eq!(equivalent_doc_freq(5, 100, 100), 5);
    }

    #[test]
    fn nesting_counts_parentheses_outside_phrases() {
        assert_eq!(nesting("a (b (c) d)"), 2);
        assert_eq!(nesting("\"((((\" x"), 0);
        assert_eq!(nesting("\\( \\( x"), 0);
        assert_eq!(nesting(")))((("), 3);
    }

    #[test]
    fn a_query_of_function_words_alone_says_so() {
        let (index, fields) = test_index();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        add(&mut writer, &fields, "ar", "كانت الحرب في أرمينيا", "ar");
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let built = |q: &str| {
            let request = SearchRequest {
                query: q.into(),
                ..SearchRequest::default()
            };
            build(&searcher, &fields, &request, Gazetteer::builtin())
        };
        for query in ["كانت", "في", "\"كانت إلى\"", "فِي هٰذا", "في ؟"] {
            let error = built(query).err().map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("nothing to search for")),
                "{query}: {error:?}"
            );
        }
        // With a content word the function words are just ignored.
        let hits = |q: &str| searcher.search(&*built(q).unwrap().full, &Count).unwrap();
        assert_eq!(hits("كانت أرمينيا"), 1);
        // Excluding alone is another mistake, with tantivy's own message.
        assert!(matches!(built("-أرمينيا"), Err(QueryError::Parse { .. })));
    }

    #[test]
    fn hostile_queries_are_refused_before_parsing() {
        let (index, fields) = test_index();
        // An empty index: the query is analysed for every language.
        let searcher = index.reader().unwrap().searcher();
        let request = |q: String| SearchRequest {
            query: q,
            ..SearchRequest::default()
        };
        let deep = format!("{}x{}", "(".repeat(2000), ")".repeat(2000));
        assert!(matches!(
            build(
                &searcher,
                &fields,
                &request(deep),
                arshif_entities::Gazetteer::builtin()
            ),
            Err(QueryError::TooDeep(2000))
        ));
        let long = "كلمة ".repeat(1000);
        assert!(matches!(
            build(
                &searcher,
                &fields,
                &request(long),
                arshif_entities::Gazetteer::builtin()
            ),
            Err(QueryError::TooLong(_))
        ));
        let many = (0..400)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" OR ");
        assert!(matches!(
            build(
                &searcher,
                &fields,
                &request(many),
                arshif_entities::Gazetteer::builtin()
            ),
            Err(QueryError::TooManyTerms(_))
        ));
        // Within the limit as written, beyond it once analysed in every language: each
        // three-character CJK word is 2 terms as written and 30 across the languages' fields
        // (bigrams in Japanese, Chinese and Korean).
        let cjk = (0..250)
            .map(|i| format!("衝突{}", char::from_u32(0x4E00 + i).unwrap()))
            .collect::<Vec<_>>()
            .join(" OR ");
        assert!(matches!(
            build(
                &searcher,
                &fields,
                &request(cjk.clone()),
                arshif_entities::Gazetteer::builtin()
            ),
            Err(QueryError::TooManyTerms(n)) if n > MAX_FANNED_TERMS
        ));
        // …unless the languages searched are fewer.
        let only_ar = SearchRequest {
            langs: vec!["ar".into()],
            ..request(cjk)
        };
        assert!(build(
            &searcher,
            &fields,
            &only_ar,
            arshif_entities::Gazetteer::builtin()
        )
        .is_ok());
        let unknown = SearchRequest {
            langs: vec!["xx".into()],
            ..request("x".into())
        };
        assert!(matches!(
            build(
                &searcher,
                &fields,
                &unknown,
                arshif_entities::Gazetteer::builtin()
            ),
            Err(QueryError::Lang(_))
        ));
        let missing_field = request("datZ TO -01-01T00:*".into());
        let built = build(
            &searcher,
            &fields,
            &missing_field,
            arshif_entities::Gazetteer::builtin(),
        );
        assert!(matches!(built, Err(QueryError::Parse { .. })));
        assert!(build(
            &searcher,
            &fields,
            &request("(أرمينيا OR (روسيا AND تركيا))".into()),
            arshif_entities::Gazetteer::builtin()
        )
        .is_ok());
    }
}
