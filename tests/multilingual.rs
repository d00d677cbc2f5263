//! End-to-end: articles in several languages, each analysed in its own; `--lang`; the `lang`
//! facet; language detection; facets shared across languages.

use std::collections::BTreeSet;
use std::fs;

use arshif_e2e::{hit_ids, index, repo_root, sample_index, search, search_json};
use serde_json::Value;

const ARABIC: &str = "armenia-azerbaijan-clashes.txt";
const ENGLISH: &str = "armenia-azerbaijan-clashes-en.json";
const FRENCH: &str = "2022-09-13-affrontements-armenie-azerbaidjan.txt";
const JAPANESE: &str = "armenia-azerbaijan-clashes-ja.json";
const GERMAN: &str = "2022-09-14-armenien-aserbaidschan-waffenruhe.txt";

fn sample_text(file: &str) -> String {
    fs::read_to_string(repo_root().join("data-samples").join(file)).unwrap()
}

fn ids(args: &[&str]) -> Vec<String> {
    let mut all = vec!["-n", "1000"];
    all.extend_from_slice(args);
    hit_ids(&search_json(sample_index(), &all))
}

/// The values of a `--json` result's `lang` facet.
fn lang_values(result: &Value) -> BTreeSet<&str> {
    result["facets"]["lang"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect()
}

/// The `lang` facet of a `--json` result as (value, count) pairs.
fn lang_counts(result: &Value) -> Vec<(String, u64)> {
    result["facets"]["lang"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_string(),
                c["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn hits(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["-n", "1000"];
    all.extend_from_slice(args);
    search_json(sample_index(), &all)["hits"]
        .as_array()
        .unwrap()
        .clone()
}

fn langs_of(hits: &[Value]) -> BTreeSet<String> {
    hits.iter()
        .map(|h| h["lang"].as_str().unwrap_or("none").to_string())
        .collect()
}

#[test]
fn english_is_stemmed_in_english() {
    let text = sample_text(ENGLISH);
    // A form the article never uses, found through the Porter stemmer (clash, clashes).
    assert!(!text.to_lowercase().contains("clashed"));
    assert!(text.contains("clashes") && text.contains("clash "));
    for query in ["clashed", "clashes", "ceasefire", "peacekeeper"] {
        let found = ids(&[query]);
        assert!(found.contains(&ENGLISH.to_string()), "{query}: {found:?}");
    }
    // Stopwords do not have to be found: `the` is not required of English articles.
    assert_eq!(
        ids(&["the clashed"]).first().map(String::as_str),
        Some(ENGLISH)
    );
    // The hit is highlighted in its own language's analysis: the whole word as written.
    let hit = &hits(&["clashed", "--lang", "en"])[0];
    assert_eq!(hit["id"], ENGLISH);
    let snippet = hit["snippet"].as_str().unwrap();
    let highlighted: Vec<String> = hit["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let (a, b) = (
                r[0].as_u64().unwrap() as usize,
                r[1].as_u64().unwrap() as usize,
            );
            snippet.chars().skip(a).take(b - a).collect()
        })
        .collect();
    assert!(
        highlighted.iter().any(|w| w.starts_with("clash")),
        "{highlighted:?} in {snippet}"
    );
}

#[test]
fn french_is_found_without_elision_or_accents() {
    let text = sample_text(FRENCH);
    // The article writes only « l'Arménie » / « de l'Arménie » and the plural « affrontements ».
    assert!(text.contains("l'Arménie") && !text.contains(" Arménie"));
    assert!(!text.contains("affrontement "));
    for query in [
        "Arménie",
        "armenie",
        "affrontement",
        "\"l'Arménie\"",
        "cessez-le-feu",
    ] {
        let found = ids(&[query, "--lang", "fr"]);
        assert_eq!(found, vec![FRENCH.to_string()], "{query}");
    }
    // The date comes from the file name, the language from detection (the file says neither).
    let hit = &hits(&["affrontement"])[0];
    assert_eq!(hit["id"], FRENCH);
    assert_eq!(hit["lang"], "fr");
    assert_eq!(hit["date"], "2022-09-13");
}

#[test]
fn german_is_stemmed_in_german() {
    let text = sample_text(GERMAN);
    // The article writes « Kämpfen » and « Waffenruhe », never « Kampf » or « Waffenruhen ».
    assert!(text.contains("Kämpfen") && !text.contains("Kampf "));
    for query in ["Kämpfe", "Kampfe", "Waffenruhen", "Grenze"] {
        let found = ids(&[query, "--lang", "de"]);
        assert_eq!(found, vec![GERMAN.to_string()], "{query}");
    }
    let hit = &hits(&["Waffenruhe"])[0];
    assert_eq!((&hit["id"], &hit["lang"]), (&GERMAN.into(), &"de".into()));
}

#[test]
fn japanese_is_found_by_whole_words() {
    // Whole words, as a reader types them: found through the Japanese analyzer whether it
    // segments words (lindera) or makes bigrams (fallback).
    for query in [
        "アルメニア",
        "衝突",
        "アゼルバイジャン",
        "停戦",
        "\"国連安全保障理事会\"",
    ] {
        let found = ids(&[query]);
        assert!(found.contains(&JAPANESE.to_string()), "{query}: {found:?}");
        assert_eq!(
            langs_of(&hits(&[query])),
            ["ja".to_string()].into(),
            "{query}"
        );
    }
    assert!(ids(&["衝突 パシニャン"]).contains(&JAPANESE.to_string()));
    // A word the article does not contain finds nothing.
    assert!(ids(&["地震"]).is_empty());
}

#[test]
fn an_arabic_query_finds_arabic_articles_first_and_only() {
    let arabic_hits = hits(&["أرمينيا"]);
    assert_eq!(arabic_hits[0]["id"], ARABIC);
    assert_eq!(langs_of(&arabic_hits), ["ar".to_string()].into());
    // The English, French and Japanese articles about the same clashes do not pollute it,
    // and neither do the two English wire stories that share no word with it.
    for other in [ENGLISH, FRENCH, GERMAN, JAPANESE] {
        assert!(!ids(&["أرمينيا أذربيجان"]).contains(&other.to_string()));
    }
    // The other way round: an English query finds English articles.
    let english = hits(&["Armenia Azerbaijan"]);
    assert_eq!(english[0]["id"], ENGLISH);
    assert!(!langs_of(&english).contains("ar"));
}

#[test]
fn ranking_is_comparable_across_languages() {
    // Asked in both languages at once: the Arabic article about the clashes leads (it names
    // Armenia throughout), and the English one about the same clashes ranks above an Arabic
    // article that names Armenia once — although English is 3 articles of 38, whose raw BM25
    // statistics (average length over all 37) would make it look 12 times too long.
    let ranked = ids(&["أرمينيا OR Armenia"]);
    let rank = |id: &str| ranked.iter().position(|r| r == id);
    assert_eq!(rank(ARABIC), Some(0), "{ranked:?}");
    let in_passing = "wire-2019-2020.ndjson#2";
    assert!(sample_text("wire-2019-2020.ndjson").contains("أرمينيا"));
    assert!(rank(ENGLISH) < rank(in_passing), "{ranked:?}");
    assert!(rank(in_passing).is_some(), "{ranked:?}");
}

#[test]
fn lang_restricts_queries_and_filters() {
    let english = hits(&["*", "--lang", "en"]);
    assert_eq!(
        english.len(),
        3,
        "2 English wire stories and the English clashes article"
    );
    assert_eq!(langs_of(&english), ["en".to_string()].into());
    // Any spelling of a language; comma-separated or repeated means any of.
    assert_eq!(
        ids(&["*", "--lang", "English"]),
        ids(&["*", "--lang", "en-GB"])
    );
    let two = hits(&["*", "--lang", "ar,ja"]);
    assert_eq!(langs_of(&two), ["ar".to_string(), "ja".to_string()].into());
    assert_eq!(ids(&["*", "--lang", "ar", "--lang", "ja"]).len(), two.len());
    // With a query: the Japanese article is not found when only Arabic and English are asked.
    assert!(ids(&["アルメニア", "--lang", "ar,en"]).is_empty());
    assert_eq!(
        ids(&["アルメニア", "--lang", "ja"]),
        vec![JAPANESE.to_string()]
    );
    // An unknown language is an error that lists the known ones.
    let run = search(sample_index(), &["*", "--lang", "xx"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("\"xx\"") && run.stderr.contains("ar, en, fr"),
        "{}",
        run.stderr
    );
}

#[test]
fn lang_facet_counts_each_language() {
    let result = search_json(sample_index(), &["*", "--facets", "-n", "0"]);
    let counts = lang_counts(&result);
    let total = result["total"].as_u64().unwrap();
    assert_eq!(counts.iter().map(|(_, n)| n).sum::<u64>(), total);
    for (lang, n) in &counts {
        assert_eq!(ids(&["*", "--lang", lang]).len() as u64, *n, "{lang}");
    }
    let names: BTreeSet<&str> = counts.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(names, ["ar", "de", "en", "fr", "ja"].into());
    // Within a query: the facet counts only the matches.
    let result = search_json(
        sample_index(),
        &["Pashinyan OR باشينيان", "--facets", "-n", "0"],
    );
    let langs = lang_values(&result);
    assert_eq!(langs, ["ar", "en"].into());
    // The text output shows the table too.
    let run = search(
        sample_index(),
        &["*", "--facets", "-n", "0", "--color", "never"],
    );
    assert!(run.stdout.contains("languages"), "{}", run.stdout);
    assert!(run.stdout.contains("ja  Japanese"), "{}", run.stdout);
}

#[test]
fn one_country_filter_returns_every_language() {
    // The Arabic and French articles through extraction from their text alone, the English and
    // Japanese ones through their text and their metadata.
    let armenia = ids(&["*", "--country", "AM"]);
    for article in [ARABIC, ENGLISH, FRENCH, JAPANESE] {
        assert!(
            armenia.contains(&article.to_string()),
            "{article}: {armenia:?}"
        );
    }
    // And the facet counts add up across languages.
    let result = search_json(
        sample_index(),
        &["*", "--country", "AM", "--facets", "-n", "0"],
    );
    let langs = lang_values(&result);
    assert!(
        langs.is_superset(&["ar", "en", "fr", "ja"].into()),
        "{langs:?}"
    );
}

const EN_TXT: &str = "Armenia and Azerbaijan agree to a ceasefire after border fighting\n\
    Armenia and Azerbaijan agreed to a ceasefire on Wednesday after two days of fighting along \
    their border, the Armenian government said, as international pressure grew on both sides \
    to stop the worst clashes since their war over Nagorno-Karabakh in 2020.";
const FR_TXT: &str = "L'Arménie et l'Azerbaïdjan conviennent d'un cessez-le-feu\n\
    L'Arménie et l'Azerbaïdjan se sont mis d'accord mercredi sur un cessez-le-feu après deux \
    jours de combats à leur frontière, a annoncé le gouvernement arménien, alors que la \
    pression internationale s'accentuait sur les deux pays.";
const AR_TXT: &str = "أرمينيا وأذربيجان تتفقان على وقف لإطلاق النار\n\
    اتفقت أرمينيا وأذربيجان يوم الأربعاء على وقف لإطلاق النار بعد يومين من القتال على \
    حدودهما، حسبما أعلنت الحكومة الأرمينية، في ظل ضغوط دولية متزايدة على البلدين.";
const JA_TXT: &str = "アルメニアとアゼルバイジャンが停戦で合意\n\
    アルメニア政府は１４日、アゼルバイジャンとの国境で２日間続いた戦闘を受けて、両国が停戦で\
    合意したと発表した。国際社会からは双方に対し、戦闘の停止を求める声が強まっていた。";

#[test]
fn unlabelled_articles_are_analysed_in_their_detected_language() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    for (name, text) in [
        ("en.txt", EN_TXT),
        ("fr.txt", FR_TXT),
        ("ar.txt", AR_TXT),
        ("ja.txt", JA_TXT),
        ("short.txt", "OK\n2022"),
    ] {
        fs::write(corpus.join(name), text).unwrap();
    }
    // A label that names no language we analyse: reported, then detected.
    fs::write(
        corpus.join("tagged.json"),
        format!(
            r#"{{"title": "Ceasefire holds", "body": {:?}, "lang": "klingon"}}"#,
            EN_TXT
        ),
    )
    .unwrap();
    let idx = dir.path().join("idx");
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    run.says("tagged.json: unknown language \"klingon\"")
        .says("indexed as English (detected)")
        .says("1 warnings")
        .says("language detected for 6 documents");
    let lang_of = |id: &str| -> String {
        let result = search_json(&idx, &["*", "-n", "100"]);
        result["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .map(|h| h["lang"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("{id} not indexed"))
    };
    for (id, lang) in [
        ("en.txt", "en"),
        ("fr.txt", "fr"),
        ("ar.txt", "ar"),
        ("ja.txt", "ja"),
        ("tagged.json", "en"),
        // Too short to tell: the default language.
        ("short.txt", "ar"),
    ] {
        assert_eq!(lang_of(id), lang, "{id}");
    }
    // Each is found in its own language's analysis.
    let found = |args: &[&str]| -> BTreeSet<String> {
        hit_ids(&search_json(&idx, args)).into_iter().collect()
    };
    assert_eq!(
        found(&["agreed ceasefire", "--lang", "en"]),
        ["en.txt".to_string(), "tagged.json".to_string()].into()
    );
    assert_eq!(
        found(&["armenie cessez-le-feu"]),
        ["fr.txt".to_string()].into()
    );
    assert_eq!(found(&["الأرمينية"]), ["ar.txt".to_string()].into());
    assert_eq!(found(&["停戦"]), ["ja.txt".to_string()].into());
    // English names in English text give the same country facet as the Arabic names.
    let armenia = found(&["*", "--country", "AM"]);
    assert!(
        armenia.contains("en.txt") && armenia.contains("ar.txt"),
        "{armenia:?}"
    );

    // The default language is configurable: the short text becomes French.
    let idx2 = dir.path().join("idx2");
    let run = index(&corpus, &idx2, &["--default-lang", "fr"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let short = search_json(&idx2, &["*", "--lang", "fr", "-n", "100"]);
    assert!(hit_ids(&short).contains(&"short.txt".to_string()));
    let run = index(&corpus, &dir.path().join("idx3"), &["--default-lang", "xx"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
    run.says("unknown language \"xx\"");
}

/// Extraction across languages: the texts carry no metadata and name l'Arménie and アルメニア
/// (found through the gazetteer's French and Japanese names), which must become /country/AM
/// like أرمينيا and Armenia.
#[test]
fn french_and_japanese_text_get_the_same_country_facets() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ja.txt"), JA_TXT).unwrap();
    fs::write(dir.path().join("fr.txt"), FR_TXT).unwrap();
    fs::write(dir.path().join("ar.txt"), AR_TXT).unwrap();
    fs::write(dir.path().join("en.txt"), EN_TXT).unwrap();
    let idx = dir.path().join("idx");
    let run = index(dir.path(), &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let armenia: BTreeSet<String> = hit_ids(&search_json(&idx, &["*", "--country", "AM"]))
        .into_iter()
        .collect();
    assert_eq!(
        armenia,
        ["ar.txt", "en.txt", "fr.txt", "ja.txt"]
            .map(String::from)
            .into()
    );
    // And the French sample article, which carries no metadata.
    let samples = hit_ids(&search_json(sample_index(), &["*", "--country", "AM"]));
    assert!(samples.contains(&FRENCH.to_string()), "{samples:?}");
}

#[test]
fn a_one_language_archive_counts_and_filters_its_language_like_a_mixed_one() {
    // In an archive of one language the searcher leaves out the per-language restriction and
    // counts the `lang` facet from the number of matches: the answers must not change.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();
    fs::write(corpus.join("ar.txt"), AR_TXT).unwrap();
    fs::write(
        corpus.join("ar2.txt"),
        "موسكو تدعو إلى التهدئة\nدعت روسيا أرمينيا وأذربيجان إلى ضبط النفس.",
    )
    .unwrap();
    let idx = dir.path().join("idx");
    let run = index(&corpus, &idx, &["--default-lang", "ar"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let both = search_json(&idx, &["أرمينيا", "--facets"]);
    assert_eq!(both["total"], 2);
    assert_eq!(lang_counts(&both), vec![("ar".to_string(), 2)]);
    let one = search_json(&idx, &["التهدئة", "--facets"]);
    assert_eq!(hit_ids(&one), vec!["ar2.txt".to_string()]);
    assert_eq!(lang_counts(&one), vec![("ar".to_string(), 1)]);
    assert_eq!(
        hit_ids(&search_json(&idx, &["التهدئة", "--lang", "ar"])),
        hit_ids(&one)
    );
    // No match, no count; a language the archive lacks finds nothing.
    assert!(lang_counts(&search_json(&idx, &["كوالالمبور", "--facets"])).is_empty());
    assert_eq!(search_json(&idx, &["*", "--lang", "en"])["total"], 0);
    // A second language arrives: each is counted and filtered on its own again.
    fs::write(corpus.join("en.txt"), EN_TXT).unwrap();
    let run = index(&corpus, &idx, &[]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let all = search_json(&idx, &["*", "--facets"]);
    assert_eq!(
        lang_counts(&all),
        vec![("ar".to_string(), 2), ("en".to_string(), 1)]
    );
    assert_eq!(search_json(&idx, &["*", "--lang", "ar"])["total"], 2);
    assert_eq!(
        hit_ids(&search_json(&idx, &["*", "--lang", "en"])),
        vec!["en.txt".to_string()]
    );
}
