//! One article whole (`--show ID`, `:show N`), as text for people:
//!
//! ```text
//! مقتل حوالي 100 جندي في اشتباكات بين أرمينيا وأذربيجان
//! 2022-09-13 | Reuters | ar
//! https://…
//! armenia-azerbaijan-clashes.txt | /home/…/data-samples/armenia-azerbaijan-clashes.txt
//! countries: Armenia · أرمينيا, Azerbaijan · أذربيجان; also Russia · روسيا
//! actors: Nikol Pashinyan · نيكول باشينيان
//!
//! اندلعت اشتباكات …   (each paragraph wrapped to the terminal, a blank line between)
//! ```
//!
//! Lines are laid out in logical order and reordered for display per line by
//! [`super::Display::render`], as results are.

use arshif_schema::date;

use crate::engine::{Article, Named};

use super::styled::{Line, Tone};
use super::wrap::wrap;

/// The lines of an article, wrapped to `width` columns (0: no wrapping).
pub fn lines(shown: &Article, width: usize) -> Vec<Line> {
    let a = &shown.article;
    let none = Line::new();
    let mut lines = Vec::new();
    let add = |text: String, tone: Tone, lines: &mut Vec<Line>| {
        lines.extend(wrap(&none, &Line::of(text, tone), width));
    };
    let title = if a.title.trim().is_empty() {
        "(untitled)".to_string()
    } else {
        a.title.clone()
    };
    add(title, Tone::Title, &mut lines);
    let meta: Vec<String> = [a.date.map(date::display), a.source.clone(), a.lang.clone()]
        .into_iter()
        .flatten()
        .collect();
    if !meta.is_empty() {
        add(meta.join(" | "), Tone::Plain, &mut lines);
    }
    if let Some(url) = &a.url {
        add(url.clone(), Tone::Dim, &mut lines);
    }
    let mut place = vec![a.id.clone()];
    place.extend(a.path.clone());
    add(place.join(" | "), Tone::Dim, &mut lines);
    if !shown.countries.is_empty() {
        add(
            format!("countries: {}", names(&shown.countries)),
            Tone::Plain,
            &mut lines,
        );
    }
    if !shown.actors.is_empty() {
        add(
            format!("actors: {}", names(&shown.actors)),
            Tone::Plain,
            &mut lines,
        );
    }
    for paragraph in a.body.split('\n').map(str::trim) {
        if paragraph.is_empty() {
            continue;
        }
        lines.push(Line::new());
        add(paragraph.to_string(), Tone::Plain, &mut lines);
    }
    lines
}

/// `main one, main two; also other, other`: the ones the article is about first.
fn names(list: &[Named]) -> String {
    let part = |main: bool| {
        list.iter()
            .filter(|n| n.main == main)
            .map(Named::label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (part(true), part(false)) {
        (main, rest) if main.is_empty() => rest,
        (main, rest) if rest.is_empty() => main,
        (main, rest) => format!("{main}; also {rest}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arshif_schema::StoredArticle;

    #[test]
    fn an_article_is_its_metadata_then_its_paragraphs() {
        let shown = Article {
            article: StoredArticle {
                id: "wire.ndjson#2".into(),
                title: "اشتباكات على الحدود".into(),
                body: "الفقرة الأولى.\n\nالفقرة الثانية.".into(),
                date: Some(time::macros::datetime!(2022-09-13 00:00 UTC)),
                source: Some("رويترز".into()),
                path: Some("/data/wire.ndjson".into()),
                ..StoredArticle::default()
            },
            countries: vec![
                Named {
                    id: "AM".into(),
                    name: Some("Armenia".into()),
                    name_ar: Some("أرمينيا".into()),
                    main: true,
                },
                Named {
                    id: "ZZ".into(),
                    name: None,
                    name_ar: None,
                    main: false,
                },
            ],
            actors: vec![],
        };
        let texts: Vec<String> = lines(&shown, 0).iter().map(Line::text).collect();
        assert_eq!(
            texts,
            [
                "اشتباكات على الحدود",
                "2022-09-13 | رويترز",
                "wire.ndjson#2 | /data/wire.ndjson",
                "countries: Armenia · أرمينيا; also ZZ",
                "",
                "الفقرة الأولى.",
                "",
                "الفقرة الثانية.",
            ]
        );
    }
}
