//! End-to-end: Arabic analysis as users meet it — clitics, diacritics and hamza in queries and
//! articles, the exact view ranking first, phrases on the exact view, whole-word highlights.

use std::fs;
use std::path::Path;

use arshif_e2e::{hit_ids, index, search, search_json};

fn write(root: &Path, name: &str, text: &str) {
    fs::create_dir_all(root).unwrap();
    fs::write(root.join(name), text).unwrap();
}

/// A small corpus where each article uses one form of the words searched for.
fn corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "aid.txt",
        "مساعدات جديدة\nأعلن الاتحاد الأوروبي حزمة مساعدات عسكرية لأوكرانيا بقيمة خمسة مليارات يورو.",
    );
    write(
        &corpus,
        "talks.txt",
        "محادثات في جنيف\nبدأت في جنيف محادثات بين روسيا وأوكرانيا حول تبادل الأسرى.",
    );
    write(
        &corpus,
        "exact.txt",
        "استعدادات للشتاء\nتستعد أوكرانيا لشتاء صعب بعد استهداف محطات الكهرباء.",
    );
    write(
        &corpus,
        "yerevan.txt",
        "زيارة رسمية\nوصل وزير الخارجية ليريفان في زيارة رسمية تستمر يومين.",
    );
    write(
        &corpus,
        "lebanon.txt",
        "الاقتصاد اللبناني\nتراجع الاقتصاد في لبنان وهاجر آلاف اللبنانيين، بحسب تقرير للبنك الدولي.",
    );
    write(
        &corpus,
        "milk.txt",
        "أسعار الحليب\nارتفعت أسعار اللبن والحليب في الأسواق هذا الأسبوع.",
    );
    write(
        &corpus,
        "ceasefire.txt",
        "هدنة\nأعلن الطرفان وقف إطلاق النار اعتبارا من منتصف الليل.",
    );
    write(
        &corpus,
        "fire.txt",
        "حريق\nبدأ الجيش إطلاق النار في الهواء ثم أعلن وقف العمليات.",
    );
    let idx = dir.path().join("index");
    let run = index(&corpus, &idx, &["--no-progress"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    (dir, idx)
}

fn ids(index: &Path, query: &str) -> Vec<String> {
    let mut ids = hit_ids(&search_json(index, &[query, "-n", "50"]));
    ids.sort();
    ids
}

#[test]
fn a_name_is_found_through_its_clitics_in_articles_and_queries() {
    let (_dir, idx) = corpus();
    let all = vec!["aid.txt", "exact.txt", "talks.txt"];
    // لأوكرانيا, وأوكرانيا and أوكرانيا in the articles; any of them in the query.
    for query in [
        "أوكرانيا",
        "اوكرانيا",
        "لأوكرانيا",
        "وأوكرانيا",
        "بأوكرانيا",
        "أُوكْرَانِيَا",
        "أوكـــرانيا",
    ] {
        assert_eq!(ids(&idx, query), all, "query {query}");
    }
    assert_eq!(ids(&idx, "يريفان"), vec!["yerevan.txt"]);
    // The country, its demonym and its clitic forms meet; milk (لبن) is not Lebanon.
    for query in ["لبنان", "اللبنانيين", "بلبنان", "لبناني"] {
        assert_eq!(ids(&idx, query), vec!["lebanon.txt"], "query {query}");
    }
    assert_eq!(ids(&idx, "اللبن"), vec!["milk.txt"]);
}

#[test]
fn the_exact_form_ranks_first() {
    let (_dir, idx) = corpus();
    // All three articles match, each with the name once in its body; the one that has the very
    // form typed ranks first.
    let ranked = hit_ids(&search_json(&idx, &["لأوكرانيا"]));
    assert_eq!(ranked.len(), 3, "{ranked:?}");
    assert_eq!(ranked[0], "aid.txt", "{ranked:?}");
    let ranked = hit_ids(&search_json(&idx, &["وأوكرانيا"]));
    assert_eq!(ranked[0], "talks.txt", "{ranked:?}");
}

#[test]
fn phrases_use_the_exact_view() {
    let (_dir, idx) = corpus();
    // Unquoted, every word is required anywhere in the article, through the stemmer.
    assert_eq!(
        ids(&idx, "وقف إطلاق النار"),
        vec!["ceasefire.txt", "fire.txt"]
    );
    // Quoted, the words must stand in that order, in these forms.
    assert_eq!(ids(&idx, "\"وقف إطلاق النار\""), vec!["ceasefire.txt"]);
    // A quoted word is the form typed, not every form of it.
    assert_eq!(ids(&idx, "\"لأوكرانيا\""), vec!["aid.txt"]);
    // A named field searches both of its views, and a quoted one its exact view.
    assert_eq!(ids(&idx, "title:المحادثات"), vec!["talks.txt"]);
    assert!(ids(&idx, "title:\"المحادثات\"").is_empty());
    assert_eq!(
        ids(&idx, "body:لأوكرانيا"),
        vec!["aid.txt", "exact.txt", "talks.txt"]
    );
    // Diacritics and hamza forms are still normalized inside quotes.
    assert_eq!(ids(&idx, "\"وَقْف اطلاق النّار\""), vec!["ceasefire.txt"]);
}

#[test]
fn stopwords_in_any_spelling_do_not_narrow_the_query() {
    let (_dir, idx) = corpus();
    for query in ["في لبنان", "فِي لبنان", "لبنان هٰذا"] {
        assert_eq!(ids(&idx, query), vec!["lebanon.txt"], "query {query}");
    }
}

#[test]
fn highlights_cover_the_whole_word_as_written() {
    let (_dir, idx) = corpus();
    for (query, expected) in [
        ("أوكرانيا", "لأوكرانيا"),
        ("لبنان", "اللبنانيين"),
        ("\"وقف إطلاق النار\"", "إطلاق"),
    ] {
        let result = search_json(&idx, &[query, "-n", "50"]);
        let mut words = Vec::new();
        for hit in result["hits"].as_array().unwrap() {
            let snippet: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
            for range in hit["highlights"].as_array().unwrap() {
                let (s, e) = (
                    range[0].as_u64().unwrap() as usize,
                    range[1].as_u64().unwrap() as usize,
                );
                words.push(snippet[s..e].iter().collect::<String>());
            }
        }
        assert!(words.contains(&expected.to_string()), "{query}: {words:?}");
        // Every highlight is a whole word: never a bare article, never a piece of a word.
        for word in &words {
            assert_ne!(word, "ال", "{query}: {words:?}");
            assert!(
                !word.contains(' ') && word.chars().count() >= 2,
                "{query}: {words:?}"
            );
        }
    }
}

/// Phrases of two frequent words are answered from the index of word pairs
/// (`analysis/src/arabic/pairs.rs`): the same articles as from positions, in order.
#[test]
fn phrases_of_frequent_words_match_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    for (name, text) in [
        (
            "hadith.txt",
            "حديث\nقال رسول اللَّهِ صَلَّى اللَّهُ عَلَيْهِ وَسَلَّمَ الدين يسر",
        ),
        (
            "twice.txt",
            "حديث\nقال رسول الله صلى الله عليه وسلم ثم قال رسول الله صلى الله",
        ),
        ("reversed.txt", "صلاة\nصلى الله على النبي وسلم تسليما كثيرا"),
        ("gap.txt", "درس\nقال الله في صلى الفجر كلاما كثيرا"),
        ("apart.txt", "أذان\nالله أكبر ثم صلى الإمام بالناس"),
        ("title.txt", "الله صلى\nخبر عن الطقس والأمطار في المدينة"),
    ] {
        write(&corpus, name, text);
    }
    let idx = dir.path().join("index");
    let run = index(&corpus, &idx, &["--no-progress"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    // In the title (boosted) or twice in the body rank above once in the body.
    let ranked = hit_ids(&search_json(&idx, &["\"الله صلى\""]));
    assert_eq!(ranked, ["title.txt", "twice.txt", "hadith.txt"]);
    // Vowelled, the same phrase; in the other order, another one.
    assert_eq!(
        ids(&idx, "\"اللَّهِ صَلَّى\""),
        ["hadith.txt", "title.txt", "twice.txt"]
    );
    assert_eq!(
        ids(&idx, "\"صلى الله\""),
        ["hadith.txt", "reversed.txt", "twice.txt"]
    );
    // A slop still allows the word a stopword held apart (from positions).
    assert_eq!(
        ids(&idx, "\"الله صلى\"~1"),
        ["gap.txt", "hadith.txt", "title.txt", "twice.txt"]
    );
}

/// Articles for the hamza-seat, proclitic and relaxed-matching tests: each holds one spelling.
fn variants_corpus() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    write(
        &corpus,
        "official.txt",
        "تصريح\nقال مسؤول في هيئة الموانئ إن رئيس الهيئة سيزور الميناء غدا.",
    );
    write(
        &corpus,
        "decision.txt",
        "قرار حكومي\nأصدرت الحكومة قرارا بتمديد العمل بقرار حظر التجول في المدينة.",
    );
    write(
        &corpus,
        "country.txt",
        "أخبار البلد\nشهد البلد موجة حر شديدة رفعت درجات الحرارة قرب البحر.",
    );
    write(
        &corpus,
        "minister.txt",
        "زيارة\nوصل الوزير إلى العاصمة لحضور اجتماع اللجنة الوزارية.",
    );
    let idx = dir.path().join("index");
    let run = index(&corpus, &idx, &["--no-progress"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    (dir, idx)
}

#[test]
fn hamza_seats_typed_bare_find_the_word_and_back() {
    let (_dir, idx) = variants_corpus();
    // مسئول is how Egypt writes مسؤول.
    for query in ["مسوول", "مسؤول", "مسئول", "هيية", "هيئة", "رييس", "رئيس"]
    {
        assert_eq!(ids(&idx, query), vec!["official.txt"], "query {query}");
    }
}

#[test]
fn a_one_letter_proclitic_is_matched_both_ways_but_not_a_first_letter() {
    let (_dir, idx) = variants_corpus();
    // The query has the proclitic, the article does not, and the other way round.
    for query in ["بقرار", "لقرار", "قرار"] {
        assert_eq!(ids(&idx, query), vec!["decision.txt"], "query {query}");
    }
    for query in ["لوزير", "بالوزير", "وزير"] {
        assert_eq!(ids(&idx, query), vec!["minister.txt"], "query {query}");
    }
    // بلد and بحر are words, not ب + لد and ب + حر: حر (heat) finds only the article that has
    // it, and بحر finds only the sea.
    assert_eq!(ids(&idx, "بلد"), vec!["country.txt"]);
    assert_eq!(ids(&idx, "لد"), Vec::<String>::new());
    let sea = search_json(&idx, &["--strict", "بحر", "الوزير"]);
    assert_eq!(sea["total"], 0, "{sea}");
}

#[test]
fn no_article_with_every_word_gives_the_articles_with_most_of_them_and_says_so() {
    let (_dir, idx) = variants_corpus();
    // No article has all three words; decision.txt has two of them, official.txt one.
    let result = search_json(&idx, &["قرار", "الحكومة", "الميناء", "-n", "10"]);
    assert_eq!(result["relaxed"], true, "{result}");
    assert_eq!(result["every_word"], 0);
    assert_eq!(
        result["words"],
        serde_json::json!(["قرار", "الحكومة", "الميناء"])
    );
    let ranked = hit_ids(&result);
    assert_eq!(ranked, vec!["decision.txt", "official.txt"], "{result}");
    assert_eq!(
        result["hits"][0]["matched"],
        serde_json::json!(["قرار", "الحكومة"])
    );
    assert_eq!(result["hits"][1]["matched"], serde_json::json!(["الميناء"]));
    // Scores are BM25 again once the words-matched part is taken off.
    let top = result["hits"][0]["score"].as_f64().unwrap();
    assert!(top > 0.0 && top < 100.0, "{top}");

    // On the terminal: a line above the results, exit status 0.
    let run = search(
        &idx,
        &[
            "قرار",
            "الحكومة",
            "الميناء",
            "--no-pager",
            "--color",
            "never",
        ],
    );
    assert_eq!(run.status, Some(0), "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "no article has all 3 words; showing those with the most first: 2 of 3, without الميناء"
    );

    // A query that finds something is not relaxed; --strict and --count never are.
    let strict = search_json(&idx, &["قرار", "الحكومة"]);
    assert_eq!(strict["relaxed"], false);
    assert!(strict["hits"][0].get("matched").is_none());
    let run = search(&idx, &["--strict", "قرار", "الحكومة", "الميناء"]);
    assert_eq!(run.status, Some(1), "{}", run.stdout);
    let count = search(&idx, &["--count", "قرار", "الحكومة", "الميناء"]);
    assert_eq!(count.stdout.trim(), "0");
}

#[test]
fn phrases_plus_and_minus_keep_their_meaning_when_relaxed() {
    let (_dir, idx) = variants_corpus();
    // The phrase is required as written; only the plain word may be missing.
    let result = search_json(&idx, &["\"حظر التجول\"", "الميناء"]);
    assert_eq!(result["relaxed"], true, "{result}");
    assert_eq!(hit_ids(&result), vec!["decision.txt"]);
    // -word still excludes, +word still requires.
    let result = search_json(&idx, &["قرار الميناء -الحكومة"]);
    assert_eq!(hit_ids(&result), vec!["official.txt"], "{result}");
    let result = search_json(&idx, &["+الوزير", "الميناء"]);
    assert_eq!(hit_ids(&result), vec!["minister.txt"], "{result}");
    // A phrase alone, or OR, is never relaxed.
    let result = search_json(&idx, &["\"الميناء قرار\""]);
    assert_eq!(
        (result["total"].as_u64(), result["relaxed"].as_bool()),
        (Some(0), Some(false))
    );
    let result = search_json(&idx, &["قرارزز", "OR", "ميناءزز"]);
    assert_eq!(result["relaxed"], false);
}

#[test]
fn expand_finds_articles_on_the_subject_that_use_other_words() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    // Four articles say زلزال and share the words of an earthquake report; a fifth shares those
    // words but says هزة instead; two others are about something else.
    let report = "ضرب الزلزال المنطقة وانهارت مبان وأعلن الدفاع المدني حصيلة الضحايا";
    for i in 0..4 {
        write(
            &corpus,
            &format!("quake{i}.txt"),
            &format!("زلزال {i}\n{report} في اليوم {i}."),
        );
    }
    write(
        &corpus,
        "tremor.txt",
        "هزة أرضية\nضربت هزة المنطقة وانهارت مبان وأعلن الدفاع المدني حصيلة الضحايا.",
    );
    write(
        &corpus,
        "budget.txt",
        "الموازنة\nأقر البرلمان الموازنة العامة للعام المقبل.",
    );
    write(
        &corpus,
        "match.txt",
        "مباراة\nفاز الفريق في المباراة النهائية للبطولة.",
    );
    let idx = dir.path().join("index");
    let run = index(&corpus, &idx, &["--no-progress"]);
    assert_eq!(run.status, Some(0), "{}", run.stderr);

    let plain = hit_ids(&search_json(&idx, &["زلزال"]));
    assert_eq!(plain.len(), 4, "{plain:?}");
    let expanded = hit_ids(&search_json(&idx, &["--expand", "زلزال"]));
    // The articles with the word itself first, then the one about the same event.
    assert_eq!(expanded.len(), 5, "{expanded:?}");
    assert!(
        expanded[..4].iter().all(|id| id.starts_with("quake")),
        "{expanded:?}"
    );
    assert_eq!(expanded[4], "tremor.txt");
    // --expand and --strict contradict each other.
    let run = search(&idx, &["--expand", "--strict", "زلزال"]);
    assert_eq!(run.status, Some(2), "{}", run.stderr);
}
