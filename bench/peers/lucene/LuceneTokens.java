// Prints the tokens Lucene's ArabicAnalyzer (the `arabic` analyzer of Elasticsearch and
// OpenSearch) makes of each line of standard input: one output line per input line, tokens
// separated by single spaces (an empty line if every word was removed).
//
// Built and run by ./run (against Debian's liblucene8-java jars); see docs/arabic-analysis.md.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

public final class LuceneTokens {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, "UTF-8");
        try (ArabicAnalyzer analyzer = new ArabicAnalyzer()) {
            String line;
            while ((line = in.readLine()) != null) {
                StringBuilder tokens = new StringBuilder();
                try (TokenStream stream = analyzer.tokenStream("body", line)) {
                    CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
                    stream.reset();
                    while (stream.incrementToken()) {
                        if (tokens.length() > 0) {
                            tokens.append(' ');
                        }
                        tokens.append(term);
                    }
                    stream.end();
                }
                out.println(tokens);
            }
        }
        out.flush();
    }
}
