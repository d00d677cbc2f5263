// Lucene peer of Arshif's benchmark (bench/run.sh): indexes the benchmark's JSONL articles with
// ArabicAnalyzer (the `arabic` analyzer of Elasticsearch/OpenSearch) and BM25, and runs the same
// query mix as `arshif-bench query`.
//
//   index CORPUS_DIR INDEX_DIR THREADS RAM_MB PASSES   each pass into a fresh INDEX_DIR, in one JVM:
//                                                      pass 1 is cold, later passes JIT-warm
//   query INDEX_DIR QUERIES_TSV ROUNDS                 p50/p95/p99 per class, like arshif-bench
//
// Fields mirror Arshif's: title and body (stored, analyzed; title boosted ×2), date (point +
// doc values), source, url, countries and actors from the corpus's bench_countries/bench_actors
// as keyword fields (filters) and sorted-set facets (counts over all matches).

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.*;

import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.document.*;
import org.apache.lucene.facet.*;
import org.apache.lucene.facet.sortedset.*;
import org.apache.lucene.index.*;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.search.*;
import org.apache.lucene.store.FSDirectory;

public final class LuceneBench {
    public static void main(String[] args) throws Exception {
        if (args.length >= 6 && args[0].equals("index")) {
            index(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                  Integer.parseInt(args[5]));
        } else if (args.length >= 4 && args[0].equals("query")) {
            query(Paths.get(args[1]), Paths.get(args[2]), Integer.parseInt(args[3]));
        } else {
            System.err.println("usage: index CORPUS INDEX THREADS RAM_MB PASSES | query INDEX QUERIES ROUNDS");
            System.exit(2);
        }
    }

    static FacetsConfig facetsConfig() {
        FacetsConfig config = new FacetsConfig();
        config.setMultiValued("country", true);
        config.setMultiValued("actor", true);
        return config;
    }

    static void index(Path corpus, Path dir, int threads, int ramMb, int passes) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().collect(Collectors.toList());
        }
        for (int pass = 1; pass <= passes; pass++) {
            long start = System.nanoTime();
            deleteTree(dir);
            IndexWriterConfig iwc = new IndexWriterConfig(new ArabicAnalyzer());
            iwc.setRAMBufferSizeMB(ramMb);
            iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
            FacetsConfig config = facetsConfig();
            AtomicLong docs = new AtomicLong(), bytes = new AtomicLong();
            try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), iwc)) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> jobs = new ArrayList<>();
                for (Path file : files) {
                    jobs.add(pool.submit(() -> {
                        byte[] raw = Files.readAllBytes(file);
                        bytes.addAndGet(raw.length);
                        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
                            if (line.isBlank()) continue;
                            writer.addDocument(config.build(document(Json.parse(line))));
                            docs.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> j : jobs) j.get();
                pool.shutdown();
                writer.commit();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "pass %d: %d docs %d bytes %.3f s %.1f docs/s%n", pass, docs.get(),
                              bytes.get(), secs, docs.get() / secs);
        }
    }

    @SuppressWarnings("unchecked")
    static Document document(Map<String, Object> a) {
        Document d = new Document();
        d.add(new StringField("id", str(a, "id"), Field.Store.YES));
        d.add(new TextField("title", str(a, "title"), Field.Store.YES));
        d.add(new TextField("body", str(a, "body"), Field.Store.YES));
        String date = str(a, "date");
        if (!date.isEmpty()) {
            long t = LocalDate.parse(date).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            d.add(new LongPoint("date", t));
            d.add(new NumericDocValuesField("date", t));
            d.add(new StoredField("date", t));
        }
        d.add(new StoredField("url", str(a, "url")));
        d.add(new StringField("source", str(a, "source"), Field.Store.YES));
        for (Object c : (List<Object>) a.getOrDefault("bench_countries", List.of())) {
            d.add(new StringField("countries", (String) c, Field.Store.YES));
            d.add(new SortedSetDocValuesFacetField("country", (String) c));
        }
        for (Object c : (List<Object>) a.getOrDefault("bench_actors", List.of())) {
            d.add(new StringField("actors", (String) c, Field.Store.YES));
            d.add(new SortedSetDocValuesFacetField("actor", (String) c));
        }
        return d;
    }

    /** The quality evaluations' Lucene index of eval/arabic's docs.jsonl: ArabicAnalyzer, BM25,
     *  the id stored, the body (stored when MoreLikeThis must read it back) and, if asked, the
     *  title. Returns how many documents it indexed. */
    static int indexArabic(Path docs, Path dir, boolean withTitle, Field.Store body) throws Exception {
        deleteTree(dir);
        IndexWriterConfig iwc = new IndexWriterConfig(new ArabicAnalyzer());
        iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        iwc.setSimilarity(new org.apache.lucene.search.similarities.BM25Similarity());
        int n = 0;
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), iwc)) {
            for (String line : Files.readAllLines(docs, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                Map<String, Object> a = Json.parse(line);
                Document d = new Document();
                d.add(new StringField("id", str(a, "id"), Field.Store.YES));
                if (withTitle) d.add(new TextField("title", str(a, "title"), Field.Store.NO));
                d.add(new TextField("body", str(a, "body"), body));
                writer.addDocument(d);
                n++;
            }
            writer.commit();
        }
        return n;
    }

    static String str(Map<String, Object> a, String k) {
        Object v = a.get(k);
        return v instanceof String ? (String) v : "";
    }

    static void query(Path dir, Path queries, int rounds) throws Exception {
        List<String[]> mix = new ArrayList<>();
        for (String line : Files.readAllLines(queries, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) mix.add(line.split("\t", -1));
        }
        try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(dir))) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new org.apache.lucene.search.similarities.BM25Similarity());
            SortedSetDocValuesReaderState countryState = new DefaultSortedSetDocValuesReaderState(reader, "$facets");
            FacetsConfig config = facetsConfig();
            Map<String, Float> boosts = Map.of("title", 2.0f, "body", 1.0f);
            MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] {"title", "body"}, new ArabicAnalyzer(), boosts);
            parser.setDefaultOperator(QueryParser.Operator.AND);
            Query[] built = new Query[mix.size()];
            for (int i = 0; i < mix.size(); i++) {
                String[] q = mix.get(i);
                BooleanQuery.Builder b = new BooleanQuery.Builder();
                b.add(parser.parse(q[1]), BooleanClause.Occur.MUST);
                if (!q[2].isEmpty()) b.add(new TermQuery(new Term("countries", q[2])), BooleanClause.Occur.FILTER);
                if (!q[3].isEmpty()) b.add(new TermQuery(new Term("actors", q[3])), BooleanClause.Occur.FILTER);
                if (!q[4].isEmpty() || !q[5].isEmpty()) {
                    long lo = q[4].isEmpty() ? Long.MIN_VALUE : LocalDate.parse(q[4]).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
                    long hi = q[5].isEmpty() ? Long.MAX_VALUE : LocalDate.parse(q[5]).atStartOfDay().toEpochSecond(ZoneOffset.UTC) - 1;
                    b.add(LongPoint.newRangeQuery("date", lo, hi), BooleanClause.Occur.FILTER);
                }
                built[i] = b.build();
            }
            long[][] times = new long[mix.size()][rounds];
            int zero = 0;
            for (int r = -1; r < rounds; r++) {
                for (int i = 0; i < mix.size(); i++) {
                    long start = System.nanoTime();
                    long total = run(searcher, built[i], mix.get(i)[6].equals("1"), countryState, config);
                    long t = System.nanoTime() - start;
                    if (r < 0 && total == 0) zero++;
                    if (r >= 0) times[i][r] = t;
                }
            }
            System.err.println(zero + " of " + mix.size() + " queries match nothing");
            report(mix, times);
        }
    }

    static long run(IndexSearcher searcher, Query q, boolean facets, SortedSetDocValuesReaderState state,
                    FacetsConfig config) throws IOException {
        TopDocs top;
        long total;
        if (facets) {
            FacetsCollector fc = new FacetsCollector();
            top = FacetsCollector.search(searcher, q, 10, fc);
            Facets counts = new SortedSetDocValuesFacetCounts(state, fc);
            counts.getTopChildren(10, "country");
            counts.getTopChildren(10, "actor");
            total = top.totalHits.value;
        } else {
            TotalHitCountCollector count = new TotalHitCountCollector();
            TopScoreDocCollector topc = TopScoreDocCollector.create(10, Integer.MAX_VALUE);
            searcher.search(q, MultiCollector.wrap(count, topc));
            top = topc.topDocs();
            total = count.getTotalHits();
        }
        for (ScoreDoc sd : top.scoreDocs) searcher.doc(sd.doc);
        return total;
    }

    static final String[][] GROUPS = {
        {"term", "term_high", "term_mid", "term_low"}, {"and", "and2", "and3"}, {"or", "or2"},
        {"phrase", "phrase"}, {"filter", "filter_country", "filter_actor", "filter_date"},
        {"facets", "facets_high", "facets_mid"}, {"all"}};

    static void report(List<String[]> mix, long[][] times) {
        System.out.println("class\tn\tp50_ms\tp95_ms\tp99_ms");
        TreeSet<String> classes = new TreeSet<>();
        for (String[] q : mix) classes.add(q[0]);
        List<String[]> rows = new ArrayList<>();
        for (String c : classes) rows.add(new String[] {c, c});
        rows.addAll(Arrays.asList(GROUPS));
        for (String[] row : rows) {
            Set<String> members = new HashSet<>(Arrays.asList(row).subList(1, row.length));
            List<Long> all = new ArrayList<>();
            for (int i = 0; i < mix.size(); i++) {
                if (members.isEmpty() || members.contains(mix.get(i)[0])) {
                    for (long t : times[i]) all.add(t);
                }
            }
            if (all.isEmpty()) continue;
            Collections.sort(all);
            System.out.printf(Locale.ROOT, "%s\t%d\t%.3f\t%.3f\t%.3f%n", row[0], all.size(), pct(all, 0.5),
                              pct(all, 0.95), pct(all, 0.99));
        }
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get((int) Math.round((sorted.size() - 1) * p)) / 1e6;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) Files.delete(p);
        }
    }

    /** A small JSON reader for the benchmark's JSONL (objects, arrays, strings, numbers, literals). */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) { this.s = s; }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String line) {
            return (Map<String, Object>) new Json(line).value();
        }

        private void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private Object value() {
            ws();
            char c = s.charAt(i);
            if (c == '{') {
                i++;
                Map<String, Object> m = new HashMap<>();
                ws();
                if (s.charAt(i) == '}') { i++; return m; }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    i++; // ':'
                    m.put(k, value());
                    ws();
                    if (s.charAt(i++) == '}') return m;
                }
            }
            if (c == '[') {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') { i++; return l; }
                while (true) {
                    l.add(value());
                    ws();
                    if (s.charAt(i++) == ']') return l;
                }
            }
            if (c == '"') return string();
            int start = i;
            while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) i++;
            return s.substring(start, i);
        }

        private String string() {
            i++; // opening quote
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n': b.append('\n'); break;
                    case 't': b.append('\t'); break;
                    case 'r': b.append('\r'); break;
                    case 'b': b.append('\b'); break;
                    case 'f': b.append('\f'); break;
                    case 'u': b.append((char) Integer.parseInt(s.substring(i, i + 4), 16)); i += 4; break;
                    default: b.append(e);
                }
            }
        }
    }
}
