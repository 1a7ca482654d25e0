package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Seeded, bounded random inputs: mutations of the example files and random text from a small
 * alphabet of the formats' own punctuation. No parser may throw, and every problem must name the
 * file it came from and stay within the per-file problem bound.
 */
class FuzzTest {
    private static final String ALPHABET = "abcxyz019.*-_:;=|!><[](){}\"\\#$@ \t\r\n,/~" + "\u00e9\u0000\ufffd";

    private static Map<String, String> examples() throws Exception {
        Path dir = Path.of(FuzzTest.class.getResource("/policies").toURI());
        Map<String, String> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(p -> {
                try {
                    m.put(p.getFileName().toString(), Files.readString(p));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return m;
    }

    private static String mutate(String s, Random rnd) {
        StringBuilder b = new StringBuilder(s);
        int edits = 1 + rnd.nextInt(8);
        for (int i = 0; i < edits; i++) {
            int op = rnd.nextInt(4);
            int at = b.length() == 0 ? 0 : rnd.nextInt(b.length());
            if (op == 0 && b.length() > 0) b.deleteCharAt(at);
            else if (op == 1) b.insert(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            else if (op == 2 && b.length() > 0) b.setCharAt(at, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            else if (b.length() > 0) b.setLength(at); // truncate
        }
        return b.toString();
    }

    private static String random(Random rnd, int max) {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(max);
        for (int i = 0; i < n; i++) b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        return b.toString();
    }

    private static void check(LoadResult r, String name) {
        assertNotNull(r.store());
        long perFile = r.problems().stream().filter(p -> p.where().file().equals(name)).count();
        assertTrue(perFile <= PolicyLimits.DEFAULTS.maxProblemsPerFile() + 1, name + ": " + perFile);
        for (ParseProblem p : r.problems()) {
            assertFalse(p.toString().contains("\n"), "one problem, one line: " + p);
        }
    }

    @Test
    void mutatedExamplesNeverThrow() throws Exception {
        Random rnd = new Random(20261123L);
        PolicyLoader loader = new PolicyLoader();
        for (Map.Entry<String, String> e : examples().entrySet()) {
            for (int i = 0; i < 400; i++) {
                String text = mutate(e.getValue(), rnd);
                LoadResult r = loader.loadTexts(Map.of(e.getKey(), text));
                check(r, e.getKey());
                for (Expectation x : r.store().all()) {
                    r.store().expectationsFor(x.subject());
                    r.store().domainsForMx("mx." + x.subject());
                }
            }
        }
    }

    @Test
    void randomTextNeverThrows() {
        Random rnd = new Random(42);
        PolicyLoader loader = new PolicyLoader();
        List<String> names = List.of("r.example.mta-sts.txt", "r.example.mta-sts-txt", "r.zone", "r.json", "tls_policy", "r.policy");
        for (int i = 0; i < 3000; i++) {
            String name = names.get(i % names.size());
            check(loader.loadTexts(Map.of(name, random(rnd, 300))), name);
        }
    }

    @Test
    void hostileSizesStayBounded() {
        PolicyLoader loader = new PolicyLoader();
        String longLine = "x".repeat(100_000);
        for (String name : List.of("a.example.mta-sts.txt", "a.zone", "a.json", "tls_policy", "a.policy")) {
            LoadResult r = loader.loadTexts(Map.of(name, longLine + "\n" + "bad line\n".repeat(5000)));
            assertFalse(r.ok(), name);
            check(r, name);
        }
        // many entries: bounded by maxEntriesPerFile
        PolicyLoader small = new PolicyLoader(PolicyLimits.DEFAULTS.withMaxEntriesPerFile(50));
        LoadResult r = small.loadTexts(Map.of("p.policy", "require-tls a.example\n".repeat(1000)));
        assertEquals(1, r.stats().count(ProblemKind.TOO_MANY_ENTRIES));
        LoadResult j = small.loadTexts(Map.of("p.json", "{\"policies\":{" + String.join(",",
                java.util.Collections.nCopies(200, "\"a.example\":{\"mode\":\"testing\",\"mxs\":[\"a.example\"]}")) + "}}"));
        assertEquals(1, j.stats().count(ProblemKind.TOO_MANY_ENTRIES));
        // parentheses opened and never closed across a huge zone: one error, bounded
        LoadResult z = loader.loadTexts(Map.of("p.zone", "_25._tcp.a.example. IN TLSA ( 3 1 1\n" + "ab\n".repeat(20000)));
        assertFalse(z.ok());
        check(z, "p.zone");
    }
}
