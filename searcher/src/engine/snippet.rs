//! Snippets: the part of a hit's text where the query's words are, with those words marked.
//!
//! This is tantivy's `SnippetGenerator` algorithm (cut the analyzed text into fragments of at
//! most `max_chars` bytes, score each by the sum of `1 / (1 + document frequency)` of the query
//! terms it holds, keep the best, the earliest on a tie), with two differences that matter for
//! speed and nothing else:
//! - a [`Highlighter`] analyzes every text with one analyzer, where tantivy clones the field's
//!   analyzer for each text. Arshif's Arabic stemmer remembers each word's proclitic decision
//!   (a lexicon lookup, [`arshif_analysis`]); with a clone per text, each of a page's
//!   hits started with an empty memory, and those lookups were most of what the proclitic rule
//!   added to a search at 1M articles (BENCHMARKS.md);
//! - a token is compared with the query's terms as the analyzer gave it. tantivy lowercases
//!   each token again, allocating a string per word of the text (8% of a search's CPU); every
//!   Arshif analyzer lowercases already, and a term can only match a token the analyzer made;
//!
//! and one that users see: a word the query has only inside quoted phrases is marked only next
//! to another word of a phrase. tantivy marks every `الله` of a text for `"رسول الله"`, so a hadith
//! lit up at each `صلى الله عليه وسلم`, which the search did not match; now only the phrase is
//! marked (and only it scores the fragment).

use std::collections::BTreeMap;
use std::ops::Range;

use rustc_hash::FxHashMap;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use crate::engine::Highlighted;

/// Finds and marks the best fragment of texts of one field for one query.
#[derive(Clone)]
pub struct Highlighter {
    /// The query's terms in the field (as indexed), each with its weight, whether the query has
    /// it on its own (not in a phrase) and whether it has it in a phrase.
    terms: FxHashMap<String, (Score, bool, bool)>,
    analyzer: TextAnalyzer,
    max_chars: usize,
}

impl Highlighter {
    /// The highlighter of `field`'s texts for `query`; `None` when the query has no term in
    /// the field that occurs in the index (it would analyze every text to find nothing: a
    /// quoted phrase has terms only in the exact view).
    pub fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        max_chars: usize,
    ) -> tantivy::Result<Option<Highlighter>> {
        // Each term: whether a clause has it on its own, whether one has it in a phrase (a
        // clause that needs positions).
        let mut in_field: BTreeMap<&Term, (bool, bool)> = BTreeMap::new();
        query.query_terms(&mut |term, in_phrase| {
            if term.field() == field {
                let (free, phrase) = in_field.entry(term).or_insert((false, false));
                *free |= !in_phrase;
                *phrase |= in_phrase;
            }
        });
        let mut terms = FxHashMap::default();
        for (term, (free, phrase)) in in_field {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let doc_freq = searcher.doc_freq(term)?;
            if doc_freq > 0 {
                let weight = 1.0 / (1.0 + doc_freq as Score);
                terms.insert(text.to_string(), (weight, free, phrase));
            }
        }
        if terms.is_empty() {
            return Ok(None);
        }
        Ok(Some(Highlighter {
            terms,
            analyzer: searcher.index().tokenizer_for_field(field)?,
            max_chars,
        }))
    }

    /// The best fragment of `text` with the query's words marked, as display text (newlines
    /// flattened, `… ` where the fragment cuts the text); `None` when no word of the query is
    /// in it.
    pub fn highlight(&mut self, text: &str) -> Option<Highlighted> {
        let best = self.best_fragment(text)?;
        let prefix = if best.start > 0 { "… " } else { "" };
        let suffix = if best.stop < text.len() { " …" } else { "" };
        let shown = format!("{prefix}{}{suffix}", flatten(&text[best.start..best.stop]));
        let shift = prefix.len();
        let ranges = best
            .marked
            .iter()
            .map(|r| r.start - best.start + shift..r.end - best.start + shift)
            .collect();
        Some(Highlighted {
            text: shown,
            ranges,
        })
    }

    /// The highest-scoring fragment of `text`, the earliest of equals.
    fn best_fragment(&mut self, text: &str) -> Option<Fragment> {
        let mut stream = self.analyzer.token_stream(text);
        let mut best: Option<Fragment> = None;
        let mut fragment = Fragment::at(0);
        let keep = |fragment: Fragment, best: &mut Option<Fragment>| {
            if fragment.score > 0.0 && best.as_ref().is_none_or(|b| fragment.score > b.score) {
                *best = Some(fragment);
            }
        };
        // The last token when it is a word of a phrase: (position, bytes, weight, marked).
        let mut last: Option<(usize, Range<usize>, Score, bool)> = None;
        while let Some(token) = stream.next() {
            if token.offset_to - fragment.start > self.max_chars {
                let next = Fragment::at(token.offset_from);
                keep(std::mem::replace(&mut fragment, next), &mut best);
                last = None;
            }
            fragment.stop = token.offset_to;
            let Some(&(score, free, in_phrase)) = self.terms.get(token.text.as_str()) else {
                last = None;
                continue;
            };
            let bytes = token.offset_from..token.offset_to;
            let next_to = in_phrase
                && last
                    .as_ref()
                    .is_some_and(|(at, ..)| at + 1 == token.position);
            if next_to {
                // The word before, left unmarked, is after all in a run of a phrase's words.
                if let Some((_, before, weight, false)) = last.take() {
                    fragment.score += weight;
                    fragment.marked.push(before);
                }
            }
            let mark = free || next_to;
            if mark {
                fragment.score += score;
                fragment.marked.push(bytes.clone());
            }
            last = in_phrase.then_some((token.position, bytes, score, mark));
        }
        keep(fragment, &mut best);
        best
    }
}

/// A candidate fragment: bytes `start..stop` of the text, the query words in it and their
/// weight.
struct Fragment {
    start: usize,
    stop: usize,
    score: Score,
    marked: Vec<Range<usize>>,
}

impl Fragment {
    fn at(start: usize) -> Fragment {
        Fragment {
            start,
            stop: start,
            score: 0.0,
            marked: Vec::new(),
        }
    }
}

/// The highlight of the first of `highlighters` that marks something in `text`.
pub fn first_highlighted(
    highlighters: &mut [Option<Highlighter>],
    text: &str,
) -> Option<Highlighted> {
    highlighters
        .iter_mut()
        .flatten()
        .find_map(|highlighter| highlighter.highlight(text))
}

/// Newlines and tabs as spaces (one byte for one byte, so ranges stay valid).
fn flatten(text: &str) -> String {
    text.replace(['\n', '\r', '\t'], " ")
}

/// The start of `body`, cut at a word boundary: the snippet when the match is elsewhere.
pub fn lead(body: &str, max_chars: usize) -> Highlighted {
    let cut = body
        .char_indices()
        .nth(max_chars)
        .map(|(i, _)| body[..i].rfind(' ').unwrap_or(i));
    let text = match cut {
        Some(end) => format!("{} …", flatten(&body[..end]).trim_end()),
        None => flatten(body),
    };
    Highlighted {
        text,
        ranges: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::two_segment_archive;
    use arshif_analysis::Lang;
    use arshif_schema::Article;
    use tantivy::query::QueryParser;
    use tantivy::snippet::SnippetGenerator;

    /// Sentences written for these tests (what they check is agreement with tantivy, not
    /// retrieval quality): clitics, the article, a plural, a word met nowhere.
    const TEXTS: [(&str, &str); 4] = [
        (
            "ar",
            "وقال الرئيس إن الحكومة ستنظر بقرار المجلس، ثم قال: إن القرار لم يكن ممكنا لولا \
             الاتفاق. وأضاف أن قرار الحكومة جاء بعد مشاورات طويلة مع الأحزاب، وأن لقرار \
             المجلس أثرا على الموازنة.",
        ),
        (
            "ar",
            "اشتباكات جديدة على حدود أرمينيا وأذربيجان، والحكومة في يريفان تقول إن لأرمينيا \
             الحق في الدفاع عن أراضيها.",
        ),
        (
            "en",
            "The Government said on Monday that the decision of the council was final. \
             Decisions of this kind are rare; the council decided nothing else.",
        ),
        ("ar", "لا شيء هنا مما يسأل عنه."),
    ];

    /// Every highlight is what tantivy's generator gives for the same text and query.
    #[test]
    fn highlights_as_tantivy_does() {
        let (index, fields) = two_segment_archive(TEXTS.len(), TEXTS.len(), |i| Article {
            id: format!("a{i}"),
            title: "عنوان".into(),
            body: TEXTS[i].1.into(),
            lang: Some(TEXTS[i].0.into()),
            ..Article::default()
        });
        let searcher = index.reader().unwrap().searcher();
        let cases = [
            (fields.of(Lang::Ar).body, "قرار الحكومة"),
            (fields.of(Lang::Ar).body, "أرمينيا"),
            (fields.body_exact, "القرار"),
            (fields.of(Lang::En).body, "decision council"),
        ];
        let mut marked = 0;
        for (field, text) in cases {
            let query = QueryParser::for_index(&index, vec![field])
                .parse_query(text)
                .unwrap();
            for max_chars in [20, 60, 150, 10_000] {
                let mut ours = Highlighter::new(&searcher, &*query, field, max_chars)
                    .unwrap()
                    .unwrap();
                let mut theirs = SnippetGenerator::create(&searcher, &*query, field).unwrap();
                theirs.set_max_num_chars(max_chars);
                for (_, body) in TEXTS {
                    let expected = theirs.snippet(body);
                    let got = ours.highlight(body);
                    match got {
                        None => assert!(expected.highlighted().is_empty(), "{text} in {body}"),
                        Some(got) => {
                            marked += 1;
                            let prefix = if expected.fragment_range().start > 0 {
                                4
                            } else {
                                0
                            };
                            let shifted: Vec<Range<usize>> = expected
                                .highlighted()
                                .iter()
                                .map(|r| r.start + prefix..r.end + prefix)
                                .collect();
                            assert_eq!(got.ranges, shifted, "{text} in {body}");
                            let shown = flatten(expected.fragment());
                            assert!(got.text.contains(&shown), "{text} in {body}");
                        }
                    }
                }
            }
        }
        assert!(marked >= 20, "only {marked} highlights compared");
    }

    /// The stemmed view marks the written forms, clitics included; a word absent from the
    /// index gives no highlighter at all.
    #[test]
    fn marks_every_form_of_a_word() {
        let (index, fields) = two_segment_archive(1, 1, |_| Article {
            id: "a".into(),
            title: "عنوان".into(),
            body: TEXTS[0].1.into(),
            lang: Some("ar".into()),
            ..Article::default()
        });
        let searcher = index.reader().unwrap().searcher();
        let field = fields.of(Lang::Ar).body;
        let parse = |text| {
            QueryParser::for_index(&index, vec![field])
                .parse_query(text)
                .unwrap()
        };
        let mut highlighter = Highlighter::new(&searcher, &*parse("قرار"), field, 10_000)
            .unwrap()
            .unwrap();
        let got = highlighter.highlight(TEXTS[0].1).unwrap();
        let words: Vec<&str> = got.ranges.iter().map(|r| &got.text[r.clone()]).collect();
        assert_eq!(words, ["بقرار", "القرار", "قرار", "لقرار"]);
        assert!(Highlighter::new(&searcher, &*parse("زلزال"), field, 100)
            .unwrap()
            .is_none());
    }

    /// A phrase's words are marked where they make the phrase, not wherever one of them is; a
    /// word also typed on its own is marked everywhere.
    #[test]
    fn marks_a_phrase_where_it_is_a_phrase() {
        // From Jami al-Tirmidhi (public domain): the phrase once, الله alone three times.
        let text = "عن أبي هريرة رضى الله عنه قال قال رسول الله صلى الله عليه وسلم إن الله طيب";
        let (index, fields) = two_segment_archive(1, 1, |_| Article {
            id: "a".into(),
            title: "عنوان".into(),
            body: text.into(),
            lang: Some("ar".into()),
            ..Article::default()
        });
        let searcher = index.reader().unwrap().searcher();
        let field = fields.body_exact;
        let marked = |query: &str| -> Vec<String> {
            let query = QueryParser::for_index(&index, vec![field])
                .parse_query(query)
                .unwrap();
            let got = Highlighter::new(&searcher, &*query, field, 10_000)
                .unwrap()
                .unwrap()
                .highlight(text)
                .unwrap();
            got.ranges
                .iter()
                .map(|r| got.text[r.clone()].to_string())
                .collect()
        };
        assert_eq!(marked("\"رسول الله\""), ["رسول", "الله"]);
        assert_eq!(marked("\"رسول الله\" OR طيب"), ["رسول", "الله", "طيب"]);
        assert_eq!(
            marked("\"رسول الله\" OR الله"),
            ["الله", "رسول", "الله", "الله", "الله"]
        );
    }
}
