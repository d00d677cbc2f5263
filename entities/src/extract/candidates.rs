//! Candidate actors the gazetteer lacks in one text, found by the titles news puts before names
//! (`arshif-index --suggest-actors` gathers them over a corpus).
//!
//! News introduces people by office: `رئيس الوزراء الأرميني، نيكول باشينيان`, `Foreign Minister
//! Jeyhun Bayramov`. The words after such a title — past a nationality or country and a comma —
//! are very likely a name. Names the gazetteer already knows are left out; what remains is a list
//! for a person to review and paste into a gazetteer file.

use tantivy::tokenizer::{TokenStream, Tokenizer};

use super::Extractor;
use arshif_analysis::{normalize, WordTokenizer};

/// Titles that introduce a person, as normalized words.
const TITLES: &[&[&str]] = &[
    &["رئيس", "الوزراء"],
    &["رئيسه", "الوزراء"],
    &["رئيس", "الحكومه"],
    &["وزير", "الخارجيه"],
    &["وزيره", "الخارجيه"],
    &["وزير", "الدفاع"],
    &["الرئيس"],
    &["الملك"],
    &["president"],
    &["prime", "minister"],
    &["foreign", "minister"],
    &["secretary", "of", "state"],
    &["defence", "minister"],
    &["defense", "minister"],
    &["king"],
];

/// Words that never start or continue a name after a title.
const NOT_NAMES: &[&str] = &[
    "في",
    "من",
    "الي",
    "علي",
    "عن",
    "نظيره",
    "نظيرته",
    "نظيرها",
    "ان",
    "انه",
    "انها",
    "قال",
    "قالت",
    "الذي",
    "التي",
    "مع",
    "هو",
    "هي",
    "كان",
    "وقال",
    "بعد",
    "قبل",
    "خلال",
    "السابق",
    "السابقه",
    "الحالي",
    "المنتهيه",
    "ولايته",
    // Verbs that follow a title where a name was expected (`الرئيس أجرى مكالمة`, `رئيس الوزراء
    // استخدم حق النقض`), as normalized words.
    "اجري",
    "استخدم",
    "اكد",
    "اعلن",
    "اشار",
    "اضاف",
    "اوضح",
    "التقي",
    "استقبل",
    "بحث",
    "دعا",
    "زار",
    "يزور",
    "وصل",
    "شدد",
    "طالب",
    "رحب",
    "وقع",
    "عقد",
    "تراس",
    "تلقي",
    "ابلغ",
    "هنا",
    "ادان",
    "حذر",
    "اتهم",
    "نفي",
    "رفض",
    "وافق",
    "قرر",
    "امر",
    "اصدر",
    "القي",
    "شارك",
    "غادر",
    "توجه",
    "يلتقي",
    "سيزور",
    "يقول",
    "اعتبر",
    "لجائزه",
    "جائزه",
    "مكالمه",
    "اتصالا",
    "كلمه",
    "the",
    "of",
    "says",
    "told",
    "will",
    "would",
    "met",
    "visited",
    "called",
    "at",
    "by",
    "with",
    "from",
    "as",
    "that",
    "this",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "also",
    "and",
    "said",
    "has",
    "was",
    "is",
    "on",
    "in",
    "to",
    "for",
    "said",
    "who",
];

/// Honorifics and qualifiers between a title and a name: passed over.
const HONORIFICS: &[&str] = &[
    "الامير",
    "الشيخ",
    "الملك",
    "السيد",
    "السيده",
    "الدكتور",
    "المكلف",
    "الاسبق",
    "السابق",
    "الجديد",
    "المنتخب",
    "المؤقت",
    "الانتقالي",
    "sheikh",
    "prince",
    "king",
    "mr",
    "mrs",
    "ms",
    "dr",
    "crown",
    "elect",
    "former",
];

/// Words that bind the parts of an Arabic name.
const CONNECTORS: &[&str] = &["بن", "بنت", "عبد", "ابو", "ابن", "ال"];

/// A conjunction or preposition fused with the article (`والحكومة`, `بالعاصمة`, `للرئيس`): never
/// a part of a person's name.
fn starts_with_clitic_and_article(norm: &str) -> bool {
    ["وال", "فال", "بال", "كال", "لل"]
        .iter()
        .any(|p| norm.starts_with(p) && norm.chars().count() > p.chars().count() + 1)
}

/// One candidate: the name as written and the title that introduced it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub name: String,
    pub title: String,
}

struct W<'a> {
    text: &'a str,
    norm: String,
    /// Punctuation other than a comma lies before it.
    hard_break: bool,
    comma_before: bool,
}

fn words(text: &str) -> Vec<W<'_>> {
    let mut tokenizer = WordTokenizer;
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    let mut last = 0;
    while stream.advance() {
        let t = stream.token();
        let gap = &text[last..t.offset_from];
        let comma_before = gap.contains([',', '،']);
        let hard_break = gap
            .chars()
            .any(|c| !(c.is_whitespace() || c == ',' || c == '،' || c == '-') || c == '\n');
        out.push(W {
            text: &text[t.offset_from..t.offset_to],
            norm: normalize(&text[t.offset_from..t.offset_to]),
            hard_break,
            comma_before,
        });
        last = t.offset_to;
    }
    out
}

/// Candidate names after a title in `text` that `extractor` does not already know as actors.
pub fn candidates(text: &str, extractor: &Extractor) -> Vec<Candidate> {
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let Some(title) = TITLES.iter().find(|t| {
            t.len() <= ws.len() - i
                && t.iter()
                    .zip(&ws[i..])
                    .enumerate()
                    .all(|(k, (t, w))| w.norm == *t && (k == 0 || !w.hard_break))
        }) else {
            i += 1;
            continue;
        };
        let title_text: Vec<&str> = ws[i..i + title.len()].iter().map(|w| w.text).collect();
        let mut j = i + title.len();
        // Past a nationality or country (الأرميني، Armenian), honorifics (الشيخ) and a comma.
        while j < ws.len()
            && !ws[j].hard_break
            && (HONORIFICS.contains(&ws[j].norm.as_str())
                || !extractor.extract("", ws[j].text).countries.is_empty())
        {
            j += 1;
        }
        let latin = ws.get(j).is_some_and(|w| w.norm.is_ascii());
        let mut name = Vec::new();
        // Arabic names: a given name and a family name, plus the words that bind name parts
        // (محمد بن سلمان، عبد الفتاح، أبو الغيط).
        let mut wanted = if latin { 3 } else { 2 };
        while j < ws.len() && name.len() < wanted {
            let w = &ws[j];
            let breaks = w.hard_break || (!name.is_empty() && w.comma_before);
            let capital = w.text.chars().next().is_some_and(char::is_uppercase);
            if breaks
                || NOT_NAMES.contains(&w.norm.as_str())
                || arshif_analysis::arabic::stopwords::is_stopword(&w.norm)
                || starts_with_clitic_and_article(&w.norm)
                || w.norm.chars().any(|c| c.is_ascii_digit())
                || (latin && (!capital || !w.norm.is_ascii()))
                || (!latin && w.norm.is_ascii())
            {
                break;
            }
            if !latin && CONNECTORS.contains(&w.norm.as_str()) {
                wanted = (wanted + 1).min(4);
            }
            name.push(w.text);
            j += 1;
        }
        // An Arabic given name does not take the article (الأسبق نوري is no name).
        let plausible = latin || !name.first().is_some_and(|w| w.starts_with("ال"));
        let enough = if latin {
            name.len() >= 2
        } else {
            name.len() == wanted
        };
        if enough && plausible {
            let joined = name.join(" ");
            // Known if the words name a known actor, or a longer known name starts with them
            // (رجب طيب → رجب طيب أردوغان).
            let start = j - name.len();
            let window: Vec<&str> = ws[start..(start + 8).min(ws.len())]
                .iter()
                .map(|w| w.text)
                .collect();
            let known = !extractor.extract("", &joined).actors.is_empty()
                || extractor.starts_with_actor(&window.join(" "));
            if !known {
                out.push(Candidate {
                    name: joined,
                    title: title_text.join(" "),
                });
            }
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Options;
    use crate::Gazetteer;

    #[test]
    fn verbs_nouns_and_function_words_are_no_names() {
        let e = Extractor::new(Gazetteer::builtin(), Options::default());
        // Sentences from the sample articles where a title is followed by no name.
        let text = "وكان الرئيس أجرى مكالمة هاتفية مع نظيره. واستخدم رئيس الوزراء استخدم حق \
                    النقض. ورشح الرئيس لجائزة نوبل للسلام. وقال وزير الخارجية للصحفيين إن \
                    الرئيس بالإنابة سيزور البلاد. The President said on Monday that Prime \
                    Minister will travel. Foreign Minister told reporters.";
        let found = candidates(text, &e);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn names_after_titles_that_the_gazetteer_lacks() {
        let e = Extractor::new(Gazetteer::builtin(), Options::default());
        let text =
            "قال رئيس الوزراء الأرميني، نيكول باشينيان، إن وزير الخارجية الفنلندي، يوكا سالوفارا، \
                    زار يريفان. Foreign Minister Tanja Fajon said. The president said nothing. \
                    واستقبل الرئيس التركي رجب طيب أردوغان رئيس الوزراء المكلف نواف سلام، \
                    ورئيس الوزراء الأسبق نوري المالكي. وقال وزير الخارجية الشيخ خالد بن أحمد.";
        let found = candidates(text, &e);
        let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["يوكا سالوفارا", "Tanja Fajon", "خالد بن أحمد"]);
        assert_eq!(found[0].title, "وزير الخارجية");
    }
}
