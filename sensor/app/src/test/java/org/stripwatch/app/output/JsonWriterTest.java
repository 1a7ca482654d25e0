package org.stripwatch.app.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    /** The reference the byte writer replaced: JSON escaping over a StringBuilder, then UTF-8 by the JDK. */
    private static String reference(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    boolean lone = Character.isHighSurrogate(c)
                            ? !(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
                            : Character.isLowSurrogate(c) && !(i > 0 && Character.isHighSurrogate(s.charAt(i - 1)));
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || lone) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String render(String value) throws Exception {
        JsonWriter w = new JsonWriter().beginObject().field("k", value).endObject();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        w.writeLine(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void escapesLikeTheReferenceForRandomText() throws Exception {
        Random rnd = new Random(8);
        char[] alphabet = {'a', 'Z', ' ', '"', '\\', '\n', '\r', '\t', 0, 0x1f, 0x7f, 0x80, 0x9f, 0xa0, 0xe9, 0x20ac,
                0xd83d, 0xde00, 0xdbff, 0xdc00, 0xfffd};
        for (int round = 0; round < 20_000; round++) {
            char[] cs = new char[rnd.nextInt(12)];
            for (int i = 0; i < cs.length; i++) cs[i] = alphabet[rnd.nextInt(alphabet.length)];
            String s = new String(cs);
            String expected = "{\"k\":" + reference(s) + "}\n";
            // Lone surrogates are escaped, so the bytes are valid UTF-8 and decode back to the reference text.
            assertEquals(expected, render(s), () -> "input " + s.chars().mapToObj(Integer::toHexString).toList());
        }
    }

    @Test
    void timesAreIsoInstantText() {
        Random rnd = new Random(3);
        long[] edges = {0, 1, -1, 999_999_999, 1_000_000_000, -1_000_000_000, 1_000_000, 1_000, 123_456_000,
                Long.MAX_VALUE, Long.MIN_VALUE, 951_782_400_000_000_000L /* 2000-02-29 */};
        for (long n : edges) assertEquals(iso(n), JsonWriter.formatTime(n), "nanos " + n);
        for (int i = 0; i < 100_000; i++) {
            long n = rnd.nextLong();
            if (i % 4 == 0) n = n / 1_000_000 * 1_000_000;
            if (i % 4 == 1) n = n / 1_000 * 1_000;
            if (i % 8 == 2) n = n / 1_000_000_000 * 1_000_000_000;
            assertEquals(iso(n), JsonWriter.formatTime(n), "nanos " + n);
        }
    }

    @Test
    void instantsOfAnyYearAreTheirToString() {
        Random rnd = new Random(5);
        long[] seconds = {Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond(), -62_167_219_200L,
                -62_167_219_201L, 253_402_300_799L, 253_402_300_800L, 0, -1};
        for (long sec : seconds) check(Instant.ofEpochSecond(sec, 0));
        for (int i = 0; i < 50_000; i++) {
            long sec = rnd.nextLong() % (i % 2 == 0 ? 400_000_000_000L : Instant.MAX.getEpochSecond());
            int nano = i % 3 == 0 ? 0 : rnd.nextInt(1_000_000_000);
            check(Instant.ofEpochSecond(sec, nano));
        }
        assertEquals("{\"t\":null}", new JsonWriter().beginObject().fieldTime("t", (Instant) null).endObject().take());
    }

    private static void check(Instant t) {
        assertEquals("{\"t\":\"" + t + "\"}", new JsonWriter().beginObject().fieldTime("t", t).endObject().take());
    }

    @Test
    void numbersAndSecondsAreExact() {
        long[] values = {0, 7, -7, 10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE};
        for (long v : values) {
            assertEquals("{\"n\":" + v + "}", new JsonWriter().beginObject().field("n", v).endObject().take());
        }
        assertEquals("{\"d\":1.500000000,\"e\":-0.000000042}", new JsonWriter().beginObject()
                .fieldSeconds("d", 1_500_000_000L).fieldSeconds("e", -42).endObject().take());
        assertEquals("{\"a\":[1,\"x\",null],\"b\":true,\"c\":null}", new JsonWriter().beginObject()
                .beginArray("a").value(1).value("x").value((String) null).endArray()
                .field("b", true).field("c", (String) null).endObject().take());
    }

    private static String iso(long epochNanos) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)));
    }
}
