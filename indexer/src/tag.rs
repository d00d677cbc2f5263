//! Tagging an article with the countries and actors its text names, on top of its metadata.

use std::time::{Duration, Instant};

use arshif_entities::Extractor;
use arshif_schema::{Actor, ActorKind, Article};

/// Adds what `extractor` finds in the article's title and body to the countries and actors its
/// metadata gave, nothing twice, in the order that says what the article is about: what the
/// metadata names and the text's main ones first (metadata names what an article is about),
/// then the rest by prominence ([`arshif_entities::extract::prominence`]). Returns the time the
/// extraction took, so that the run can report what extraction costs.
pub fn tag(article: &mut Article, extractor: &Extractor) -> Duration {
    let started = Instant::now();
    let found = extractor.extract(&article.title, &article.body);
    let mut countries = std::mem::take(&mut article.countries);
    let (main, rest) = found.countries.split_at(found.main_countries);
    for list in [main, rest] {
        for code in list {
            if !countries.contains(code) {
                countries.push(code.clone());
            }
        }
        if article.main_countries.is_none() {
            article.main_countries = Some(countries.len());
        }
    }
    article.countries = countries;
    let (main, rest) = found.actors.split_at(found.main_actors);
    for list in [main, rest] {
        for (kind, id) in list {
            let actor = Actor::new(ActorKind::of(*kind), id.clone());
            // Metadata may have named a known actor without its kind: the gazetteer's kind wins.
            article
                .actors
                .retain(|a| !(a.id == actor.id && a.kind == ActorKind::Other));
            if !article.actors.contains(&actor) {
                article.actors.push(actor);
            }
        }
        if article.main_actors.is_none() {
            article.main_actors = Some(article.actors.len());
        }
    }
    started.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arshif_entities::extract::Options;
    use arshif_entities::Gazetteer;

    #[test]
    fn metadata_and_text_are_merged_without_duplicates() {
        let extractor = Extractor::new(Gazetteer::builtin(), Options::default());
        let mut article = Article {
            title: "باشينيان في موسكو".into(),
            body: "قالت أرمينيا وروسيا إن الاتفاق صامد".into(),
            countries: vec!["AM".into(), "Atlantis".into()],
            actors: vec![Actor::new(ActorKind::Other, "someone")],
            ..Article::default()
        };
        tag(&mut article, &extractor);
        assert_eq!(article.countries, vec!["AM", "Atlantis", "RU"]);
        assert_eq!(
            article.actors,
            vec![
                Actor::new(ActorKind::Other, "someone"),
                Actor::new(ActorKind::Person, "nikol-pashinyan"),
            ]
        );
    }
}
