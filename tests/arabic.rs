//! End-to-end: Arabic analysis as users meet it — clitics, diacritics and hamza in queries and
//! articles, the exact view ranking first, phrases on the exact view, whole-word highlights.

use std::fs;
use std::path::Path;

use arshif_e2e::{hit_ids, index, search_json};

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
/// (`schema/src/analysis/pairs.rs`): the same articles as from positions, in order.
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
