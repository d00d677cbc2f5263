//! The entity-extraction evaluation: precision and recall of the countries and actors found in
//! the text of the labelled articles (`eval/entities/labels.tsv`: the `data-samples/` corpus and
//! the articles under `eval/entities/articles/`), against labels written by a person.
//!
//! Metadata is not used: this measures what the text alone yields. Run it with
//! `cargo test -p arshif-e2e --test entity_eval -- --nocapture` to see the per-article errors
//! and the figures recorded in `docs/entities.md`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use arshif_e2e::{entity_labels, repo_root};
use arshif_entities::extract::{Extractor, Options};
use arshif_entities::Gazetteer;
use arshif_index::corpus::Format;
use arshif_index::parse::parse_bytes;

/// The lowest precision and recall accepted, for countries and for actors.
const TARGET: f64 = 0.9;

struct Label {
    id: String,
    countries: BTreeSet<String>,
    actors: BTreeSet<String>,
}

fn labels() -> Vec<Label> {
    entity_labels()
        .into_iter()
        .map(|(id, (countries, actors))| Label {
            id,
            countries,
            actors,
        })
        .collect()
}

#[derive(Default)]
struct Score {
    true_positives: usize,
    found: usize,
    expected: usize,
}

impl Score {
    fn add(&mut self, found: &BTreeSet<String>, expected: &BTreeSet<String>) {
        self.true_positives += found.intersection(expected).count();
        self.found += found.len();
        self.expected += expected.len();
    }
    fn precision(&self) -> f64 {
        self.true_positives as f64 / self.found.max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.true_positives as f64 / self.expected.max(1) as f64
    }
    fn line(&self, what: &str) -> String {
        format!(
            "{what:<22} precision {:.3} ({}/{})  recall {:.3} ({}/{})",
            self.precision(),
            self.true_positives,
            self.found,
            self.recall(),
            self.true_positives,
            self.expected
        )
    }
}

fn is_arabic(text: &str) -> bool {
    let arabic = text
        .chars()
        .filter(|c| ('\u{0600}'..='\u{06FF}').contains(c))
        .count();
    arabic * 2 > text.chars().filter(|c| c.is_alphabetic()).count()
}

/// The language an evaluation article is written in: Arabic and Japanese by their script, French
/// by its file name (`fr-…`), English otherwise.
fn language(id: &str, text: &str) -> usize {
    if is_arabic(text) {
        0
    } else if text
        .chars()
        .any(|c| ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        3
    } else if id.rsplit('/').next().is_some_and(|f| f.starts_with("fr-")) {
        2
    } else {
        1
    }
}

#[test]
fn extraction_precision_and_recall_on_the_labelled_articles() {
    let labels = labels();
    assert!(
        labels.len() >= 60,
        "only {} labelled articles",
        labels.len()
    );
    let gazetteer = Gazetteer::builtin();
    let extractor = Extractor::new(gazetteer, Options::default());
    let (mut countries, mut actors) = (Score::default(), Score::default());
    let mut by_lang: [(Score, Score, usize); 4] = Default::default();
    for label in &labels {
        let path = label.id.split('#').next().unwrap();
        let bytes = fs::read(repo_root().join(path)).unwrap();
        let format = Format::of(Path::new(path)).unwrap();
        let parsed = parse_bytes(path, path, format, &bytes, gazetteer);
        let article = parsed
            .articles
            .iter()
            .find(|a| a.id == label.id)
            .unwrap_or_else(|| panic!("no article {}", label.id));
        let found = extractor.extract(&article.title, &article.body);
        let found_countries: BTreeSet<String> = found.countries.into_iter().collect();
        let found_actors: BTreeSet<String> = found.actors.into_iter().map(|(_, id)| id).collect();
        countries.add(&found_countries, &label.countries);
        actors.add(&found_actors, &label.actors);
        let lang = &mut by_lang[language(&label.id, &article.body)];
        lang.0.add(&found_countries, &label.countries);
        lang.1.add(&found_actors, &label.actors);
        lang.2 += 1;
        fn diff(
            found: &BTreeSet<String>,
            expected: &BTreeSet<String>,
        ) -> (Vec<String>, Vec<String>) {
            (
                found.difference(expected).cloned().collect(),
                expected.difference(found).cloned().collect(),
            )
        }
        let (xc, mc) = diff(&found_countries, &label.countries);
        let (xa, ma) = diff(&found_actors, &label.actors);
        if !(xc.is_empty() && mc.is_empty() && xa.is_empty() && ma.is_empty()) {
            eprintln!(
                "{}: wrong countries {xc:?} missed {mc:?}; wrong actors {xa:?} missed {ma:?}",
                label.id
            );
        }
    }
    eprintln!("{} articles", labels.len());
    eprintln!("{}", countries.line("countries"));
    eprintln!("{}", actors.line("actors"));
    for (name, (c, a, n)) in ["Arabic", "English", "French", "Japanese"]
        .iter()
        .zip(&by_lang)
    {
        eprintln!("{}", c.line(&format!("countries, {name} ({n})")));
        eprintln!("{}", a.line(&format!("actors, {name} ({n})")));
    }
    for (what, score) in [("countries", &countries), ("actors", &actors)] {
        assert!(
            score.precision() >= TARGET && score.recall() >= TARGET,
            "{}",
            score.line(what)
        );
    }
}
