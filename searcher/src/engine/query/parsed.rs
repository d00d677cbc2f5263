//! What every query of a request shares ([`Prepared`]): the query checked against the limits
//! and parsed once, the parser with the fields' boosts, and the languages searched.

use arshif_analysis::Lang;
use arshif_schema::Fields;
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EnableScoring, Occur, Query, QueryParser, QueryParserError,
    TermQuery,
};
use tantivy::query_grammar::{self, UserInputAst};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::limits::{nesting, MAX_FANNED_TERMS, MAX_NESTING, MAX_QUERY_BYTES, MAX_TERMS};
use super::views::views;
use super::{QueryError, EXACT_BOOST, SINGLE_VIEW_BOOST, TITLE_BOOST};
use crate::engine::pair_phrase::{self, QueryPairs};
use crate::engine::request::SearchRequest;

/// What every query of a request shares: its syntax tree, the parser, the searched languages.
pub(super) struct Prepared<'a> {
    pub(super) searcher: &'a Searcher,
    pub(super) text: String,
    pub(super) ast: UserInputAst,
    pub(super) parser: QueryParser,
    pub(super) langs: Vec<Lang>,
    /// The index's only language, if it has one.
    pub(super) sole: Option<Lang>,
    pub(super) pairs: QueryPairs,
    pub(super) lang_field: Field,
}

impl<'a> Prepared<'a> {
    /// Checks the request's query against the limits and parses it.
    pub(super) fn new(
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
    pub(super) fn text_query(&self, ast: UserInputAst) -> Result<Box<dyn Query>, QueryError> {
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
