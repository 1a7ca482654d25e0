package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, soak: the whole replay (sensor pipeline, session and connection logs, embedded analyzer
 * with the lab's policies) over the corpus (captures/lab and captures/public) again and again in one
 * JVM for {@code stripwatch.soak.minutes}: every loop must give the same number of sessions, flows
 * and alerts (no record lost), and the heap after a full GC must stay flat.
 *
 * <p>Not part of the default run (skipped without the property): {@code ops/soak/run [MINUTES]}.
 * Each loop's figures go to {@code stripwatch.soak.report} (CSV) and standard error.
 */
class SoakTest {
    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long lines(Path p) throws Exception {
        try (var s = Files.lines(p)) {
            return s.count();
        }
    }

    @Test
    void replayLoopKeepsMemoryFlatAndLosesNothing() throws Exception {
        String minutes = System.getProperty("stripwatch.soak.minutes");
        assumeTrue(minutes != null && !minutes.isBlank(), "soak runs only from ops/soak/run");
        long deadline = System.nanoTime() + (long) (Double.parseDouble(minutes) * 60e9);
        Path lab = Captures.dir("lab"), pub = Captures.dir("public");
        assumeTrue(Files.isDirectory(lab) && Files.isDirectory(pub), "corpus missing");
        Path work = Files.createTempDirectory("sw-soak");
        Path report = Path.of(System.getProperty("stripwatch.soak.report", work.resolve("soak.csv").toString()));
        Files.createDirectories(report.toAbsolutePath().getParent());
        List<String> csv = new ArrayList<>(List.of("loop,seconds,sessions,flows,alerts,heap_after_gc_bytes"));
        List<Long> heap = new ArrayList<>();
        long[] first = null;
        int loop = 0;
        long t0 = System.nanoTime();
        PrintStream oldOut = System.out, oldErr = System.err;
        try {
            while (System.nanoTime() < deadline || loop < 3) {
                loop++;
                Path s = work.resolve("s.jsonl"), f = work.resolve("f.jsonl"), a = work.resolve("a.jsonl");
                ByteArrayOutputStream sink = new ByteArrayOutputStream();
                System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
                int code = Main.run("replay", "-q", "--sessions", s.toString(), "--flows", f.toString(), "--policies",
                        lab.resolve("policies").toString(), "--alerts", a.toString(), lab.toString(), pub.toString());
                System.setOut(oldOut);
                System.setErr(oldErr);
                assertTrue(code == ExitCodes.OK || code == ExitCodes.DAMAGED_INPUT,
                        "loop " + loop + " exit " + code + ": " + sink.toString(StandardCharsets.UTF_8));
                long[] counts = {lines(s), lines(f), lines(a)};
                if (first == null) first = counts;
                long used = usedAfterGc();
                heap.add(used);
                double secs = (System.nanoTime() - t0) / 1e9;
                csv.add(String.format(Locale.ROOT, "%d,%.1f,%d,%d,%d,%d", loop, secs, counts[0], counts[1], counts[2],
                        used));
                oldErr.printf(Locale.ROOT, "[soak] loop %d at %.0f s: %d sessions, %d flows, %d alerts, heap after GC "
                        + "%.1f MiB%n", loop, secs, counts[0], counts[1], counts[2], used / 1048576.0);
                Files.write(report, csv);
                assertArrayEquals(first, counts, "loop " + loop + " lost or gained records");
            }
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        // Flat: after warm-up (first two loops), the last quarter's lowest sample is within 8 MiB or 10 %
        // of the warm-up's lowest. A leak of one object per record would show within minutes.
        List<Long> warm = heap.subList(Math.min(2, heap.size() - 1), heap.size());
        long base = warm.subList(0, Math.max(1, warm.size() / 4)).stream().min(Long::compare).orElseThrow();
        long end = warm.subList(warm.size() - Math.max(1, warm.size() / 4), warm.size()).stream().min(Long::compare)
                .orElseThrow();
        oldErr.printf(Locale.ROOT, "[soak] %d loops, %d sessions/%d flows/%d alerts each; heap after GC %.1f MiB early,"
                + " %.1f MiB late; report %s%n", loop, first[0], first[1], first[2], base / 1048576.0,
                end / 1048576.0, report);
        assertTrue(end - base < Math.max(8L << 20, base / 10), "heap grew from " + base + " to " + end);
    }
}
