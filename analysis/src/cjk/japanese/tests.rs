//! The Japanese analyzer on real sentences. Tests that need the dictionary find it with
//! [`dictionary_for_test`]: skipped with a line saying why where it is missing, failed where
//! `$ARSHIF_REQUIRE_JA_DICT` says it must be there (CI).

use super::*;

/// The built dictionary (checked by the test's first line, [`dictionary_for_test`]).
fn dictionary() -> PathBuf {
    dictionary_path(None).expect("checked by dictionary_for_test")
}

fn lindera() -> TextAnalyzer {
    lindera_analyzer(&dictionary()).expect("checked by dictionary_for_test")
}

/// (term, original text under its offsets, position) for every token of `text`.
fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, String, usize)> {
    crate::tokens_with_text(analyzer, text)
}

fn terms(text: &str) -> Vec<String> {
    crate::run(&mut lindera(), text)
}

const NEWS: &str = "アルメニアとアゼルバイジャンの国境で衝突が発生した。";

#[test]
fn a_news_sentence_is_cut_into_words_with_offsets_and_consecutive_positions() {
    let Some(_) = dictionary_for_test(
        "a_news_sentence_is_cut_into_words_with_offsets_and_consecutive_positions",
    ) else {
        return;
    };
    let got = tokens(&mut lindera(), NEWS);
    let words: Vec<&str> = got.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(
        words,
        vec![
            "アルメニア",
            "と",
            "アゼルバイジャン",
            "の",
            "国境",
            "で",
            "衝突",
            "が",
            "発生",
            "し",
            "た"
        ],
        "the full stop is dropped, every word is one token"
    );
    assert!(got.iter().enumerate().all(|(i, t)| t.2 == i), "{got:?}");
    // Offsets are bytes of the original text: アルメニア is its first 15 bytes.
    let mut analyzer = lindera();
    let mut stream = analyzer.token_stream(NEWS);
    assert!(stream.advance());
    assert_eq!(
        (stream.token().offset_from, stream.token().offset_to),
        (0, 15)
    );
}

#[test]
fn inflected_words_become_their_base_form() {
    let Some(_) = dictionary_for_test("inflected_words_become_their_base_form") else {
        return;
    };
    // し (the conjugated する) is indexed as する: 衝突した finds 衝突する.
    let got = terms(NEWS);
    assert_eq!(got[9], "する", "{got:?}");
    let past = terms("両国が衝突した");
    let plain = terms("両国が衝突する");
    assert!(past.contains(&"する".to_string()) && plain.contains(&"する".to_string()));
    // An adjective: 新しかった and 新しい share their term.
    assert_eq!(terms("新しかった")[0], terms("新しい")[0]);
}

#[test]
fn a_query_gives_the_terms_the_article_has_in_a_row() {
    let Some(_) = dictionary_for_test("a_query_gives_the_terms_the_article_has_in_a_row") else {
        return;
    };
    let article = terms(NEWS);
    for query in ["アルメニア", "アゼルバイジャン", "国境で衝突", "衝突が発生"]
    {
        let q = terms(query);
        assert!(!q.is_empty());
        assert!(
            article.windows(q.len()).any(|w| w == q.as_slice()),
            "{query}: {q:?} not in {article:?}"
        );
    }
}

#[test]
fn latin_and_width_variants_are_folded() {
    let Some(_) = dictionary_for_test("latin_and_width_variants_are_folded") else {
        return;
    };
    let got = terms("ＥＵとNATOの首脳会議");
    assert!(got.contains(&"eu".to_string()), "{got:?}");
    assert!(got.contains(&"nato".to_string()), "{got:?}");
    // Half-width katakana (old wire copy) finds the full-width word.
    assert!(terms("ｱﾙﾒﾆｱの首相").contains(&"アルメニア".to_string()));
    assert_eq!(terms("２０２４年"), terms("2024年"));
}

#[test]
fn punctuation_is_dropped_and_odd_text_never_panics() {
    let Some(_) = dictionary_for_test("punctuation_is_dropped_and_odd_text_never_panics") else {
        return;
    };
    assert!(terms("「」、。・！？").is_empty());
    assert!(terms("").is_empty());
    for text in [
        "\u{3099}",
        "ﾞﾞﾞ",
        "a\u{301}",
        "\u{FEFF}テスト",
        "  \n\t",
        "🇦🇲🇦🇿",
    ] {
        let _ = terms(text);
    }
    let got = terms("「アルメニア」と、");
    assert_eq!(got, vec!["アルメニア", "と"]);
}

#[test]
fn the_probe_tells_lindera_from_bigrams() {
    let Some(_) = dictionary_for_test("the_probe_tells_lindera_from_bigrams") else {
        return;
    };
    assert_eq!(
        JapaneseAnalysis::of(&mut lindera()),
        Some(JapaneseAnalysis::Lindera)
    );
    assert_eq!(
        JapaneseAnalysis::of(&mut cjk_bigram_analyzer()),
        Some(JapaneseAnalysis::Bigram)
    );
    assert_eq!(
        JapaneseAnalysis::of(&mut crate::arabic_analyzer(crate::test_nouns())),
        None
    );
}

#[test]
fn the_dictionary_found_by_default_loads_without_a_warning() {
    let Some(_) = dictionary_for_test("the_dictionary_found_by_default_loads_without_a_warning")
    else {
        return;
    };
    let (mut analyzer, warning) = analyzer_at(Some(dictionary()));
    assert_eq!(warning, None);
    assert_eq!(
        JapaneseAnalysis::of(&mut analyzer),
        Some(JapaneseAnalysis::Lindera)
    );
}

#[test]
fn without_a_dictionary_japanese_falls_back_to_bigrams_with_one_warning() {
    let (mut analyzer, warning) = analyzer_at(None);
    let warning = warning.expect("a warning");
    assert!(warning.contains("bigrams"), "{warning}");
    assert!(warning.contains("tools/ja-dict/setup.sh"), "{warning}");
    assert!(!warning.contains('\n'), "one line: {warning}");
    assert_eq!(
        crate::run(&mut analyzer, "アルメニアの国境"),
        vec!["アル", "ルメ", "メニ", "ニア", "アの", "の国", "国境"]
    );
}

#[test]
fn a_named_dictionary_that_is_missing_or_not_a_dictionary_is_named_in_the_warning() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere");
    let (mut analyzer, warning) = analyzer_at(Some(missing.clone()));
    let warning = warning.expect("a warning");
    assert!(
        warning.contains(&missing.display().to_string()),
        "{warning}"
    );
    assert!(warning.contains("no such directory"), "{warning}");
    assert_eq!(
        JapaneseAnalysis::of(&mut analyzer),
        Some(JapaneseAnalysis::Bigram)
    );

    let (_, warning) = analyzer_at(Some(dir.path().to_path_buf()));
    assert!(warning.unwrap().contains("no metadata.json"));

    // A damaged dictionary: files present but truncated.
    std::fs::write(dir.path().join("metadata.json"), "{").unwrap();
    let (mut analyzer, warning) = analyzer_at(Some(dir.path().to_path_buf()));
    assert!(warning.unwrap().contains("cannot load"));
    assert_eq!(
        JapaneseAnalysis::of(&mut analyzer),
        Some(JapaneseAnalysis::Bigram)
    );
}

#[test]
fn the_default_directory_follows_xdg_cache_home() {
    // Read-only check of the rule (no environment changes: tests run in parallel).
    let dir = default_dictionary_dir();
    if let Some(cache) = std::env::var_os("XDG_CACHE_HOME").filter(|v| !v.is_empty()) {
        assert_eq!(dir, Some(PathBuf::from(cache).join("arshif/ja-dict")));
    } else if let Some(home) = std::env::var_os("HOME").filter(|v| !v.is_empty()) {
        assert_eq!(dir, Some(PathBuf::from(home).join(".cache/arshif/ja-dict")));
    }
}
#[test]
fn names_written_with_a_middle_dot_are_split_into_their_parts() {
    let Some(_) = dictionary_for_test("names_written_with_a_middle_dot_are_split_into_their_parts")
    else {
        return;
    };
    // IPADIC keeps ナゴルノ・カラバフ as one unknown katakana word; a search for カラバフ
    // must find it.
    let got = tokens(&mut lindera(), "ナゴルノ・カラバフ地域");
    let parts: Vec<(&str, &str)> = got.iter().map(|t| (t.0.as_str(), t.1.as_str())).collect();
    assert_eq!(
        parts,
        vec![
            ("ナゴルノ", "ナゴルノ"),
            ("カラバフ", "カラバフ"),
            ("地域", "地域")
        ]
    );
    assert!(got.iter().enumerate().all(|(i, t)| t.2 == i));
    // Half width (･) too, with offsets into the original text.
    let got = tokens(&mut lindera(), "ﾅｺﾞﾙﾉ･ｶﾗﾊﾞﾌ");
    assert_eq!(got[1].0, "カラバフ");
    assert_eq!(got[1].1, "ｶﾗﾊﾞﾌ");
}
