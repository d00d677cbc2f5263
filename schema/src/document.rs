//! The article model: what the indexer builds from a file and what the searcher reads back.

use serde::Serialize;
use tantivy::schema::document::CompactDocValue;
use tantivy::schema::{Document, Facet, Field, OwnedValue, Value};
use tantivy::{DateTime, TantivyDocument};
use time::OffsetDateTime;

use crate::schema::{
    Fields, ACTOR_FACET_ROOT, COUNTRY_FACET_ROOT, MAIN_ACTOR_FACET_ROOT, MAIN_COUNTRY_FACET_ROOT,
};
use arshif_analysis::Lang;
use arshif_entities::gazetteer::Kind;

/// One news article, as parsed from the corpus.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Stable id: the path relative to the corpus directory, plus `#N` for line N of a JSONL file.
    pub id: String,
    pub title: String,
    pub body: String,
    pub date: Option<OffsetDateTime>,
    pub url: Option<String>,
    pub source: Option<String>,
    /// The language as given in the file; the indexer replaces it with the decided language's
    /// code ([`arshif_analysis::lang::decide`]). It chooses the fields the text goes into.
    pub lang: Option<String>,
    /// ISO 3166-1 alpha-2 codes (`AM`), or the name as written when it is not a known country;
    /// the most prominent first once extraction has run.
    pub countries: Vec<String>,
    /// People and organisations, the most prominent first once extraction has run.
    pub actors: Vec<Actor>,
    /// How many of `countries`, from the first, the article is about (`None`: all of them, as
    /// for metadata, which names what an article is about).
    pub main_countries: Option<usize>,
    /// How many of `actors`, from the first, the article is about (`None`: all of them).
    pub main_actors: Option<usize>,
}

/// What an actor is; the middle segment of its facet (`/actor/person/nikol-pashinyan`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    Person,
    Org,
    /// Named in metadata but not in the gazetteer, so of unknown kind.
    #[default]
    Other,
}

impl ActorKind {
    pub const ALL: [ActorKind; 3] = [ActorKind::Person, ActorKind::Org, ActorKind::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Person => "person",
            ActorKind::Org => "org",
            ActorKind::Other => "other",
        }
    }

    /// The actor kind of a gazetteer entry kind (countries and regions are no actors).
    pub fn of(kind: Kind) -> ActorKind {
        match kind {
            Kind::Person => ActorKind::Person,
            Kind::Org => ActorKind::Org,
            Kind::Country | Kind::Region => ActorKind::Other,
        }
    }

    pub fn parse(text: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A person or organisation an article names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Actor {
    pub kind: ActorKind,
    /// The gazetteer slug (`nikol-pashinyan`), or a slug made from the name.
    pub id: String,
}

impl Actor {
    pub fn new(kind: ActorKind, id: impl Into<String>) -> Actor {
        Actor {
            kind,
            id: id.into(),
        }
    }
}

/// The facet of a country code: `/country/AM`.
pub fn country_facet(code: &str) -> Facet {
    Facet::from_path([&COUNTRY_FACET_ROOT[1..], code])
}

/// The facet of a country an article is about: `/main-country/AM`.
pub fn main_country_facet(code: &str) -> Facet {
    Facet::from_path([&MAIN_COUNTRY_FACET_ROOT[1..], code])
}

/// The facet of an actor an article is about: `/main-actor/person/nikol-pashinyan`.
pub fn main_actor_facet(kind: ActorKind, id: &str) -> Facet {
    Facet::from_path([&MAIN_ACTOR_FACET_ROOT[1..], kind.as_str(), id])
}

/// The facet of an actor: `/actor/person/nikol-pashinyan`.
pub fn actor_facet(kind: ActorKind, id: &str) -> Facet {
    Facet::from_path([&ACTOR_FACET_ROOT[1..], kind.as_str(), id])
}

/// The last segment of a facet (`/country/AM` → `AM`).
pub fn facet_leaf(facet: &Facet) -> String {
    facet
        .to_path()
        .last()
        .map(|s| s.to_string())
        .unwrap_or_default()
}

impl Article {
    /// The language whose fields the text goes into: `lang` if it is a language code (the
    /// indexer makes sure it is), else Arabic.
    pub fn language(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::from_code)
            .unwrap_or(Lang::Ar)
    }

    /// Converts the article into a tantivy document of the Arshif schema: its text goes into
    /// its language's fields (both views for Arabic). For writers of plain tantivy documents
    /// (tests, tools); the indexer adds [`Article::to_index_document`]s.
    pub fn to_document(&self, fields: &Fields) -> TantivyDocument {
        self.to_index_document(fields).into_tantivy_document()
    }

    /// The article's document as the indexer hands it to tantivy: the same values as
    /// [`Article::to_document`]'s, each held once, allocated at its size. tantivy keeps up to
    /// 10,000 added documents queued for its indexing threads, so their size is most of the
    /// indexer's memory beyond the writer's budget: a document grown value by value holds up
    /// to twice its bytes (its buffer doubles), and Arabic's exact view would be a second
    /// copy of the title and body. [`STAMP_BYTES`] are left for the file stamp the indexer
    /// adds through [`ArticleDocument::values_mut`].
    pub fn to_index_document(&self, fields: &Fields) -> ArticleDocument {
        let lang = self.language();
        let bytes = self.document_bytes();
        let mut doc = TantivyDocument::with_capacity(bytes);
        doc.add_text(fields.id, &self.id);
        let text = fields.of(lang);
        doc.add_text(text.title, &self.title);
        doc.add_text(text.body, &self.body);
        if let Some(date) = self.date {
            doc.add_date(fields.date, DateTime::from_utc(date));
        }
        let optional = [
            (fields.url, &self.url),
            (fields.source, &self.source),
            (fields.lang, &self.lang),
        ];
        for (field, value) in optional {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                doc.add_text(field, value);
            }
        }
        let main = self.main_countries.unwrap_or(self.countries.len());
        let main_codes = dedup(&self.countries[..main.min(self.countries.len())]);
        for code in dedup(&self.countries) {
            doc.add_facet(fields.countries, country_facet(code));
        }
        for code in main_codes {
            doc.add_facet(fields.countries, main_country_facet(code));
        }
        // A set, not a list: linear in the number of actors, whatever a document lists.
        let main = self.main_actors.unwrap_or(self.actors.len());
        let mut seen = std::collections::HashSet::new();
        let mut main_facets = Vec::new();
        for (i, actor) in self.actors.iter().enumerate() {
            let id = actor.id.trim();
            if !id.is_empty() && seen.insert(id) {
                doc.add_facet(fields.actors, actor_facet(actor.kind, id));
                if i < main {
                    main_facets.push(main_actor_facet(actor.kind, id));
                }
            }
        }
        for facet in main_facets {
            doc.add_facet(fields.actors, facet);
        }
        let arabic = lang == Lang::Ar;
        ArticleDocument {
            values: doc,
            bytes,
            views: [
                arabic.then_some((text.title, fields.title_exact)),
                arabic.then_some((text.body, fields.body_exact)),
                fields
                    .body_pairs
                    .filter(|_| arabic)
                    .map(|pairs| (text.body, pairs)),
            ],
        }
    }

    /// An upper bound of the bytes [`Article::to_index_document`] writes, plus
    /// [`STAMP_BYTES`]: each value with its length prefix and address.
    fn document_bytes(&self) -> usize {
        const VALUE: usize = 16;
        let optional = [&self.url, &self.source, &self.lang];
        let text = self.id.len()
            + self.title.len()
            + self.body.len()
            + optional
                .iter()
                .filter_map(|v| v.as_deref())
                .map(str::len)
                .sum::<usize>();
        let facets = self.countries.iter().map(|c| c.len()).sum::<usize>()
            + self.actors.iter().map(|a| a.id.len()).sum::<usize>();
        // Each country and actor may be a main one too: two facets.
        let values = 8 + 2 * (self.countries.len() + self.actors.len());
        // A facet's path adds its root and kind (`/main-actor/person/`) to the value.
        text + 2 * facets
            + values * VALUE
            + (self.countries.len() + self.actors.len()) * 2 * 24
            + STAMP_BYTES
    }
}

/// An article's document for tantivy's writer (see [`Article::to_index_document`]): Arabic's
/// exact view (and the body's common pairs) index the very title and body values of the
/// stemmed view, which are given again under those fields when tantivy reads the document
/// rather than stored twice.
pub struct ArticleDocument {
    values: TantivyDocument,
    /// What `values` was allocated with (its values and the file stamp fit in it).
    bytes: usize,
    /// For Arabic: (text field, field of another view of it) for the title's and the body's
    /// exact view and the body's pairs.
    views: [Option<(Field, Field)>; 3],
}

impl ArticleDocument {
    /// The document's own values, to add more to (the indexer's file stamp).
    pub fn values_mut(&mut self) -> &mut TantivyDocument {
        &mut self.values
    }

    /// The memory the document holds until tantivy has indexed it: what the indexer's bound
    /// on documents in flight counts.
    pub fn heap_bytes(&self) -> usize {
        self.bytes
    }
}

impl Document for ArticleDocument {
    type Value<'a> = CompactDocValue<'a>;
    type FieldsValuesIter<'a> = std::iter::Chain<
        <TantivyDocument as Document>::FieldsValuesIter<'a>,
        std::iter::Flatten<std::array::IntoIter<Option<(Field, CompactDocValue<'a>)>, 3>>,
    >;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        let views = self.views.map(|view| {
            let (text, other) = view?;
            Some((other, self.values.get_first(text)?))
        });
        self.values
            .iter_fields_and_values()
            .chain(views.into_iter().flatten())
    }
}

/// Room left in a document for the values the indexer adds to an article's (its file stamp:
/// corpus and file paths, size, time and hash); a longer stamp only grows the buffer once.
pub const STAMP_BYTES: usize = 512;

/// Distinct, non-empty values in first-seen order.
fn dedup(values: &[String]) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && seen.insert(*v))
        .collect()
}

/// An article as stored in the index, for display and `--json`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StoredArticle {
    pub id: String,
    pub title: String,
    pub body: String,
    #[serde(skip)]
    pub date: Option<OffsetDateTime>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub lang: Option<String>,
    /// Most prominent first.
    pub countries: Vec<String>,
    /// The countries the article is about (a subset of `countries`).
    pub main_countries: Vec<String>,
    /// Actor slugs, most prominent first.
    pub actors: Vec<String>,
    /// The actors the article is about (a subset of `actors`).
    pub main_actors: Vec<String>,
    /// The kind of each actor in `actors`.
    #[serde(skip)]
    pub actor_kinds: Vec<ActorKind>,
    /// Absolute path of the source file.
    pub path: Option<String>,
}

impl StoredArticle {
    /// Reads the stored fields of a document back.
    pub fn from_document(doc: &TantivyDocument, fields: &Fields) -> StoredArticle {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let facets = |field| -> Vec<Facet> {
            doc.get_all(field)
                .filter_map(|v| match OwnedValue::from(v) {
                    OwnedValue::Facet(f) => Some(f),
                    _ => None,
                })
                .collect()
        };
        // Every mention under `/country` and `/actor`, the main ones again under `/main-…`.
        let under = |facets: &[Facet], root: &str| -> Vec<Facet> {
            let root = Facet::from(root);
            facets
                .iter()
                .filter(|f| root.is_prefix_of(f))
                .cloned()
                .collect()
        };
        let all_countries = facets(fields.countries);
        let all_actors = facets(fields.actors);
        let actors = under(&all_actors, ACTOR_FACET_ROOT);
        // The text is in the fields of the document's language; read the first that has it.
        let stored = |pick: fn(&crate::schema::LangFields) -> tantivy::schema::Field| {
            fields
                .langs
                .iter()
                .find_map(|f| text(pick(f)))
                .unwrap_or_default()
        };
        StoredArticle {
            id: text(fields.id).unwrap_or_default(),
            title: stored(|f| f.title),
            body: stored(|f| f.body),
            date: doc
                .get_first(fields.date)
                .and_then(|v| v.as_datetime())
                .map(|d| d.into_utc()),
            url: text(fields.url),
            source: text(fields.source),
            lang: text(fields.lang),
            countries: under(&all_countries, COUNTRY_FACET_ROOT)
                .iter()
                .map(facet_leaf)
                .collect(),
            main_countries: under(&all_countries, MAIN_COUNTRY_FACET_ROOT)
                .iter()
                .map(facet_leaf)
                .collect(),
            actors: actors.iter().map(facet_leaf).collect(),
            main_actors: under(&all_actors, MAIN_ACTOR_FACET_ROOT)
                .iter()
                .map(facet_leaf)
                .collect(),
            actor_kinds: actors
                .iter()
                .map(|f| {
                    f.to_path()
                        .get(1)
                        .and_then(|k| ActorKind::parse(k))
                        .unwrap_or_default()
                })
                .collect(),
            path: text(fields.file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema;

    #[test]
    fn round_trips_through_a_tantivy_document() {
        let schema = schema::build();
        let fields = Fields::new(&schema).unwrap();
        let article = Article {
            id: "a/b.jsonl#3".into(),
            title: "عنوان".into(),
            body: "نص الخبر".into(),
            date: Some(crate::date::parse("2022-09-13").unwrap()),
            url: Some("https://example.org/x".into()),
            source: Some("رويترز".into()),
            lang: Some("ar".into()),
            countries: vec!["AM".into(), "AZ".into(), "AM".into(), " ".into()],
            actors: vec![
                Actor::new(ActorKind::Person, "nikol-pashinyan"),
                Actor::new(ActorKind::Org, "csto"),
                Actor::new(ActorKind::Person, "nikol-pashinyan"),
            ],
            main_countries: Some(1),
            main_actors: Some(1),
        };
        let doc = article.to_document(&fields);
        let back = StoredArticle::from_document(&doc, &fields);
        assert_eq!(back.id, article.id);
        assert_eq!(back.title, article.title);
        assert_eq!(back.date, article.date);
        assert_eq!(back.source.as_deref(), Some("رويترز"));
        assert_eq!(back.countries, vec!["AM", "AZ"]);
        assert_eq!(back.actors, vec!["nikol-pashinyan", "csto"]);
        assert_eq!(back.actor_kinds, vec![ActorKind::Person, ActorKind::Org]);
        // The main ones are read apart from the others, and only they.
        assert_eq!(back.main_countries, vec!["AM"]);
        assert_eq!(back.main_actors, vec!["nikol-pashinyan"]);
    }

    #[test]
    fn text_goes_into_the_fields_of_its_language() {
        let schema = schema::build();
        let fields = Fields::new(&schema).unwrap();
        let article = Article {
            id: "en.json".into(),
            title: "Border clashes".into(),
            body: "Fighting broke out.".into(),
            lang: Some("en".into()),
            ..Article::default()
        };
        let doc = article.to_document(&fields);
        assert!(doc.get_first(fields.title).is_none());
        assert!(doc.get_first(fields.body_exact).is_none());
        assert_eq!(
            doc.get_first(fields.of(Lang::En).body)
                .and_then(|v| v.as_str()),
            Some("Fighting broke out.")
        );
        let back = StoredArticle::from_document(&doc, &fields);
        assert_eq!(
            (back.title.as_str(), back.body.as_str()),
            ("Border clashes", "Fighting broke out.")
        );
        assert_eq!(back.lang.as_deref(), Some("en"));
        // No language, or one that is not a code: Arabic, both views.
        let doc = Article {
            lang: None,
            ..article
        }
        .to_document(&fields);
        assert!(doc.get_first(fields.title).is_some());
        assert!(doc.get_first(fields.title_exact).is_some());
    }

    #[test]
    fn index_documents_give_arabic_text_to_both_views_once_held() {
        use tantivy::collector::Count;
        use tantivy::query::TermQuery;
        use tantivy::schema::IndexRecordOption;
        use tantivy::{Index, IndexWriter, Term};

        let index = Index::create_in_ram(schema::build());
        crate::analyzers::register(&index);
        let fields = Fields::new(&index.schema()).unwrap();
        let arabic = Article {
            id: "ar.txt".into(),
            title: "اشتباكات على الحدود".into(),
            body: "قالت وزارة الدفاع الأرمينية إن الاشتباكات تجددت كما قال رسول الله".into(),
            lang: Some("ar".into()),
            ..Article::default()
        };
        let english = Article {
            id: "en.txt".into(),
            title: "Border clashes".into(),
            body: "The ministry said clashes resumed".into(),
            lang: Some("en".into()),
            ..Article::default()
        };
        // Each value once, the exact views' given again under their fields.
        let doc = arabic.to_index_document(&fields);
        let values: Vec<(Field, Option<&str>)> = doc
            .iter_fields_and_values()
            .map(|(f, v)| (f, v.as_str()))
            .collect();
        let body_pairs = fields.body_pairs.unwrap();
        for (text, exact, value) in [
            (fields.title, fields.title_exact, &arabic.title),
            (fields.body, fields.body_exact, &arabic.body),
            (fields.body, body_pairs, &arabic.body),
        ] {
            for field in [text, exact] {
                let found: Vec<_> = values.iter().filter(|(f, _)| *f == field).collect();
                assert_eq!(found, [&(field, Some(value.as_str()))]);
            }
        }
        let english_doc = english.to_index_document(&fields);
        assert!(english_doc
            .iter_fields_and_values()
            .all(|(f, _)| f != fields.title_exact && f != fields.body_exact && f != body_pairs));
        assert!(english
            .to_document(&fields)
            .get_first(fields.body_exact)
            .is_none());

        // tantivy indexes the given-again values: the exact form is found in the exact view.
        let mut writer: IndexWriter<ArticleDocument> = index.writer(15_000_000).unwrap();
        for article in [&arabic, &english] {
            let mut doc = article.to_index_document(&fields);
            doc.values_mut().add_text(fields.corpus, "/corpus");
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let count = |field, word: &str| {
            let term = Term::from_field_text(field, word);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            searcher.search(&query, &Count).unwrap()
        };
        assert_eq!(count(fields.body_exact, "الاشتباكات"), 1);
        assert_eq!(count(fields.title_exact, "الحدود"), 1);
        let pair = arshif_analysis::arabic::pairs::pair_term("رسول", "الله");
        assert_eq!(count(body_pairs, &pair), 1);
        assert_eq!(count(body_pairs, "الاشتباكات"), 0);
        assert_eq!(count(fields.corpus, "/corpus"), 2);
        assert_eq!(count(fields.of(Lang::En).body, "ministri"), 1);
    }

    #[test]
    fn facets_escape_nothing_unexpected() {
        assert_eq!(country_facet("AM").to_string(), "/country/AM");
        assert_eq!(
            actor_facet(ActorKind::Org, "csto").to_string(),
            "/actor/org/csto"
        );
        assert_eq!(
            actor_facet(ActorKind::Person, "nikol-pashinyan").to_string(),
            "/actor/person/nikol-pashinyan"
        );
        assert_eq!(facet_leaf(&country_facet("AM")), "AM");
    }
}
