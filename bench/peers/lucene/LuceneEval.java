// Lucene peer of the Arabic retrieval evaluation (eval/arabic/): Lucene 8's ArabicAnalyzer (the
// `arabic` analyzer of Elasticsearch/OpenSearch/Solr) with BM25 over the same JSONL corpus and
// queries as Arshif.
//
//   index DOCS_JSONL INDEX_DIR              title and body analyzed, id stored
//   search INDEX_DIR QUERIES_TSV OUT_TSV N  the top N ids of each query
//
// Queries go through the classic QueryParser over title (boost 2, as in LuceneBench) and body
// with the default operator OR, as an Elasticsearch `match`/`multi_match` query would: a
// document matching some of the words is still ranked. Query text is escaped, so it is words
// only. OUT_TSV: query number (0-based, header excluded), hit count, ids in rank order.

import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;

public final class LuceneEval {
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("index")) {
            index(Paths.get(args[1]), Paths.get(args[2]));
        } else if (args.length == 5 && args[0].equals("search")) {
            search(Paths.get(args[1]), Paths.get(args[2]), Paths.get(args[3]), Integer.parseInt(args[4]));
        } else {
            System.err.println("usage: index DOCS_JSONL INDEX_DIR | search INDEX_DIR QUERIES_TSV OUT_TSV N");
            System.exit(2);
        }
    }

    static void index(Path docs, Path dir) throws Exception {
        int n = LuceneBench.indexArabic(docs, dir, true, Field.Store.NO);
        System.err.println("lucene: indexed " + n + " documents");
    }

    static void search(Path dir, Path queries, Path out, int n) throws Exception {
        List<String> lines = Files.readAllLines(queries, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        Map<String, String> seen = new HashMap<>();
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"},
                new ArabicAnalyzer(), Map.of("title", 2.0f, "body", 1.0f));
            parser.setDefaultOperator(QueryParser.Operator.OR);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isEmpty()) continue;
                String text = line.split("\t", -1)[1];
                String result = seen.get(text);
                if (result == null) {
                    Query q = parser.parse(QueryParser.escape(text));
                    TopDocs top = searcher.search(q, n);
                    StringJoiner ids = new StringJoiner(",");
                    for (ScoreDoc sd : top.scoreDocs) ids.add(searcher.doc(sd.doc).get("id"));
                    result = top.scoreDocs.length + "\t" + ids;
                    seen.put(text, result);
                }
                b.append(i - 1).append('\t').append(result).append('\n');
            }
        }
        Files.write(out, b.toString().getBytes(StandardCharsets.UTF_8));
    }
}
