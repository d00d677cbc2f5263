//! The index schema: which fields an article has and how each is indexed.
//!
//! | field       | indexed as                        | why                                        |
//! |-------------|-----------------------------------|--------------------------------------------|
//! | `id`        | raw string, stored                | stable id (`path`, `path#line`): replaces and deletes |
//! | `title`     | `arabic` (stemmed) text with positions, stored | Arabic articles: ranked (boosted) search, display |
//! | `body`      | `arabic` (stemmed) text with positions, stored | Arabic articles: ranked search, snippets |
//! | `title_exact` | `arabic_exact` text with positions | exact matches ranked higher, `"phrases"` |
//! | `body_exact`  | `arabic_exact` text with positions | exact matches ranked higher, `"phrases"` |
//! | `body_pairs`  | `arabic_pairs`: pairs of adjacent common words, with counts | fast `"phrases"` of two frequent words |
//! | `title_en`, `body_en`, … `title_ko`, `body_ko` | the language's analyzer, with positions, stored | the other languages' articles |
//! | `date`      | date, indexed + fast, stored      | `--from`/`--to` ranges, `--sort date`      |
//! | `url`       | stored only                       | display                                    |
//! | `source`    | raw string, fast, stored          | `--source` filter, source facet counts     |
//! | `lang`      | raw string, fast, stored          | `--lang` filter                            |
//! | `countries` | facet `/country/AM`, stored       | `--country` filter, facet counts           |
//! | `actors`    | facet `/actor/person/nikol-pashinyan`, `/actor/org/csto`, stored | `--actor` filter, facet counts |
//! | `corpus`    | raw string, fast, stored          | which corpus directory a document came from |
//! | `file`      | raw string, fast, stored          | its source file: deleted and replaced as a unit |
//! | `file_size`, `mtime`, `hash` | u64/i64/u64, fast, stored | change detection on reruns |
//!
//! **One pair of text fields per language.** An article's text goes into the fields of its
//! language only ([`arshif_analysis::lang`] decides it), so each field holds terms of one
//! analyzer, and a query is analysed by each field's analyzer in turn. The alternatives are
//! worse: one field with a multilingual analyzer cannot stem two languages at once, and
//! language-tagged terms in one field (`en:clash`) would make the query side guess the
//! language of every word. Separate fields also give each language its own BM25 statistics
//! (document lengths, term rarity), which the searcher uses to keep scores comparable across
//! languages. Empty fields cost nothing in tantivy. Arabic keeps its two views (`title`/`body`
//! and `*_exact`); the other languages have one view: their analyzers do not stem as
//! aggressively, so the exact/stemmed split buys little there.
//!
//! The last five make the index its own manifest (see [`crate::manifest`]): a rerun learns what
//! was indexed, from which file in which state, from the index itself, so there is no side file
//! that could disagree with it after a crash.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, FieldType, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use arshif_analysis::{analyzer_name, Lang, ARABIC_EXACT, ARABIC_PAIRS};

/// Bumped whenever the schema or the analysis changes in a way that makes old indexes wrong.
/// An index records the version it was built with; opening another version fails with a message
/// that says to rebuild.
///
/// 2: the manifest fields (`corpus`, `file`, `file_size`, `mtime`, `hash`).
/// 3: typed actor facets (`/actor/person/…`, `/actor/org/…`).
/// 4: the `arabic` analyzer stems and removes stopwords; `title_exact`/`body_exact` added.
/// 5: one pair of text fields per language (`title_en`, `body_en`, …); `lang` always set.
///    Later, without a new version (indexes without it keep working): `body_pairs`.
/// 6: hamza on waw and yeh seats folded (ؤ → و, ئ → ي); one-letter proclitics stripped by the
///    lexicon.
/// 7: countries from cities, regions and datelines (`data/places.tsv`), most prominent first;
///    the main ones again under `/main-country` and `/main-actor`.
pub const SCHEMA_VERSION: u32 = 7;

/// The names of the schema's fields: the engine names some fields by name (a field a query
/// string may carry, a fast field to sort or count by), and does it with these.
pub mod field {
    pub const ID: &str = "id";
    pub const TITLE: &str = "title";
    pub const BODY: &str = "body";
    pub const TITLE_EXACT: &str = "title_exact";
    pub const BODY_EXACT: &str = "body_exact";
    pub const DATE: &str = "date";
    pub const URL: &str = "url";
    pub const SOURCE: &str = "source";
    pub const LANG: &str = "lang";
    pub const COUNTRIES: &str = "countries";
    pub const ACTORS: &str = "actors";
    pub const CORPUS: &str = "corpus";
    pub const FILE: &str = "file";
    pub const FILE_SIZE: &str = "file_size";
    pub const MTIME: &str = "mtime";
    pub const HASH: &str = "hash";
    pub const BODY_PAIRS: &str = "body_pairs";
}

/// Facet root of the country facets: `/country/AM`.
pub const COUNTRY_FACET_ROOT: &str = "/country";
/// Facet root of the actor facets: `/actor/person/nikol-pashinyan`, `/actor/org/csto`.
pub const ACTOR_FACET_ROOT: &str = "/actor";
/// Facet root of the countries an article is about (in the `countries` field, beside every
/// country it names): `/main-country/AM`.
pub const MAIN_COUNTRY_FACET_ROOT: &str = "/main-country";
/// Facet root of the actors an article is about (in the `actors` field):
/// `/main-actor/person/nikol-pashinyan`.
pub const MAIN_ACTOR_FACET_ROOT: &str = "/main-actor";

/// Handles to every field of the schema, resolved once.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    /// The exact (normalized, unstemmed) views of `title` and `body`; not stored, the text is
    /// in `title` and `body`.
    pub title_exact: Field,
    pub body_exact: Field,
    /// The pairs of adjacent common words of `body_exact` ([`arshif_analysis::arabic::pairs`]). Absent
    /// from indexes built before it existed, which search phrases from positions alone, and
    /// from indexes whose pairs came from another word list.
    pub body_pairs: Option<Field>,
    pub date: Field,
    pub url: Field,
    pub source: Field,
    pub lang: Field,
    pub countries: Field,
    pub actors: Field,
    pub corpus: Field,
    pub file: Field,
    pub file_size: Field,
    pub mtime: Field,
    pub hash: Field,
    /// The text fields of each language, indexed by [`Lang::index`]; Arabic's are `title` and
    /// `body`.
    pub langs: [LangFields; Lang::ALL.len()],
}

/// The title and body fields of one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LangFields {
    pub title: Field,
    pub body: Field,
}

/// The names of `lang`'s title and body fields: `title`/`body` for Arabic, `title_en`/`body_en`…
pub fn text_field_names(lang: Lang) -> (String, String) {
    match lang {
        Lang::Ar => ("title".into(), "body".into()),
        other => (
            format!("title_{}", other.code()),
            format!("body_{}", other.code()),
        ),
    }
}

/// Builds the schema of an Arshif index.
pub fn build() -> Schema {
    let mut builder = Schema::builder();
    let text = |lang: Lang| {
        TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer_name(lang))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ARABIC_EXACT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field(field::ID, STRING | STORED);
    builder.add_text_field(field::TITLE, text(Lang::Ar));
    builder.add_text_field(field::BODY, text(Lang::Ar));
    builder.add_text_field(field::TITLE_EXACT, exact.clone());
    builder.add_text_field(field::BODY_EXACT, exact);
    builder.add_date_field(
        field::DATE,
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field(field::URL, STORED);
    builder.add_text_field(field::SOURCE, STRING | STORED | FAST);
    builder.add_text_field(field::LANG, STRING | STORED | FAST);
    builder.add_facet_field(field::COUNTRIES, FacetOptions::default().set_stored());
    builder.add_facet_field(field::ACTORS, FacetOptions::default().set_stored());
    builder.add_text_field(field::CORPUS, STRING | STORED | FAST);
    builder.add_text_field(field::FILE, STRING | STORED | FAST);
    builder.add_u64_field(field::FILE_SIZE, STORED | FAST);
    builder.add_i64_field(field::MTIME, STORED | FAST);
    builder.add_u64_field(field::HASH, STORED | FAST);
    for lang in &Lang::ALL[1..] {
        let (title, body) = text_field_names(*lang);
        builder.add_text_field(&title, text(*lang));
        builder.add_text_field(&body, text(*lang));
    }
    // Counts without positions or lengths: a pair's count is the phrase's; its score uses
    // `body_exact`'s lengths.
    builder.add_text_field(
        field::BODY_PAIRS,
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ARABIC_PAIRS)
                .set_fieldnorms(false)
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    builder.build()
}

impl Fields {
    /// Resolves the fields of `schema`; fails if it is not an Arshif schema.
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field(field::ID)?,
            title: schema.get_field(field::TITLE)?,
            body: schema.get_field(field::BODY)?,
            title_exact: schema.get_field(field::TITLE_EXACT)?,
            body_exact: schema.get_field(field::BODY_EXACT)?,
            body_pairs: body_pairs(schema),
            date: schema.get_field(field::DATE)?,
            url: schema.get_field(field::URL)?,
            source: schema.get_field(field::SOURCE)?,
            lang: schema.get_field(field::LANG)?,
            countries: schema.get_field(field::COUNTRIES)?,
            actors: schema.get_field(field::ACTORS)?,
            corpus: schema.get_field(field::CORPUS)?,
            file: schema.get_field(field::FILE)?,
            file_size: schema.get_field(field::FILE_SIZE)?,
            mtime: schema.get_field(field::MTIME)?,
            hash: schema.get_field(field::HASH)?,
            langs: lang_fields(schema)?,
        })
    }

    /// The title and body fields of `lang`.
    pub fn of(&self, lang: Lang) -> LangFields {
        self.langs[lang.index()]
    }

    /// The language whose title or body `field` is, if it is one.
    pub fn lang_of(&self, field: Field) -> Option<Lang> {
        if field == self.title_exact || field == self.body_exact {
            return Some(Lang::Ar);
        }
        Lang::ALL
            .into_iter()
            .find(|l| self.of(*l).title == field || self.of(*l).body == field)
    }
}

/// The `body_pairs` field, if `schema` has one made by this version's [`ARABIC_PAIRS`].
fn body_pairs(schema: &Schema) -> Option<Field> {
    let field = schema.get_field(field::BODY_PAIRS).ok()?;
    match schema.get_field_entry(field).field_type() {
        FieldType::Str(options) => {
            (options.get_indexing_options()?.tokenizer() == ARABIC_PAIRS).then_some(field)
        }
        _ => None,
    }
}

fn lang_fields(schema: &Schema) -> tantivy::Result<[LangFields; Lang::ALL.len()]> {
    let mut out = [None; Lang::ALL.len()];
    for lang in Lang::ALL {
        let (title, body) = text_field_names(lang);
        out[lang.index()] = Some(LangFields {
            title: schema.get_field(&title)?,
            body: schema.get_field(&body)?,
        });
    }
    Ok(out.map(|f| f.expect("every language was resolved above")))
}
