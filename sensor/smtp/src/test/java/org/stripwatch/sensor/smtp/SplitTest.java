package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Netty's SmtpResponseDecoderTest idea, everywhere: each fixture cut at every offset (and at every
 * pair of offsets for short ones, and one byte at a time) gives exactly the same events, the same
 * bytes to the TLS consumers and the same amount skipped.
 */
class SplitTest {
    /** Compares line by line so a failure names the first differing event. */
    static void assertSame(String expected, String actual, String what) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            assertEquals(e[i], a[i], what + ": event " + i);
        }
        assertEquals(e.length, a.length, what + ": event count");
    }

    /** Fixtures up to this many bytes are cut at every pair of offsets, longer ones at sampled pairs. */
    private static final int PAIR_LIMIT = 200;
    private static final int SAMPLED_PAIRS = 3000;

    static Stream<Arguments> fixtures() {
        return Fixtures.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everySingleCut(String name, List<Wire.Step> script) {
        String expected = Wire.run(script).observed();
        int n = Wire.totalLength(script);
        for (int cut = 1; cut < n; cut++) {
            String actual = new Wire().play(script, new TreeSet<>(List.of(cut))).observed();
            assertSame(expected, actual, name + " cut at " + cut);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void oneByteAtATime(String name, List<Wire.Step> script) {
        String expected = Wire.run(script).observed();
        int n = Wire.totalLength(script);
        TreeSet<Integer> all = new TreeSet<>();
        IntStream.range(1, n).forEach(all::add);
        assertSame(expected, new Wire().play(script, all).observed(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyPairOfCuts(String name, List<Wire.Step> script) {
        int n = Wire.totalLength(script);
        String expected = Wire.run(script).observed();
        if (n <= PAIR_LIMIT) {
            for (int a = 1; a < n; a++) {
                for (int b = a + 1; b < n; b++) {
                    assertSame(expected, new Wire().play(script, new TreeSet<>(List.of(a, b))).observed(),
                            name + " cut at " + a + "," + b);
                }
            }
            return;
        }
        Random random = new Random(n);
        for (int i = 0; i < SAMPLED_PAIRS; i++) {
            int a = 1 + random.nextInt(n - 1);
            int b = 1 + random.nextInt(n - 1);
            assertSame(expected, new Wire().play(script, new TreeSet<>(List.of(a, b))).observed(),
                    name + " cut at " + a + "," + b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void withoutStreamControlTheEventsAreTheSame(String name, List<Wire.Step> script) {
        // a skipped chunk ends when skip() is called, a consumed one at its last delivery: mask times
        String withControl = String.join("\n", Wire.run(script).recorder.events).replaceAll("(ts|timestampNanos)=\\d+", "");
        int n = Wire.totalLength(script);
        TreeSet<Integer> all = new TreeSet<>();
        IntStream.range(1, n).forEach(all::add);
        String without = String.join("\n", new Wire(SmtpConfig.DEFAULT, false).play(script, all).recorder.events)
                .replaceAll("(ts|timestampNanos)=\\d+", "");
        assertSame(withControl, without, name);
    }
}
