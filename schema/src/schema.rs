//! The index schema: which fields an article has and how each is indexed.
//!
//! | field       | indexed as                        | why                                        |
//! |-------------|-----------------------------------|--------------------------------------------|
//! | `id`        | raw string, stored                | stable id (`path`, `path#line`): replaces and deletes |
//! | `title`     | `arabic` (stemmed) text with positions, stored | ranked (boosted) search, display |
//! | `body`      | `arabic` (stemmed) text with positions, stored | ranked search, snippets          |
//! | `title_exact` | `arabic_exact` text with positions | exact matches ranked higher, `"phrases"` |
//! | `body_exact`  | `arabic_exact` text with positions | exact matches ranked higher, `"phrases"` |
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
//! The last five make the index its own manifest (see [`crate::manifest`]): a rerun learns what
//! was indexed, from which file in which state, from the index itself, so there is no side file
//! that could disagree with it after a crash.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

use crate::analysis::{ARABIC, ARABIC_EXACT};

/// Bumped whenever the schema or the analysis changes in a way that makes old indexes wrong.
/// An index records the version it was built with; opening another version fails with a message
/// that says to rebuild.
///
/// 2: the manifest fields (`corpus`, `file`, `file_size`, `mtime`, `hash`).
/// 3: typed actor facets (`/actor/person/…`, `/actor/org/…`).
/// 4: the `arabic` analyzer stems and removes stopwords; `title_exact`/`body_exact` added.
pub const SCHEMA_VERSION: u32 = 4;

/// Facet root of the country facets: `/country/AM`.
pub const COUNTRY_FACET_ROOT: &str = "/country";
/// Facet root of the actor facets: `/actor/person/nikol-pashinyan`, `/actor/org/csto`.
pub const ACTOR_FACET_ROOT: &str = "/actor";

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
}

/// Builds the schema of an Arshif index.
pub fn build() -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ARABIC)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let exact = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(ARABIC_EXACT)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("id", STRING | STORED);
    builder.add_text_field("title", text.clone());
    builder.add_text_field("body", text);
    builder.add_text_field("title_exact", exact.clone());
    builder.add_text_field("body_exact", exact);
    builder.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field("url", STORED);
    builder.add_text_field("source", STRING | STORED | FAST);
    builder.add_text_field("lang", STRING | STORED | FAST);
    builder.add_facet_field("countries", FacetOptions::default().set_stored());
    builder.add_facet_field("actors", FacetOptions::default().set_stored());
    builder.add_text_field("corpus", STRING | STORED | FAST);
    builder.add_text_field("file", STRING | STORED | FAST);
    builder.add_u64_field("file_size", STORED | FAST);
    builder.add_i64_field("mtime", STORED | FAST);
    builder.add_u64_field("hash", STORED | FAST);
    builder.build()
}

impl Fields {
    /// Resolves the fields of `schema`; fails if it is not an Arshif schema.
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field("id")?,
            title: schema.get_field("title")?,
            body: schema.get_field("body")?,
            title_exact: schema.get_field("title_exact")?,
            body_exact: schema.get_field("body_exact")?,
            date: schema.get_field("date")?,
            url: schema.get_field("url")?,
            source: schema.get_field("source")?,
            lang: schema.get_field("lang")?,
            countries: schema.get_field("countries")?,
            actors: schema.get_field("actors")?,
            corpus: schema.get_field("corpus")?,
            file: schema.get_field("file")?,
            file_size: schema.get_field("file_size")?,
            mtime: schema.get_field("mtime")?,
            hash: schema.get_field("hash")?,
        })
    }
}
