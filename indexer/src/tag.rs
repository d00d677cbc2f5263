//! Tagging an article with the countries and actors its text names, on top of its metadata.

use std::time::{Duration, Instant};

use arshif_schema::{Actor, ActorKind, Article, Extractor};

/// Adds what `extractor` finds in the article's title and body to the countries and actors its
/// metadata gave (metadata first, nothing twice). Returns the time the extraction took, so that
/// the run can report what extraction costs.
pub fn tag(article: &mut Article, extractor: &Extractor) -> Duration {
    let started = Instant::now();
    let found = extractor.extract(&article.title, &article.body);
    for code in found.countries {
        if !article.countries.contains(&code) {
            article.countries.push(code);
        }
    }
    for (kind, id) in found.actors {
        let actor = Actor::new(ActorKind::of(kind), id);
        // Metadata may have named a known actor without its kind: the gazetteer's kind wins.
        article
            .actors
            .retain(|a| !(a.id == actor.id && a.kind == ActorKind::Other));
        if !article.actors.contains(&actor) {
            article.actors.push(actor);
        }
    }
    started.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use arshif_schema::extract::Options;
    use arshif_schema::Gazetteer;

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
