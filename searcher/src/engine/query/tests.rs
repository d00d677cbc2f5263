//! The query builder's tests: scoring per language, limits, views, relaxing.

use tantivy::collector::Count;

use arshif_analysis::Lang;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::Term;

use super::limits::{nesting, MAX_FANNED_TERMS};
use super::statistics::equivalent_doc_freq;
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
    let try_build = |request: &SearchRequest| {
        build(
            &searcher,
            &fields,
            request,
            arshif_entities::Gazetteer::builtin(),
        )
    };
    let deep = format!("{}x{}", "(".repeat(2000), ")".repeat(2000));
    assert!(matches!(
        try_build(&request(deep)),
        Err(QueryError::TooDeep(2000))
    ));
    let long = "كلمة ".repeat(1000);
    assert!(matches!(
        try_build(&request(long)),
        Err(QueryError::TooLong(_))
    ));
    let many = (0..400)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" OR ");
    assert!(matches!(
        try_build(&request(many)),
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
        try_build(&request(cjk.clone())),
        Err(QueryError::TooManyTerms(n)) if n > MAX_FANNED_TERMS
    ));
    // …unless the languages searched are fewer.
    let only_ar = SearchRequest {
        langs: vec!["ar".into()],
        ..request(cjk)
    };
    assert!(try_build(&only_ar).is_ok());
    let unknown = SearchRequest {
        langs: vec!["xx".into()],
        ..request("x".into())
    };
    assert!(matches!(try_build(&unknown), Err(QueryError::Lang(_))));
    let missing_field = request("datZ TO -01-01T00:*".into());
    let built = try_build(&missing_field);
    assert!(matches!(built, Err(QueryError::Parse { .. })));
    assert!(try_build(&request("(أرمينيا OR (روسيا AND تركيا))".into())).is_ok());
}
