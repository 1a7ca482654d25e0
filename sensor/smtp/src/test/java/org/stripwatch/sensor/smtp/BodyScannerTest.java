package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyScannerTest {
    private final List<Long> lookAlikes = new ArrayList<>();
    private final List<Long> overLimit = new ArrayList<>();
    private final BodyScanner scanner = new BodyScanner(new BodyScanner.Sink() {
        @Override
        public void lookAlike(long position) {
            lookAlikes.add(position);
        }

        @Override
        public void lineOverLimit(long position) {
            overLimit.add(position);
        }
    }, 1000);

    /** Feeds s from the body start; returns the index after the terminator in s, or -1. */
    private int scan(String s) {
        scanner.start();
        ByteBuf in = Lines.buf(s);
        int i = in.forEachByte(scanner);
        return i < 0 ? -1 : i + 1;
    }

    @Test
    void findsTheTerminatorSplitAnywhere() {
        String body = "Subject: x\r\n\r\nhello\r\n..stuffed\r\n.\r\nQUIT\r\n";
        int end = body.indexOf("\r\n.\r\n") + 5;
        assertEquals(end, scan(body));
        for (int cut = 1; cut < body.length(); cut++) {
            scanner.start();
            int a = Lines.buf(body.substring(0, cut)).forEachByte(scanner);
            int found = a >= 0 ? a + 1 : cut + Lines.buf(body.substring(cut)).forEachByte(scanner) + 1;
            assertEquals(end, found, "cut at " + cut);
        }
        assertEquals(List.of(), lookAlikes);
    }

    @Test
    void anEmptyBodyEndsAtOnce() {
        assertEquals(3, scan(".\r\n"));
        assertEquals(0, scanner.contentLength());
    }

    @Test
    void smugglingLookAlikesAreNotedButDoNotEndTheBody() {
        for (String s : new String[] {"a\n.\nb", "a\r.\rb", "a\r\n.\rb", "a\n.\r\nb", "a\r\n.\nb", "a\r.\r\nb"}) {
            lookAlikes.clear();
            assertEquals(-1, scan(s), s);
            assertEquals(1, lookAlikes.size(), s.replace("\r", "\\r").replace("\n", "\\n"));
        }
    }

    @Test
    void afterAGapTheLinePositionIsUnknown() {
        scanner.start();
        scanner.gap(10);
        assertEquals(-1, Lines.buf(".\r\n").forEachByte(scanner), "not at a known line start");
        assertEquals(2, Lines.buf("\r\n.\r\n").forEachByte(scanner) - 2);
    }

    @Test
    void textLinesOverTheRfcLimitAreNotedOnce() {
        assertEquals(-1, scan("a".repeat(1200) + "\r\n" + "b".repeat(1200)));
        assertEquals(List.of(998L), overLimit);
    }

    /** scan() (runs without CR/LF skipped in bulk) equals process() byte by byte, split at random places. */
    @Test
    void bulkScanEqualsByteByByteScanOnRandomBodies() {
        java.util.Random rnd = new java.util.Random(8);
        byte[] alphabet = {'a', 'b', '.', '.', '\r', '\n', 'x', ' '};
        for (int round = 0; round < 2000; round++) {
            int limit = 1 + rnd.nextInt(40);
            byte[] body = new byte[1 + rnd.nextInt(300)];
            for (int i = 0; i < body.length; i++) {
                body[i] = rnd.nextInt(4) == 0 ? alphabet[rnd.nextInt(alphabet.length)] : (byte) ('a' + rnd.nextInt(26));
            }
            List<String> slow = new ArrayList<>(), fast = new ArrayList<>();
            BodyScanner a = recording(slow, limit), b = recording(fast, limit);
            a.start();
            b.start();
            ByteBuf in = io.netty.buffer.Unpooled.wrappedBuffer(body);
            int slowEnd = in.forEachByte(a);
            int fastEnd = -1;
            for (int from = 0; from < body.length && fastEnd < 0; ) {
                int to = Math.min(body.length, from + 1 + rnd.nextInt(64));
                fastEnd = b.scan(in, from, to);
                from = to;
            }
            assertEquals(slowEnd, fastEnd, "round " + round);
            assertEquals(slow, fast, "round " + round);
            assertEquals(a.position(), b.position(), "round " + round);
        }
    }

    private static BodyScanner recording(List<String> events, int limit) {
        return new BodyScanner(new BodyScanner.Sink() {
            @Override
            public void lookAlike(long position) {
                events.add("look-alike@" + position);
            }

            @Override
            public void lineOverLimit(long position) {
                events.add("over-limit@" + position);
            }
        }, limit);
    }
}
