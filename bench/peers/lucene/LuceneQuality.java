// Lucene peers of the quality evaluations on real text (eval/suggest/, eval/like/), over the same
// JSONL corpus as Arshif (eval/arabic's docs.jsonl):
//
//   spell-index DOCS_JSONL INDEX_DIR MODE   title and body in one field "spell", analysed by MODE:
//       standard   StandardTokenizer + LowerCaseFilter (Lucene 8's StandardAnalyzer, whose
//                  stop set is empty): the usual Solr/Elasticsearch `term` suggester field
//       normalize  the same + ArabicNormalizationFilter (Elasticsearch's `arabic_normalization`:
//                  harakat and tatweel removed, أ إ آ → ا, ى → ي, ة → ه)
//   spell INDEX_DIR MODE WORDS_TSV OUT_TSV  for each word (column 2 of WORDS_TSV, header skipped),
//       analysed by MODE, DirectSpellChecker.suggestSimilar(term, 3, reader,
//       SUGGEST_WHEN_NOT_IN_INDEX) with the defaults (maxEdits 2, minPrefix 1, minQueryLength 4,
//       accuracy 0.5, maxInspections 5, maxQueryFrequency 0.01, thresholdFrequency 0, Damerau
//       transpositions on, INTERNAL_LEVENSHTEIN distance, sorted by score then frequency) — what
//       Elasticsearch's `term` suggester runs with its defaults (suggest_mode missing).
//       OUT_TSV: word number (0-based), "in-index" or the suggestions (comma-separated).
//   mlt-index DOCS_JSONL INDEX_DIR          id stored; body analysed by ArabicAnalyzer, stored
//   mlt INDEX_DIR IDS_FILE OUT_TSV N        for each id (one a line), MoreLikeThis over "body"
//       with ArabicAnalyzer and the defaults (minTermFreq 2, minDocFreq 5, maxDocFreq unlimited,
//       minWordLen 0, maxQueryTerms 25, boost off), the document itself excluded, BM25, top N.
//       OUT_TSV: line number (0-based), hit count, ids in rank order.

import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.spell.DirectSpellChecker;
import org.apache.lucene.search.spell.SuggestMode;
import org.apache.lucene.search.spell.SuggestWord;
import org.apache.lucene.store.FSDirectory;

public final class LuceneQuality {
    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("spell-index")) {
            spellIndex(Paths.get(args[1]), Paths.get(args[2]), args[3]);
        } else if (args.length == 5 && args[0].equals("spell")) {
            spell(Paths.get(args[1]), args[2], Paths.get(args[3]), Paths.get(args[4]));
        } else if (args.length == 3 && args[0].equals("mlt-index")) {
            mltIndex(Paths.get(args[1]), Paths.get(args[2]));
        } else if (args.length == 5 && args[0].equals("mlt")) {
            mlt(Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: spell-index DOCS INDEX MODE | spell INDEX MODE WORDS_TSV OUT_TSV"
                + " | mlt-index DOCS INDEX | mlt INDEX IDS OUT_TSV N   (MODE: standard or normalize)");
            System.exit(2);
        }
    }

    static Analyzer spellAnalyzer(String mode) {
        if (!mode.equals("standard") && !mode.equals("normalize")) {
            throw new IllegalArgumentException("MODE is standard or normalize, not " + mode);
        }
        final boolean normalize = mode.equals("normalize");
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer source = new StandardTokenizer();
                TokenStream sink = new LowerCaseFilter(source);
                if (normalize) sink = new ArabicNormalizationFilter(sink);
                return new TokenStreamComponents(source, sink);
            }
        };
    }

    static List<String> tokens(Analyzer a, String text) throws Exception {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("spell", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) out.add(term.toString());
            ts.end();
        }
        return out;
    }

    static void spellIndex(Path docs, Path dir, String mode) throws Exception {
        LuceneBench.deleteTree(dir);
        IndexWriterConfig iwc = new IndexWriterConfig(spellAnalyzer(mode));
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        int n = 0;
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), iwc)) {
            for (String line : Files.readAllLines(docs, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                Map<String, Object> a = LuceneBench.Json.parse(line);
                Document d = new Document();
                d.add(new StringField("id", LuceneBench.str(a, "id"), Field.Store.YES));
                d.add(new TextField("spell", LuceneBench.str(a, "title") + "\n" + LuceneBench.str(a, "body"), Field.Store.NO));
                writer.addDocument(d);
                n++;
            }
            writer.commit();
        }
        System.err.println("lucene: spelling index (" + mode + "): " + n + " documents");
    }

    static void spell(Path dir, String mode, Path words, Path out) throws Exception {
        Analyzer analyzer = spellAnalyzer(mode);
        DirectSpellChecker checker = new DirectSpellChecker();
        List<String> lines = Files.readAllLines(words, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty()) continue;
                String word = line.split("\t", -1)[1];
                List<String> toks = tokens(analyzer, word);
                String result;
                if (toks.size() != 1) {
                    result = "tokens:" + toks.size();
                } else {
                    Term t = new Term("spell", toks.get(0));
                    if (reader.docFreq(t) > 0) {
                        result = "in-index";
                    } else {
                        StringJoiner s = new StringJoiner(",");
                        for (SuggestWord w : checker.suggestSimilar(t, 3, reader, SuggestMode.SUGGEST_WHEN_NOT_IN_INDEX)) {
                            s.add(w.string);
                        }
                        result = s.toString();
                    }
                }
                b.append(i - 1).append('\t').append(result).append('\n');
            }
        }
        Files.write(out, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void mltIndex(Path docs, Path dir) throws Exception {
        int n = LuceneBench.indexArabic(docs, dir, false, Field.Store.YES);
        System.err.println("lucene: MoreLikeThis index: " + n + " documents");
    }

    static void mlt(Path dir, Path ids, Path out, int n) throws Exception {
        StringBuilder b = new StringBuilder();
        List<String> lines = Files.readAllLines(ids, StandardCharsets.UTF_8);
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
            MoreLikeThis mlt = new MoreLikeThis(reader);
            mlt.setAnalyzer(new ArabicAnalyzer());
            mlt.setFieldNames(new String[] {"body"});
            for (int i = 0; i < lines.size(); i++) {
                String id = lines.get(i).trim();
                if (id.isEmpty()) continue;
                TopDocs self = searcher.search(new TermQuery(new Term("id", id)), 1);
                if (self.scoreDocs.length == 0) throw new IllegalArgumentException("no document " + id);
                int doc = self.scoreDocs[0].doc;
                Query like = mlt.like(doc);
                Query q = new BooleanQuery.Builder()
                    .add(like, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term("id", id)), BooleanClause.Occur.MUST_NOT)
                    .build();
                TopDocs top = searcher.search(q, n);
                StringJoiner hits = new StringJoiner(",");
                for (ScoreDoc sd : top.scoreDocs) hits.add(searcher.doc(sd.doc).get("id"));
                b.append(i).append('\t').append(top.scoreDocs.length).append('\t').append(hits).append('\n');
            }
        }
        Files.write(out, b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
