//! The languages Arshif analyses, and how an article's language is decided.
//!
//! An article's language chooses the fields its text goes into and so the analyzer that makes
//! its terms (see `arshif_schema::schema`). It is, in order:
//!
//! 1. the `lang` the article carries, normalised ([`Lang::parse`]: `AR`, `ar-SA`, `ara`,
//!    `Arabic`, `العربية` are all `ar`); a value that names no language we analyse is reported
//!    and detection decides instead;
//! 2. detected from the text by [`whatlang`] — trigram profiles, no model to download, a few
//!    microseconds per article — restricted to our languages through its allowlist, so that a
//!    Persian article is never called Urdu and an English one never Scots;
//! 3. the configured default language (`ar` unless configured) when detection is not confident:
//!    very short texts (a headline of two words) or texts mixing scripts.

use std::fmt;

use whatlang::{Detector, Lang as Wl};

/// A language with its own analyzer and fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Ar,
    En,
    Fr,
    De,
    Es,
    Ru,
    Tr,
    Fa,
    Ja,
    Zh,
    Ko,
}

/// What [`Lang::parse`] was given when it names no language Arshif analyses.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {given:?}; Arshif analyses {}", Lang::codes())]
pub struct UnknownLang {
    pub given: String,
}

impl Lang {
    /// Every language, Arabic first; the order of the schema's fields.
    pub const ALL: [Lang; 11] = [
        Lang::Ar,
        Lang::En,
        Lang::Fr,
        Lang::De,
        Lang::Es,
        Lang::Ru,
        Lang::Tr,
        Lang::Fa,
        Lang::Ja,
        Lang::Zh,
        Lang::Ko,
    ];

    /// The ISO 639-1 code, as stored in the `lang` field and typed after `--lang`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Es => "es",
            Lang::Ru => "ru",
            Lang::Tr => "tr",
            Lang::Fa => "fa",
            Lang::Ja => "ja",
            Lang::Zh => "zh",
            Lang::Ko => "ko",
        }
    }

    /// The English name, for messages and the README's table.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Ar => "Arabic",
            Lang::En => "English",
            Lang::Fr => "French",
            Lang::De => "German",
            Lang::Es => "Spanish",
            Lang::Ru => "Russian",
            Lang::Tr => "Turkish",
            Lang::Fa => "Persian",
            Lang::Ja => "Japanese",
            Lang::Zh => "Chinese",
            Lang::Ko => "Korean",
        }
    }

    /// Position in [`Lang::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// `ar, en, fr, …`: the codes, for messages.
    pub fn codes() -> String {
        Lang::ALL.map(Lang::code).join(", ")
    }

    /// The language of a stored `lang` value (exactly a code), if it is one.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Reads a language as people and feeds write it: ISO 639-1 (`ar`) or 639-2/3 (`ara`,
    /// `fre`, `fas`, `cmn`) codes in any case, with a region or script (`ar-SA`, `zh_Hans`), or
    /// the language's English or own name (`arabic`, `Français`, `فارسی`, `日本語`).
    pub fn parse(text: &str) -> Result<Lang, UnknownLang> {
        let lower = text.trim().to_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("").trim();
        let lang = match primary {
            "ar" | "ara" | "arabic" | "العربية" | "عربي" => Lang::Ar,
            "en" | "eng" | "english" => Lang::En,
            "fr" | "fra" | "fre" | "french" | "français" | "francais" => Lang::Fr,
            "de" | "deu" | "ger" | "german" | "deutsch" => Lang::De,
            "es" | "spa" | "spanish" | "español" | "espanol" | "castellano" => Lang::Es,
            "ru" | "rus" | "russian" | "русский" => Lang::Ru,
            "tr" | "tur" | "turkish" | "türkçe" | "turkce" => Lang::Tr,
            "fa" | "fas" | "per" | "pes" | "persian" | "farsi" | "فارسی" | "فارسي" => {
                Lang::Fa
            }
            "ja" | "jpn" | "japanese" | "日本語" => Lang::Ja,
            "zh" | "zho" | "chi" | "cmn" | "chinese" | "mandarin" | "中文" | "汉语" | "漢語" => {
                Lang::Zh
            }
            "ko" | "kor" | "korean" | "한국어" => Lang::Ko,
            _ => {
                return Err(UnknownLang {
                    given: text.trim().to_string(),
                })
            }
        };
        Ok(lang)
    }

    fn of_whatlang(lang: Wl) -> Option<Lang> {
        Some(match lang {
            Wl::Ara => Lang::Ar,
            Wl::Eng => Lang::En,
            Wl::Fra => Lang::Fr,
            Wl::Deu => Lang::De,
            Wl::Spa => Lang::Es,
            Wl::Rus => Lang::Ru,
            Wl::Tur => Lang::Tr,
            Wl::Pes => Lang::Fa,
            Wl::Jpn => Lang::Ja,
            Wl::Cmn => Lang::Zh,
            Wl::Kor => Lang::Ko,
            _ => return None,
        })
    }

    fn whatlang(self) -> Wl {
        match self {
            Lang::Ar => Wl::Ara,
            Lang::En => Wl::Eng,
            Lang::Fr => Wl::Fra,
            Lang::De => Wl::Deu,
            Lang::Es => Wl::Spa,
            Lang::Ru => Wl::Rus,
            Lang::Tr => Wl::Tur,
            Lang::Fa => Wl::Pes,
            Lang::Ja => Wl::Jpn,
            Lang::Zh => Wl::Cmn,
            Lang::Ko => Wl::Kor,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        Lang::parse(s)
    }
}

/// Below this whatlang confidence (0–1) a detection is not trusted and the default language is
/// used. whatlang's confidence measures how far ahead the best language is of the runner-up; on
/// real articles in our eleven languages it is above 0.9 (see the tests), while two-word
/// headlines and mixed-script snippets fall below 0.5.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// Detection reads at most this many bytes of an article (title first, then the body): a
/// paragraph decides the language as well as the whole text, and whatlang's cost grows with the
/// length. Measured on data-samples (release build): 256, 512, 1,024 and 2,048 bytes all decide
/// every article alike; they cost 47, 74, 121 and 224 µs per article.
pub const DETECT_BYTES: usize = 512;

/// How an article's language was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// The article said so.
    Given,
    /// Detected from its text with enough confidence.
    Detected,
    /// Detection was not confident: the configured default.
    Default,
}

/// An article's language and how it was decided.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub lang: Lang,
    pub how: How,
    /// A `lang` value that named no language we analyse (it is reported, then ignored).
    pub unknown: Option<UnknownLang>,
}

/// Decides the language of an article: see the module documentation.
pub fn decide(given: Option<&str>, title: &str, body: &str, default: Lang) -> Decision {
    let mut unknown = None;
    if let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) {
        match Lang::parse(given) {
            Ok(lang) => {
                return Decision {
                    lang,
                    how: How::Given,
                    unknown: None,
                }
            }
            Err(e) => unknown = Some(e),
        }
    }
    let (lang, how) = match detect(title, body) {
        Some(lang) => (lang, How::Detected),
        None => (default, How::Default),
    };
    Decision { lang, how, unknown }
}

/// The language of a text, if whatlang is confident about it (see [`MIN_CONFIDENCE`]).
pub fn detect(title: &str, body: &str) -> Option<Lang> {
    let mut sample = String::with_capacity(DETECT_BYTES + 1);
    sample.push_str(prefix(title, DETECT_BYTES));
    sample.push('\n');
    let room = DETECT_BYTES.saturating_sub(sample.len());
    sample.push_str(prefix(body, room));
    let info = detector().detect(&sample)?;
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    Lang::of_whatlang(info.lang())
}

fn detector() -> &'static Detector {
    static DETECTOR: std::sync::OnceLock<Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| Detector::with_allowlist(Lang::ALL.map(Lang::whatlang).to_vec()))
}

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_tags_and_names() {
        for text in [
            "ar",
            "AR",
            "ar-SA",
            "ar_EG",
            "ara",
            "Arabic",
            "العربية",
            " ar ",
        ] {
            assert_eq!(Lang::parse(text), Ok(Lang::Ar), "{text}");
        }
        assert_eq!(Lang::parse("fr-CA"), Ok(Lang::Fr));
        assert_eq!(Lang::parse("Français"), Ok(Lang::Fr));
        assert_eq!(Lang::parse("fas"), Ok(Lang::Fa));
        assert_eq!(Lang::parse("Farsi"), Ok(Lang::Fa));
        assert_eq!(Lang::parse("zh-Hans-CN"), Ok(Lang::Zh));
        assert_eq!(Lang::parse("日本語"), Ok(Lang::Ja));
        let e = Lang::parse("xx-YY").unwrap_err();
        assert_eq!(e.given, "xx-YY");
        assert!(e.to_string().contains("ar, en, fr"), "{e}");
        assert!(Lang::parse("").is_err());
    }

    #[test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::parse(lang.code()), Ok(lang));
            assert_eq!(Lang::ALL[lang.index()], lang);
        }
        assert_eq!(Lang::from_code("AR"), None);
    }

    #[test]
    fn detects_real_sentences() {
        let cases = [
            (Lang::Ar, "اندلعت اشتباكات عنيفة على الحدود بين أرمينيا وأذربيجان ليل الثلاثاء، وأعلنت يريفان مقتل عشرات الجنود."),
            (Lang::En, "Heavy fighting broke out overnight on the border between Armenia and Azerbaijan, and Yerevan said dozens of soldiers had been killed."),
            (Lang::Fr, "De violents affrontements ont éclaté dans la nuit à la frontière entre l'Arménie et l'Azerbaïdjan, faisant des dizaines de morts."),
            (Lang::De, "In der Nacht brachen an der Grenze zwischen Armenien und Aserbaidschan schwere Kämpfe aus, Dutzende Soldaten wurden getötet."),
            (Lang::Es, "Violentos enfrentamientos estallaron durante la noche en la frontera entre Armenia y Azerbaiyán, con decenas de soldados muertos."),
            (Lang::Ru, "Ночью на границе Армении и Азербайджана вспыхнули ожесточённые бои, погибли десятки военнослужащих."),
            (Lang::Tr, "Ermenistan ile Azerbaycan arasındaki sınırda gece şiddetli çatışmalar çıktı ve onlarca asker hayatını kaybetti."),
            (Lang::Fa, "شب گذشته درگیری‌های شدیدی در مرز ارمنستان و جمهوری آذربایجان رخ داد و ده‌ها سرباز کشته شدند."),
            (Lang::Ja, "アルメニアとアゼルバイジャンの国境で夜間に激しい衝突が発生し、数十人の兵士が死亡した。"),
            (Lang::Zh, "亚美尼亚和阿塞拜疆边境夜间爆发激烈冲突，数十名士兵死亡。"),
            (Lang::Ko, "아르메니아와 아제르바이잔 국경에서 밤사이 격렬한 충돌이 발생해 수십 명의 군인이 사망했다."),
        ];
        for (lang, text) in cases {
            assert_eq!(detect("", text), Some(lang), "{text}");
        }
    }

    #[test]
    fn given_wins_unknown_is_reported_and_doubt_falls_back_to_the_default() {
        let english = "The foreign ministers met in Washington to discuss the peace treaty.";
        let d = decide(Some("ar-EG"), "", english, Lang::Ar);
        assert_eq!((d.lang, d.how, d.unknown), (Lang::Ar, How::Given, None));
        let d = decide(Some("klingon"), "", english, Lang::Ar);
        assert_eq!((d.lang, d.how), (Lang::En, How::Detected));
        assert_eq!(d.unknown.map(|u| u.given), Some("klingon".to_string()));
        let d = decide(None, "", "OK 2022", Lang::Fr);
        assert_eq!((d.lang, d.how), (Lang::Fr, How::Default));
        let d = decide(Some("  "), "", "", Lang::Ar);
        assert_eq!((d.lang, d.how), (Lang::Ar, How::Default));
    }

    #[test]
    fn long_texts_are_sampled_on_a_character_boundary() {
        let text = "اندلعت اشتباكات عنيفة على الحدود بين أرمينيا وأذربيجان. ".repeat(100);
        assert_eq!(prefix(&text, 3).len(), 2);
        assert!(prefix(&text, DETECT_BYTES).len() > DETECT_BYTES - 4);
        assert_eq!(detect(&text, &text), Some(Lang::Ar));
    }
}
