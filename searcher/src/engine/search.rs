//! Running a search: opening the index (with retries), deciding the query (strict, relaxed,
//! expanded), ranking, snippets and labels of the hits, facet counts — put together as an
//! [`Answer`].

use std::path::Path;

use arshif_analysis::Lang;
use arshif_entities::gazetteer::{Entry, Gazetteer};
use arshif_schema::document::facet_leaf;
use arshif_schema::schema::field;
use arshif_schema::schema::{
    ACTOR_FACET_ROOT, COUNTRY_FACET_ROOT, MAIN_ACTOR_FACET_ROOT, MAIN_COUNTRY_FACET_ROOT,
};
use arshif_schema::{ActorKind, Fields};
use arshif_schema::{Opened, StoredArticle};
use std::collections::hash_map::Entry as Slot;
use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::EnableScoring;
use tantivy::schema::{Facet, Field};
use tantivy::DocSet;
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument};

use crate::engine::answer::{Answer, FacetCount, Facets, Highlighted, Hit, Relaxation};
use crate::engine::article::named;
use crate::engine::counts::{FacetCounts, ValueCounts};
use crate::engine::explain;
use crate::engine::feedback;
use crate::engine::histogram::{self, Unit};
use crate::engine::query::{self, PerLanguageStatistics, QueryError};
use crate::engine::request::{SearchRequest, Sort};
use crate::engine::snippet::{first_highlighted, lead, Highlighter};
use crate::engine::suggest::{self, Suggestion};

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Open(#[from] arshif_schema::Error),
    #[error("search failed: {}", arshif_schema::error::describe(.0))]
    Index(#[from] tantivy::TantivyError),
}

/// When fewer articles than this have every word of a query, the search is relaxed: it answers
/// with the articles that have the most of the words, ranked by how many they have, then by
/// BM25, and says so ([`Relaxation`]). One: only an empty answer is relaxed, so that a query
/// that finds anything means what it always meant.
pub const RELAX_BELOW: usize = 1;

/// How often [`open_and_search`] tries again when the index changes under it.
pub const ATTEMPTS: usize = 5;

/// Opens the index in `dir` and runs `request`, retrying when a concurrent reindex replaced the
/// files of the commit being opened.
///
/// An indexer in another process may publish a new commit and delete the old commit's merged-away
/// segment files between our reading `meta.json` and our opening those files (tantivy protects
/// files from deletion only for readers in the writer's own process). Opening again reads the new
/// `meta.json`, whose files exist; once open, files stay readable even if deleted (they are
/// memory-mapped). So a search always sees one complete commit, before or after the reindex.
pub fn open_and_search(
    dir: &Path,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<Answer, SearchError> {
    with_index(dir, |opened| search(opened, request, gazetteer))
}

/// Opens the index in `dir` for searching: as [`arshif_schema::open`], with the index's segments
/// searched in parallel on every core. A large archive has a dozen segments (merges are capped,
/// see `arshif_schema::merge`); counting facets over half a million matches is per-segment work
/// that two cores do in about half the time, and a few idle threads cost nothing in between.
pub fn open(dir: &Path) -> Result<Opened, arshif_schema::Error> {
    let mut opened = arshif_schema::open(dir)?;
    if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        // Without the pool, searches still run, one segment after another.
        let _ = opened.index.set_default_multithread_executor();
    }
    Ok(opened)
}

/// Opens the index in `dir` and runs `work` on it, retrying like [`open_and_search`]: for work
/// that must see one commit throughout (a search, then its histogram and score explanations).
pub fn with_index<T>(
    dir: &Path,
    mut work: impl FnMut(&Opened) -> Result<T, SearchError>,
) -> Result<T, SearchError> {
    let mut attempt = 1;
    loop {
        let result = open(dir)
            .map_err(SearchError::from)
            .and_then(|opened| work(&opened));
        match result {
            Err(e) if attempt < ATTEMPTS && e.is_transient() => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(20 * attempt as u64));
            }
            other => return other,
        }
    }
}

impl SearchError {
    /// Errors that a concurrent reindex can cause and that opening again resolves.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            SearchError::Index(_)
                | SearchError::Open(
                    arshif_schema::Error::Tantivy(_) | arshif_schema::Error::Io { .. }
                )
        )
    }
}

/// Runs `request` on an open index: the hits, the total, the facets (no histogram, no score
/// explanations: see [`answer`]).
pub fn search(
    opened: &Opened,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
) -> Result<Answer, SearchError> {
    let mut hits = Vec::new();
    let answer = search_each(opened, request, gazetteer, |hit| {
        hits.push(hit);
        true
    })?;
    Ok(Answer { hits, ..answer })
}

/// Runs `request` on an open index, with the histogram of its matches per `histogram` unit and
/// each hit's score explanation when asked: everything the terminal, interactive and `--json`
/// front ends show, from the one commit `opened` holds.
pub fn answer(
    opened: &Opened,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    histogram: Option<Unit>,
    explain: bool,
) -> Result<Answer, SearchError> {
    let mut answer = search(opened, request, gazetteer)?;
    answer.histogram = match histogram {
        Some(unit) => Some(histogram::histogram(opened, request, unit, gazetteer)?),
        None => None,
    };
    if explain {
        let explanations = explain::explain(opened, request, &answer.hits, gazetteer)?;
        for (hit, explanation) in answer.hits.iter_mut().zip(explanations) {
            hit.explanation = Some(explanation);
        }
    }
    Ok(answer)
}

/// Runs `request` and hands each hit to `each` as soon as its document is read and its snippets
/// made, in rank order (`--ndjson` writes it out at once); `each` returns `false` to stop. Returns
/// the rest of the [`Answer`]: the total, the facets and whether the search was relaxed (its
/// `hits` are empty: they went to `each`).
pub fn search_each(
    opened: &Opened,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    mut each: impl FnMut(Hit) -> bool,
) -> Result<Answer, SearchError> {
    let fields = &opened.fields;
    let searcher = opened.latest_searcher()?;
    suggest::check_filters(&searcher, fields, request, gazetteer).map_err(QueryError::from)?;
    let statistics = PerLanguageStatistics::new(&searcher, fields)?;
    let Plan {
        built,
        total,
        ranked,
        relaxed,
    } = plan(&searcher, fields, request, gazetteer, &statistics)?;
    // A word no article has makes a strict answer empty or a relaxed one: only then are the
    // query's words looked up one by one.
    let suggestions = if total == 0 || relaxed.is_some() {
        suggestions(&searcher, fields, request)?
    } else {
        Vec::new()
    };
    let relaxed = match relaxed {
        Some((relaxation, words)) => {
            let matched = words_matched(&searcher, &words, &ranked)?;
            Some((relaxation, matched))
        }
        None => None,
    };
    let hits = if request.limit == 0 {
        Vec::new()
    } else {
        ranked
    };

    // Snippets come from the fields of each hit's language, made by that language's analyzer.
    // Arabic has one generator per view: the stemmed one finds every inflected or cliticised
    // form (and highlights the whole word as written, clitics included); the exact one is the
    // only one a quoted phrase has terms for. Generators are made when a language first shows.
    // A field the query has no term in gets no generator: tantivy's would still analyze every
    // hit's whole text to find nothing (a quoted phrase has terms only in the exact view).
    //
    // Making a snippet analyzes the hit's whole text, most of what a search costs after the
    // query itself; the hits of a chunk get theirs in parallel, then are handed over in rank
    // order, so `--ndjson` still streams and an early stop wastes at most one chunk.
    let body_chars = request.snippet_chars.max(20);
    let mut generators: HashMap<Lang, LangSnippets> = HashMap::new();
    let mut ranked = hits.into_iter().enumerate().peekable();
    'hits: while ranked.peek().is_some() {
        let mut chunk = Vec::with_capacity(SNIPPET_CHUNK);
        for (i, (score, address)) in ranked.by_ref().take(SNIPPET_CHUNK) {
            let (article, lang) = read_article(&searcher, fields, address)?;
            if let Slot::Vacant(e) = generators.entry(lang) {
                e.insert(LangSnippets::new(
                    &searcher,
                    &*built.text,
                    fields,
                    lang,
                    body_chars,
                )?);
            }
            chunk.push((i, score, address, lang, article));
        }
        // One part of the chunk a thread, each with its own highlighters: the Arabic stemmer's
        // memory of words then serves all the hits of the part.
        let part = chunk.len().div_ceil(rayon::current_num_threads()).max(1);
        let highlighted: Vec<(Highlighted, Highlighted)> = chunk
            .par_chunks(part)
            .flat_map_iter(|hits| {
                let mut generators = generators.clone();
                hits.iter().map(move |(_, _, _, lang, article)| {
                    let Some(snippets) = generators.get_mut(lang) else {
                        let lead = lead(&article.body, request.snippet_chars);
                        return (Highlighted::plain(&article.title), lead);
                    };
                    let title = first_highlighted(&mut snippets.title, &article.title)
                        .unwrap_or_else(|| Highlighted::plain(&article.title));
                    let snippet = first_highlighted(&mut snippets.body, &article.body)
                        .unwrap_or_else(|| lead(&article.body, request.snippet_chars));
                    (title, snippet)
                })
            })
            .collect();
        for ((i, score, address, _, article), (title, snippet)) in
            chunk.into_iter().zip(highlighted)
        {
            let country_labels = article
                .countries
                .iter()
                .map(|c| gazetteer.country_by_id(c).map(Entry::label))
                .collect();
            let actor_labels = article
                .actors
                .iter()
                .map(|a| gazetteer.actor_by_id(a).map(Entry::label))
                .collect();
            let country_names = named(&article.countries, &article.main_countries, |c| {
                gazetteer.country_by_id(c)
            });
            let actor_names = named(&article.actors, &article.main_actors, |a| {
                gazetteer.actor_by_id(a)
            });
            // A relaxed score counts the words matched ([`query::WORD_MATCH_SCORE`]); shown is
            // its BM25 part, and the words.
            let (score, matched) = match &relaxed {
                Some((relaxation, matched)) => {
                    let indices = matched.get(i).map_or(&[][..], Vec::as_slice);
                    let bonus = query::WORD_MATCH_SCORE * indices.len() as f32;
                    let words = indices
                        .iter()
                        .filter_map(|&w| relaxation.words.get(w).cloned())
                        .collect();
                    (score.map(|s| (s - bonus).max(0.0)), Some(words))
                }
                None => (score, None),
            };
            let hit = Hit {
                rank: request.offset + i + 1,
                score,
                article,
                title,
                snippet,
                country_labels,
                actor_labels,
                country_names,
                actor_names,
                address,
                matched,
                explanation: None,
            };
            if !each(hit) {
                break 'hits;
            }
        }
    }
    let facets = match request.facets {
        Some(k) => Some(facet_counts(
            &searcher,
            &*built.full,
            k,
            request.main_facets,
            gazetteer,
        )?),
        None => None,
    };
    Ok(Answer {
        total,
        hits: Vec::new(),
        facets,
        histogram: None,
        relaxed: relaxed.map(|(relaxation, _)| relaxation),
        suggestions,
    })
}

/// For each query word no article has, the index's words closest to it.
fn suggestions(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<Vec<Suggestion>, SearchError> {
    let (words, langs) = query::unmatched_words(searcher, fields, request)?;
    let mut out = Vec::new();
    for word in words {
        // `title:word` is looked up as `word`.
        let bare = word.rsplit(':').next().unwrap_or(&word);
        let instead = suggest::words(searcher, fields, &langs, bare)?;
        out.push(Suggestion { word, instead });
    }
    Ok(out)
}

/// How a request is run: the query, and what it found.
pub struct Plan {
    /// The query run: strict, relaxed, expanded by feedback.
    pub built: query::BuiltQuery,
    /// How many articles match it.
    pub total: usize,
    /// The page of hits `request` asks for, in its order.
    pub ranked: Vec<(Option<f32>, DocAddress)>,
    /// Whether the query was relaxed, and each word's query.
    pub relaxed: Option<(Relaxation, Vec<Box<dyn tantivy::query::Query>>)>,
}

/// Decides the query for `request` and runs it: every word required; relaxed when that finds
/// fewer than [`RELAX_BELOW`] articles (unless `request.strict`); expanded by pseudo-relevance
/// feedback ([`crate::engine::feedback`]) when the request asks for it or the query was relaxed.
/// Whatever follows a search over the same matches (a histogram, `--explain`) plans again, so
/// that it sees the query the search ran.
pub fn plan(
    searcher: &Searcher,
    fields: &Fields,
    request: &SearchRequest,
    gazetteer: &Gazetteer,
    statistics: &PerLanguageStatistics,
) -> Result<Plan, SearchError> {
    let mut built = query::build(searcher, fields, request, gazetteer)?;
    let (mut total, mut ranked) = rank(searcher, &*built.full, request, statistics)?;
    let mut relaxed = None;
    if !request.strict && total < RELAX_BELOW {
        if let Some(relaxed_query) = query::relax(searcher, fields, request, gazetteer)? {
            let (more, reranked) = rank(searcher, &*relaxed_query.built.full, request, statistics)?;
            if more > total {
                let relaxation = Relaxation {
                    words: relaxed_query.words,
                    every_word: total,
                };
                relaxed = Some((relaxation, relaxed_query.word_queries));
                (total, ranked, built) = (more, reranked, relaxed_query.built);
            }
        }
    }
    if request.expand || relaxed.is_some() {
        let best = TopDocs::with_limit(feedback::DOCS).order_by_score();
        let top = searcher.search_with_statistics_provider(&*built.full, &best, statistics)?;
        if let Some(expansion) = feedback::expansion(searcher, fields, &*built.text, &top)? {
            let expanded = query::expanded(&built, expansion, fields, request, gazetteer);
            (total, ranked) = rank(searcher, &*expanded.full, request, statistics)?;
            built = expanded;
        }
    }
    Ok(Plan {
        built,
        total,
        ranked,
        relaxed,
    })
}

/// Ranked hits: how many match `query`, and the page `request` asks for.
type Ranked = (usize, Vec<(Option<f32>, DocAddress)>);

/// Runs `query` for the page of hits `request` asks for, in its order.
fn rank(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    request: &SearchRequest,
    statistics: &PerLanguageStatistics,
) -> tantivy::Result<Ranked> {
    let top = TopDocs::with_limit(request.limit.max(1)).and_offset(request.offset);
    Ok(match request.sort {
        Sort::Relevance => {
            let (total, docs) = searcher.search_with_statistics_provider(
                query,
                &(Count, top.order_by_score()),
                statistics,
            )?;
            (total, docs.into_iter().map(|(s, d)| (Some(s), d)).collect())
        }
        Sort::Date => {
            let by_date = top.order_by_fast_field::<DateTime>(field::DATE, Order::Desc);
            let (total, docs) = searcher.search(query, &(Count, by_date))?;
            (total, docs.into_iter().map(|(_, d)| (None, d)).collect())
        }
    })
}

/// For each ranked hit, the indices of the `words` (their queries) it matches. Each word's
/// scorer visits the hits of a segment in document order, as scorers must be advanced.
fn words_matched(
    searcher: &Searcher,
    words: &[Box<dyn tantivy::query::Query>],
    ranked: &[(Option<f32>, DocAddress)],
) -> tantivy::Result<Vec<Vec<usize>>> {
    let mut matched = vec![Vec::new(); ranked.len()];
    let mut in_order: Vec<(DocAddress, usize)> = ranked
        .iter()
        .enumerate()
        .map(|(i, (_, a))| (*a, i))
        .collect();
    in_order.sort_unstable();
    for (w, query) in words.iter().enumerate() {
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
        for segment in in_order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
            let reader = searcher.segment_reader(segment[0].0.segment_ord);
            let mut scorer = weight.scorer(reader, 1.0)?;
            for (address, hit) in segment {
                if scorer.doc() < address.doc_id {
                    scorer.seek(address.doc_id);
                }
                if scorer.doc() == address.doc_id {
                    matched[*hit].push(w);
                }
            }
        }
    }
    Ok(matched)
}

/// The stored article at `address`, and its language (Arabic when it has none: indexes older
/// than the `lang` field were Arabic).
pub(crate) fn read_article(
    searcher: &Searcher,
    fields: &Fields,
    address: DocAddress,
) -> tantivy::Result<(StoredArticle, Lang)> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let article = StoredArticle::from_document(&doc, fields);
    let lang = article
        .lang
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(Lang::Ar);
    Ok((article, lang))
}

/// How many hits get their snippets made together (in parallel).
const SNIPPET_CHUNK: usize = 16;

/// The highlighters of one language's title and body fields, in the order they are tried.
#[derive(Clone)]
struct LangSnippets {
    title: Vec<Option<Highlighter>>,
    body: Vec<Option<Highlighter>>,
}

impl LangSnippets {
    fn new(
        searcher: &Searcher,
        query: &dyn tantivy::query::Query,
        fields: &Fields,
        lang: Lang,
        body_chars: usize,
    ) -> tantivy::Result<LangSnippets> {
        let own = fields.of(lang);
        let (mut titles, mut bodies) = (vec![own.title], vec![own.body]);
        if lang == Lang::Ar {
            titles.push(fields.title_exact);
            bodies.push(fields.body_exact);
        }
        let make = |fields: Vec<Field>, max_chars| -> tantivy::Result<Vec<Option<Highlighter>>> {
            fields
                .into_iter()
                .map(|field| Highlighter::new(searcher, query, field, max_chars))
                .collect()
        };
        Ok(LangSnippets {
            title: make(titles, usize::MAX / 2)?,
            body: make(bodies, body_chars)?,
        })
    }
}

/// Counts countries, actors (per kind) and sources over every match of `query`, keeping the top
/// `k` of each: every country and actor an article names, or with `main` only those it is
/// about. Public so that the benchmark driver (`bench/driver`) times exactly this.
pub fn facet_counts(
    searcher: &Searcher,
    query: &dyn tantivy::query::Query,
    k: usize,
    main: bool,
    gazetteer: &Gazetteer,
) -> tantivy::Result<Facets> {
    let (country_root, actor_root) = match main {
        true => (MAIN_COUNTRY_FACET_ROOT, MAIN_ACTOR_FACET_ROOT),
        false => (COUNTRY_FACET_ROOT, ACTOR_FACET_ROOT),
    };
    let countries = FacetCounts::under(field::COUNTRIES, vec![Facet::from(country_root)]);
    let actor_kind_root = |kind: &ActorKind| Facet::from_path([&actor_root[1..], kind.as_str()]);
    let actors = FacetCounts::under(
        field::ACTORS,
        ActorKind::ALL.iter().map(actor_kind_root).collect(),
    );
    let sources = ValueCounts::of(field::SOURCE);
    // In an archive of one language every match is in it: its count is the number of matches,
    // and reading the `lang` column of each match (a quarter of the work here) is not needed.
    let lang_field = searcher.schema().get_field(field::LANG)?;
    let (countries, actors, sources, langs) = match query::langs_in_index(searcher, lang_field)?[..]
    {
        [only] => {
            let (countries, actors, sources, matches) =
                searcher.search(query, &(countries, actors, sources, Count))?;
            let langs: rustc_hash::FxHashMap<String, u64> = (matches > 0)
                .then(|| (only.code().to_string(), matches as u64))
                .into_iter()
                .collect();
            (countries, actors, sources, langs)
        }
        _ => {
            let langs = ValueCounts::of(field::LANG);
            searcher.search(query, &(countries, actors, sources, langs))?
        }
    };
    let mut country: Vec<FacetCount> = countries
        .iter()
        .map(|(facet, &count)| {
            let code = facet_leaf(facet);
            let entry = gazetteer.country_by_id(&code);
            FacetCount::new(code, count, None, entry)
        })
        .collect();
    sort_counts(&mut country, k);
    let mut actor = Vec::new();
    for kind in ActorKind::ALL {
        let root = actor_kind_root(&kind);
        actor.extend(
            actors
                .iter()
                .filter(|(facet, _)| root.is_prefix_of(facet))
                .map(|(facet, &count)| {
                    let id = facet_leaf(facet);
                    let entry = gazetteer.actor_by_id(&id);
                    FacetCount::new(id, count, Some(kind), entry)
                }),
        );
    }
    sort_counts(&mut actor, k);
    let mut source: Vec<FacetCount> = sources
        .into_iter()
        .map(|(value, count)| FacetCount::new(value, count, None, None))
        .collect();
    sort_counts(&mut source, k);
    let mut lang: Vec<FacetCount> = langs
        .into_iter()
        .map(|(code, count)| {
            let name = Lang::from_code(&code).map(|l| l.name().to_string());
            FacetCount {
                value: code,
                count,
                kind: None,
                name,
                name_ar: None,
            }
        })
        .collect();
    sort_counts(&mut lang, k);
    Ok(Facets {
        main,
        country,
        actor,
        source,
        lang,
    })
}

/// Highest count first, ties by value, at most `k`.
fn sort_counts(v: &mut Vec<FacetCount>, k: usize) {
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(k);
}
