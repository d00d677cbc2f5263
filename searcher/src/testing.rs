//! Fixtures shared by the unit tests.

use arshif_schema::{Article, Fields};
use tantivy::Index;

/// An in-RAM Arshif index of the `n` articles `article(i)` makes, in two segments: one writer
/// thread makes one segment per commit, and the first commit comes after article `split`.
pub(crate) fn two_segment_archive(
    n: usize,
    split: usize,
    mut article: impl FnMut(usize) -> Article,
) -> (Index, Fields) {
    let index = Index::create_in_ram(arshif_schema::schema::build());
    arshif_schema::analyzers::register(&index);
    let fields = Fields::new(&index.schema()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
    for i in 0..n {
        writer
            .add_document(article(i).to_document(&fields))
            .unwrap();
        if i == split {
            writer.commit().unwrap();
        }
    }
    writer.commit().unwrap();
    (index, fields)
}
