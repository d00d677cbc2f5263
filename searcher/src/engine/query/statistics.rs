//! BM25 statistics per language ([`PerLanguageStatistics`]).

use arshif_analysis::Lang;
use arshif_schema::Fields;
use tantivy::query::Bm25StatisticsProvider;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// BM25 statistics that judge each language's fields among that language's documents.
///
/// tantivy computes a field's average length and a term's rarity over *all* documents of the
/// index. With one field per language that skews scores by how much of the archive a language
/// is: in an archive that is 95% Arabic, the English fields' average length is a twentieth of
/// a real English article's (so every English hit looks 20 times too long and scores low),
/// while an English word looks twenty times rarer than it is among English articles. Here a
/// language's field is scored as if its language's documents were the whole index: its average
/// length is its tokens over its documents, and a term's document frequency is scaled up by the
/// to the frequency that gives it the idf it has within its language. A hit in a minority
/// language then scores what it would in an archive of that language alone, which is what
/// "comparable across languages" can mean for BM25.
pub struct PerLanguageStatistics<'a> {
    searcher: &'a Searcher,
    fields: Fields,
    total: u64,
    /// Documents per language, by [`Lang::index`].
    docs: [u64; Lang::ALL.len()],
}

impl<'a> PerLanguageStatistics<'a> {
    pub fn new(searcher: &'a Searcher, fields: &Fields) -> tantivy::Result<Self> {
        let mut docs = [0; Lang::ALL.len()];
        for lang in Lang::ALL {
            docs[lang.index()] =
                searcher.doc_freq(&Term::from_field_text(fields.lang, lang.code()))?;
        }
        Ok(PerLanguageStatistics {
            searcher,
            fields: *fields,
            total: Bm25StatisticsProvider::total_num_docs(searcher)?,
            docs,
        })
    }

    /// The number of documents of `field`'s language, if it is a language's field and the
    /// language has documents.
    fn language_docs(&self, field: Field) -> Option<u64> {
        let lang = self.fields.lang_of(field)?;
        Some(self.docs[lang.index()]).filter(|n| *n > 0)
    }
}

/// The document frequency that gives, in a collection of `total` documents, the BM25 idf that
/// `freq` has among `within` documents: idf = ln(1 + (N − n + ½) / (n + ½)), solved for n.
/// (Scaling `freq` by `total / within` instead would distort the ½ smoothing when a language has
/// few documents: in an index holding one Japanese article, every Japanese word would get an idf
/// near 0 instead of ln(4/3).)
pub(super) fn equivalent_doc_freq(freq: u64, within: u64, total: u64) -> u64 {
    let (n, nl, big_n) = (freq as f64, within as f64, total as f64);
    let ratio = (nl - n + 0.5) / (n + 0.5);
    let equivalent = (big_n + 0.5 - 0.5 * ratio) / (1.0 + ratio);
    (equivalent.round().max(0.0) as u64).min(total)
}

impl Bm25StatisticsProvider for PerLanguageStatistics<'_> {
    fn total_num_tokens(&self, field: Field) -> tantivy::Result<u64> {
        let tokens = self.searcher.total_num_tokens(field)?;
        // The average length (tokens / total documents) becomes the language's own average.
        Ok(match self.language_docs(field) {
            Some(n) => (tokens as f64 * self.total as f64 / n as f64).round() as u64,
            None => tokens,
        })
    }

    fn total_num_docs(&self) -> tantivy::Result<u64> {
        Ok(self.total)
    }

    fn doc_freq(&self, term: &Term) -> tantivy::Result<u64> {
        let freq = self.searcher.doc_freq(term)?;
        Ok(match self.language_docs(term.field()) {
            Some(n) => equivalent_doc_freq(freq.min(n), n, self.total),
            None => freq,
        })
    }
}
