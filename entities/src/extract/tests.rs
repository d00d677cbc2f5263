use std::collections::{BTreeSet, HashSet};

use super::*;

const REAL_ARTICLE: &str = include_str!("../../../data-samples/armenia-azerbaijan-clashes.txt");

/// The built-in extractor, compiled once for all the tests (its places make it take a while).
fn builtin() -> &'static Extractor<'static> {
    static BUILT: std::sync::OnceLock<Extractor<'static>> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| Extractor::new(Gazetteer::builtin(), Options::default()))
}

fn countries(found: &Found) -> BTreeSet<&str> {
    found.countries.iter().map(String::as_str).collect()
}

fn actors(found: &Found) -> BTreeSet<String> {
    found
        .actors
        .iter()
        .map(|(k, id)| format!("{}/{id}", k.as_str()))
        .collect()
}

#[test]
fn the_real_article_carries_exactly_its_countries_and_actors() {
    let (title, body) = REAL_ARTICLE.split_once('\n').unwrap();
    let found = builtin().extract(title, body);
    assert_eq!(
        countries(&found),
        BTreeSet::from(["AM", "AZ", "RU", "UA", "US", "TR", "FR"]),
        "{found:?}"
    );
    let expected: BTreeSet<String> = [
        "person/nikol-pashinyan",
        "person/ilham-aliyev",
        "person/antony-blinken",
        "person/emmanuel-macron",
        "person/charles-michel",
        "person/mevlut-cavusoglu",
        "person/jeyhun-bayramov",
        "org/csto",
        "org/un-security-council",
        "org/european-council",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(actors(&found), expected);
}

#[test]
fn proclitics_do_not_hide_a_name() {
    let e = builtin();
    for (text, code) in [
        ("الغزو الروسي لأوكرانيا", "UA"),
        ("اجتماع بين أرمينيا وروسيا", "RU"),
        ("قاعدة بأرمينيا", "AM"),
        ("حليف ليريفان", "AM"),
        ("عاد الهدوء للعراق", "IQ"),
        ("قالت فرنسا", "FR"),
    ] {
        let found = e.extract("", text);
        assert!(
            found.countries.contains(&code.to_string()),
            "{text}: {found:?}"
        );
    }
    // Stripping is guided by the gazetteer: "لكن" (but) is not "كن", "بأن" (that) is not
    // "البان" (Albanians): nothing is found.
    assert!(e.extract("", "رحب بأن الاتفاق صامد").countries.is_empty());
    assert_eq!(
        e.extract("", "لكن الأمر انتهى").countries,
        Vec::<String>::new()
    );
}

#[test]
fn demonyms_in_every_gender_and_number() {
    let e = builtin();
    for text in [
        "الجيش الأرميني",
        "القوات الأرمينية",
        "البلدات الأرمنية",
        "يسكنه الأرمن",
        "Armenian troops",
    ] {
        assert_eq!(e.extract("", text).countries, vec!["AM"], "{text}");
    }
    assert_eq!(e.extract("", "الخارجية الأذربيجانية").countries, vec!["AZ"]);
}

#[test]
fn capitals_stand_for_their_country_but_not_as_a_venue() {
    let e = builtin();
    assert_eq!(
        e.extract("", "دعت موسكو إلى ضبط النفس").countries,
        vec!["RU"]
    );
    assert_eq!(
        e.extract("", "دعت باكو ويريفان").countries,
        vec!["AZ", "AM"]
    );
    assert!(e.extract("", "التقيا في بروكسل").countries.is_empty());
    assert!(e.extract("", "They met in Brussels").countries.is_empty());
    assert_eq!(e.extract("", "Brussels said").countries, vec!["BE"]);
}

#[test]
fn each_country_route_can_be_switched_off() {
    let g = Gazetteer::builtin();
    let text = "قالت أرمينيا إن الجيش الروسي دخل، وردت أنقرة";
    let all = Extractor::new(g, Options::default()).extract("", text);
    assert_eq!(all.countries, vec!["AM", "RU", "TR"]);
    let no_names = Options {
        country_names: false,
        ..Options::default()
    };
    assert_eq!(
        Extractor::new(g, no_names).extract("", text).countries,
        vec!["RU", "TR"]
    );
    let no_demonyms = Options {
        demonyms: false,
        ..Options::default()
    };
    assert_eq!(
        Extractor::new(g, no_demonyms).extract("", text).countries,
        vec!["AM", "TR"]
    );
    let no_capitals = Options {
        capitals: false,
        ..Options::default()
    };
    assert_eq!(
        Extractor::new(g, no_capitals).extract("", text).countries,
        vec!["AM", "RU"]
    );
}

#[test]
fn longest_name_wins() {
    let e = builtin();
    let found = e.extract("", "طلبت من مجلس الأمن التابع للأمم المتحدة مناقشة النزاع");
    assert_eq!(
        actors(&found),
        BTreeSet::from(["org/un-security-council".to_string()])
    );
    let found = e.extract("", "منظمة معاهدة الأمن الجماعي اجتمعت");
    assert_eq!(actors(&found), BTreeSet::from(["org/csto".to_string()]));
    // A region containing a country name is not that country.
    assert!(e.extract("", "دول أمريكا اللاتينية").countries.is_empty());
    assert_eq!(e.extract("", "زار أمريكا").countries, vec!["US"]);
}

#[test]
fn latin_names_must_be_capitalized_and_acronyms_upper_case() {
    let e = builtin();
    assert_eq!(e.extract("", "Turkey said").countries, vec!["TR"]);
    assert!(e.extract("", "they ate turkey").countries.is_empty());
    assert_eq!(
        actors(&e.extract("", "the WHO said")),
        BTreeSet::from(["org/who".to_string()])
    );
    assert!(e.extract("", "who said that").actors.is_empty());
    assert_eq!(
        e.extract("", "ARMENIA AND AZERBAIJAN").countries,
        vec!["AM", "AZ"]
    );
}

const SMALL: &str = "person\tilham-aliyev\tIlham Aliyev\tإلهام علييف\tعلييف|Aliyev\n\
person\theydar-aliyev\tHeydar Aliyev\tحيدر علييف\n\
person\tnikol-pashinyan\tNikol Pashinyan\tنيكول باشينيان\tباشينيان|Pashinyan\n";

#[test]
fn surnames_need_evidence_when_ambiguous() {
    let g = Gazetteer::parse(SMALL);
    let e = Extractor::new(&g, Options::default());
    // Unique surname: linked.
    assert_eq!(
        actors(&e.extract("", "قال باشينيان")),
        BTreeSet::from(["person/nikol-pashinyan".to_string()])
    );
    // A surname that is also a demonym: not linked alone.
    let g2 = Gazetteer::parse(
        "country\tSD\tSudan\tالسودان\t\tالسوداني\n\
person\tmohammed-shia-al-sudani\tMohammed Shia al-Sudani\tمحمد شياع السوداني\tالسوداني\n",
    );
    let e2 = Extractor::new(&g2, Options::default());
    assert!(e2.extract("", "الجيش السوداني").actors.is_empty());
    assert_eq!(
        e2.extract("", "محمد شياع السوداني. وقال السوداني")
            .actors
            .len(),
        1
    );
    // Ambiguous surname alone: not linked.
    assert!(e.extract("", "قال علييف").actors.is_empty());
    assert!(e.extract("", "Aliyev said").actors.is_empty());
    // The full name in the same article resolves it.
    let found = e.extract("", "الرئيس إلهام علييف. وقال علييف");
    assert_eq!(
        actors(&found),
        BTreeSet::from(["person/ilham-aliyev".to_string()])
    );
    let found = e.extract("", "حيدر علييف");
    assert_eq!(
        actors(&found),
        BTreeSet::from(["person/heydar-aliyev".to_string()])
    );
}

#[test]
fn lookup_only_names_are_never_matched() {
    let e = builtin();
    // مالي is Mali, but also "financial": only multi-word forms and the capital tag Mali.
    assert!(e
        .extract("", "الوضع المالي ووزارة المالية")
        .countries
        .is_empty());
    assert_eq!(e.extract("", "جمهورية مالي").countries, vec!["ML"]);
    assert_eq!(Gazetteer::builtin().country_id("مالي"), "ML");
}

#[test]
fn the_builtin_gazetteer_is_generated_and_complete_enough() {
    let g = Gazetteer::builtin();
    let n = |k: Kind| g.entries().iter().filter(|e| e.kind == k).count();
    assert!(n(Kind::Country) >= 240, "{}", n(Kind::Country));
    assert!(n(Kind::Person) >= 2500, "{}", n(Kind::Person));
    assert!(n(Kind::Org) >= 70, "{}", n(Kind::Org));
    let with_demonyms = g
        .entries()
        .iter()
        .filter(|e| e.kind == Kind::Country && !e.demonyms.is_empty())
        .count();
    let with_capitals = g
        .entries()
        .iter()
        .filter(|e| e.kind == Kind::Country && !e.capitals.is_empty())
        .count();
    assert!(with_demonyms >= 150, "{with_demonyms}");
    assert!(with_capitals >= 150, "{with_capitals}");
    let mut ids = HashSet::new();
    for e in g.entries() {
        assert!(
            ids.insert((e.kind == Kind::Country, e.id.clone())),
            "duplicate {e:?}"
        );
        assert!(!e.name_en.is_empty() && !e.name_ar.is_empty(), "{e:?}");
    }
}

#[test]
fn french_names_after_elision_and_with_accents() {
    let e = builtin();
    let found = e.extract(
        "Paix entre l'Arménie et l'Azerbaïdjan",
        "Le Premier ministre arménien Nikol Pachinian a rencontré à Washington le président \
         d'Azerbaïdjan, Ilham Aliev, en présence de responsables des États-Unis. L'OTAN et \
         l'Union européenne ont salué l'accord ; la Russie n'a pas réagi.",
    );
    assert_eq!(countries(&found), BTreeSet::from(["AM", "AZ", "US", "RU"]));
    let expected: BTreeSet<String> = [
        "person/nikol-pashinyan",
        "person/ilham-aliyev",
        "org/nato",
        "org/european-union",
    ]
    .map(String::from)
    .into();
    assert_eq!(actors(&found), expected);
    // A first name that is also a country's French name (Maurice: Mauritius) is no country.
    assert!(e
        .extract("", "Maurice Papon a été condamné.")
        .countries
        .is_empty());
}

#[test]
fn japanese_names_are_found_on_characters() {
    let e = builtin();
    let found = e.extract("", "アルメニアとアゼルバイジャン");
    assert_eq!(found.countries, ["AM", "AZ"]);
    let found = e.extract(
        "アルメニアとアゼルバイジャンが和平合意",
        "パシニャン首相とアリエフ大統領はワシントンで会談し、ブリンケン国務長官が同席した。\
         フランスのマクロン大統領は合意を歓迎した。ロシアは反発している。",
    );
    assert_eq!(countries(&found), BTreeSet::from(["AM", "AZ", "FR", "RU"]));
    let expected: BTreeSet<String> = [
        "person/nikol-pashinyan",
        "person/ilham-aliyev",
        "person/antony-blinken",
        "person/emmanuel-macron",
    ]
    .map(String::from)
    .into();
    assert_eq!(actors(&found), expected);
    // Longest first: South Sudan is not Sudan, Indonesia is not India.
    let found = e.extract("", "南スーダンとインドネシア");
    assert_eq!(countries(&found), BTreeSet::from(["SS", "ID"]));
    // Text without these scripts never runs the character automaton, and Japanese text without
    // a known name finds nothing.
    assert_eq!(e.extract("", "今日は晴れです。"), Found::default());
}

#[test]
fn english_names_in_an_english_article() {
    let e = builtin();
    let found = e.extract(
        "Armenia and Azerbaijan sign peace deal",
        "Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev met \
         at the White House. U.S. Secretary of State Antony Blinken said the UN Security \
         Council would be briefed. Moscow said it had not been consulted.",
    );
    assert_eq!(countries(&found), BTreeSet::from(["AM", "AZ", "US", "RU"]));
    let expected: BTreeSet<String> = [
        "person/nikol-pashinyan",
        "person/ilham-aliyev",
        "person/antony-blinken",
        "org/un-security-council",
    ]
    .map(String::from)
    .into();
    assert_eq!(actors(&found), expected);
}

/// The countries of `body` (no title), most prominent first, and how many are main.
fn placed(body: &str) -> (Vec<String>, usize) {
    let found = builtin().extract("", body);
    (found.countries.clone(), found.main_countries)
}

#[test]
fn cities_regions_and_areas_give_their_country() {
    for (text, country) in [
        ("قصف مدفعي على ريف إدلب الجنوبي", "SY"),
        ("انفجار في البصرة صباح اليوم", "IQ"),
        ("اشتباكات في مصراتة", "LY"),
        ("معرض الكتاب في الشارقة", "AE"),
        ("ضربات على ميناء أوديسا", "UA"),
        ("احتجاجات في لاهور", "PK"),
        ("إعصار يضرب ولاية فلوريدا", "US"),
        ("A plant near Detroit will close", "US"),
        ("Floods in the Gaza Strip", "PS"),
        ("Shelling in Donbas continued", "UA"),
    ] {
        assert_eq!(placed(text).0, [country], "{text}");
    }
}

#[test]
fn the_longest_name_wins_even_across_a_wrapped_line() {
    // Wires are hard-wrapped: a name split by a single line break is one name, a blank line parts.
    for text in [
        "a refinery in Paulsboro, New Jersey, the ship",
        "the Hope Creek nuclear power plant in New\nJersey.",
    ] {
        assert_eq!(placed(text).0, ["US"], "{text}");
    }
    assert_eq!(placed("the island of Jersey").0, ["JE"]);
    assert!(placed("in New\n\nJersey").0.contains(&"JE".to_string()));
}

#[test]
fn a_region_or_country_right_after_a_place_decides_it() {
    assert_eq!(placed("He grew up in Paris, Texas.").0, ["US"]);
    assert_eq!(
        placed("Paris said on Monday that it would not sign.").0,
        ["FR"]
    );
    // A capital after "in" is only where something happened, as before places.
    assert!(placed("Talks opened in Paris on Monday.").0.is_empty());
    assert_eq!(placed("a clinic in Springfield, Illinois").0, ["US"]);
    assert_eq!(placed("Melbourne, Victoria").0, ["AU"]);
}

#[test]
fn an_ambiguous_place_follows_the_country_the_article_names() {
    // Tripoli is in Libya (1.2 million) and Lebanon (230,000): alone, the larger by far.
    assert_eq!(placed("اشتباكات في طرابلس").0, ["LY"]);
    assert_eq!(placed("اشتباكات في طرابلس شمال لبنان").0, ["LB"]);
    // Rafah is in Gaza (126,000) and Egypt (44,000): not far enough apart to guess.
    assert!(placed("زحام عند رفح").0.is_empty());
    assert_eq!(placed("معبر رفح في جنوب قطاع غزة").0, ["PS"]);
    // Georgia is a country unless the article is about the US state.
    assert_eq!(placed("Georgia and Armenia signed").0, ["GE", "AM"]);
    assert_eq!(
        placed("The governor of Georgia met the U.S. president in Atlanta").0[0],
        "US"
    );
}

#[test]
fn names_that_are_words_or_people_need_support() {
    // بشأن is ب + شأن ("about"), written like Shan State of Myanmar.
    assert!(placed("قال الوزير بشأن الاتفاق").0.is_empty());
    // عمان is Oman and Amman: a word of neither alone, Amman beside Jordan.
    assert!(placed("وصل الوفد إلى عمان").0.is_empty());
    assert!(placed("وصل الوفد إلى العاصمة الأردنية عمان")
        .0
        .contains(&"JO".to_string()));
    // Morales is a town in Colombia and Guatemala, and a surname.
    assert!(placed("President Evo Morales said").0.is_empty());
    // Reading is a town in England, and a word.
    assert!(placed("Reading the report, he said").0.is_empty());
    assert_eq!(placed("الجزائر").0, ["DZ"]);
    // كبيرا ("big") is no ك + بيرا (Beira, Mozambique); لبيروت is ل + بيروت.
    assert!(placed("حقق الجيش تقدما كبيرا").0.is_empty());
    assert_eq!(placed("عاد الوفد لبيروت").0, ["LB"]);
}

#[test]
fn the_dateline_says_where_the_story_happens() {
    let (countries, main) = placed(
        "KUWAIT, March 2 - Kuwait's oil minister said a Liberian-flagged tanker was hit \
         near the Saudi coast.",
    );
    assert_eq!(countries[0], "KW");
    assert_eq!(main, 1, "{countries:?}");
    // A place filed from is taken even by a name that is also a president's.
    assert_eq!(placed("CLEVELAND, Feb 26 - Standard Oil said").0, ["US"]);
    // A month is no town in England.
    assert!(!placed("ABU DHABI, March 2 - Ministers met")
        .0
        .contains(&"GB".to_string()));
    assert_eq!(placed("بيروت (رويترز) - قال مسؤول").0, ["LB"]);
}

#[test]
fn the_cjk_test_by_blocks_is_the_test_byte_by_byte() {
    let byte_by_byte = |t: &str| t.bytes().any(|b| (0xE3..=0xED).contains(&b));
    // Before, inside and after a 64-byte block, and in the remainder.
    for filler in ["", "a", "أرمينيا و", "Москва "] {
        for n in [0, 1, 20, 63, 64, 65, 130] {
            let plain = filler.repeat(n);
            assert!(!has_cjk_lead_byte(&plain), "{plain}");
            assert_eq!(has_cjk_lead_byte(&plain), byte_by_byte(&plain));
            for cjk in ["東京", "アルメニア", "아르메니아", "\u{E000}"] {
                for at in [0, plain.len() / 2, plain.len()] {
                    let at = (0..=at)
                        .rev()
                        .find(|&i| plain.is_char_boundary(i))
                        .unwrap_or(0);
                    let text = format!("{}{cjk}{}", &plain[..at], &plain[at..]);
                    assert_eq!(has_cjk_lead_byte(&text), byte_by_byte(&text), "{text}");
                }
            }
        }
    }
    assert!(has_cjk_lead_byte("東京"));
}

#[test]
fn a_word_read_as_proclitics_and_a_name_is_judged_the_same_from_memory() {
    // `كبيرا` reads as ك + `بيرا` (Beira) but is the word "big"; asked twice, once from the
    // lexicon and once from memory, it stays a word.
    let e = builtin();
    for _ in 0..2 {
        let found = e.extract("", "قال إن التحدي كبيرا في بيروت وموسكو.");
        assert!(!found.countries.contains(&"MZ".to_string()), "{found:?}");
        assert!(found.countries.contains(&"RU".to_string()), "{found:?}");
    }
    assert!(e
        .whole_memo
        .lock()
        .map(|m| m.contains_key("كبيرا"))
        .unwrap_or(false));
}
