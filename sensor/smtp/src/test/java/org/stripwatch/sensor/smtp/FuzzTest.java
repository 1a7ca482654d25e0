package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * Seeded random input and mutated fixtures: the parsers never throw, keep their buffers within the
 * configured bounds, and give the same events however the input is cut.
 */
class FuzzTest {
    static final SmtpConfig SMALL = new SmtpConfig(32, 512, 512, 1000, 4, 64, 3, 16, 4, 8, 16, false, 24, 8, 4, 8);
    private static final String[] TOKENS = {
        "\r\n", "\n", "\r", ".", "\r\n.\r\n", "250-", "250 ", "220 ", "354 go", "334 x", "235 ok", "454 no", "STARTTLS",
        "staRttLs", "EHLO x", "DATA", "BDAT 7", "BDAT 3 LAST", "BDAT 99999999999999999999", "AUTH LOGIN", "MAIL FROM:<",
        "a@b.example>", "RCPT TO:<@r:x@y>", " SIZE=12", "QUIT", "\u0016\u0003\u0001", "XXXXXXXA", "0", "\u0000", "\u00ff",
    };
    private static final int ITERATIONS = 400;

    @Test
    void randomConversationsNeverThrowAndStayBounded() {
        Random random = new Random(4);
        for (int i = 0; i < ITERATIONS; i++) {
            List<Wire.Step> script = randomScript(random);
            for (SmtpConfig config : List.of(SMALL, SmtpConfig.DEFAULT)) {
                Wire whole = new Wire(config, random.nextBoolean()).play(script);
                assertBounded(whole, config);
                Wire cut = new Wire(config, true).play(script, randomCuts(random, Wire.totalLength(script)));
                assertBounded(cut, config);
            }
        }
    }

    @Test
    void mutatedFixturesGiveTheSameEventsHoweverCut() {
        Random random = new Random(11);
        for (Map.Entry<String, List<Wire.Step>> fixture : Fixtures.all().entrySet()) {
            for (int i = 0; i < 60; i++) {
                List<Wire.Step> script = mutate(fixture.getValue(), random);
                for (SmtpConfig config : List.of(SMALL, SmtpConfig.DEFAULT)) {
                    String expected = new Wire(config, true).play(script).observed();
                    Wire cut = new Wire(config, true).play(script, randomCuts(random, Wire.totalLength(script)));
                    assertBounded(cut, config);
                    SplitTest.assertSame(expected, cut.observed(), fixture.getKey() + " mutation " + i);
                }
            }
        }
    }

    static void assertBounded(Wire wire, SmtpConfig config) {
        int bound = 2 * (config.maxLineLength() + 1) + 2 * config.maxHeldBytes();
        assertTrue(wire.conversation.retainedBytes() <= bound, "retained " + wire.conversation.retainedBytes());
        assertTrue(wire.conversation.unansweredCommands().size() <= config.maxPendingCommands());
        for (SmtpReply reply : wire.recorder.replies) {
            assertTrue(reply.lines().size() <= config.maxReplyLines());
        }
        for (SmtpEhloReply ehlo : wire.recorder.ehlos) {
            assertTrue(ehlo.capabilities().size() <= config.maxCapabilities());
        }
        for (SmtpAnomaly anomaly : SmtpAnomaly.values()) {
            long reported = wire.recorder.anomalies.stream().filter(a -> a.anomaly() == anomaly).count();
            assertTrue(reported <= config.maxAnomalyReportsPerType());
            assertEquals(Math.min(wire.conversation.counters().anomalies(anomaly), config.maxAnomalyReportsPerType()),
                    reported);
        }
    }

    private static List<Wire.Step> randomScript(Random random) {
        List<Wire.Step> script = new ArrayList<>();
        int steps = 1 + random.nextInt(20);
        for (int s = 0; s < steps; s++) {
            Direction dir = random.nextBoolean() ? Wire.C : Wire.S;
            if (random.nextInt(12) == 0) {
                script.add(Wire.gap(dir, 1 + random.nextInt(40)));
                continue;
            }
            script.add(new Wire.Data(dir, randomBytes(random)));
        }
        if (random.nextBoolean()) {
            script.add(Wire.end(Wire.C));
            script.add(Wire.end(Wire.S));
        }
        return script;
    }

    private static byte[] randomBytes(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int parts = 1 + random.nextInt(8);
        for (int p = 0; p < parts; p++) {
            if (random.nextInt(4) == 0) {
                byte[] raw = new byte[1 + random.nextInt(40)];
                random.nextBytes(raw);
                out.writeBytes(raw);
            } else {
                out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return out.toByteArray();
    }

    private static List<Wire.Step> mutate(List<Wire.Step> script, Random random) {
        List<Wire.Step> out = new ArrayList<>(script);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            int i = random.nextInt(out.size());
            if (!(out.get(i) instanceof Wire.Data d) || d.bytes().length == 0) {
                continue;
            }
            byte[] b = d.bytes().clone();
            int at = random.nextInt(b.length);
            switch (random.nextInt(3)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> {
                    byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.ISO_8859_1);
                    byte[] n = new byte[b.length + token.length];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(token, 0, n, at, token.length);
                    System.arraycopy(b, at, n, at + token.length, b.length - at);
                    b = n;
                }
                default -> {
                    byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
            }
            out.set(i, new Wire.Data(d.dir(), b));
        }
        return out;
    }

    private static TreeSet<Integer> randomCuts(Random random, int length) {
        TreeSet<Integer> cuts = new TreeSet<>();
        if (length < 2) {
            return cuts;
        }
        int n = random.nextInt(Math.min(length, 12));
        for (int i = 0; i < n; i++) {
            cuts.add(1 + random.nextInt(length - 1));
        }
        return cuts;
    }
}
