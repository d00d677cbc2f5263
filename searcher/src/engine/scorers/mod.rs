//! The scorers behind an AND of words, each of which may be in several fields (the views and
//! languages a query fans out to):
//! - [`cost`] — the cost model both use: union sizes, walking or jumping, windows or leapfrog;
//! - [`field_union`] — the OR of a word's fields, cheap to skip through inside an AND, and the
//!   intersection that chooses, per segment, how each clause is read;
//! - [`windowed`] — an AND of frequent words, a window of documents at a time.
//!
//! `field_union` uses `windowed` and both use `cost`; nothing here uses anything back.

pub(crate) mod cost;
pub(crate) mod field_union;
pub(crate) mod windowed;
