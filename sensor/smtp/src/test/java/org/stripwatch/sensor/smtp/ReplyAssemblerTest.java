package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyAssemblerTest {
    private final List<SmtpAnomaly> anomalies = new ArrayList<>();
    private final SmtpCounters counters = new SmtpCounters();

    private ReplyAssembler assembler(SmtpConfig config) {
        return new ReplyAssembler(config, (a, off, detail) -> anomalies.add(a), counters);
    }

    private static SmtpReply feed(ReplyAssembler r, String... lines) {
        SmtpReply reply = null;
        for (String line : lines) {
            if (r.accept(Lines.line(line), 7) == ReplyAssembler.Result.COMPLETE) {
                reply = r.take();
            }
        }
        return reply;
    }

    @Test
    void multiLineReply() {
        SmtpReply reply = feed(assembler(SmtpConfig.DEFAULT), "250-mx.example hello\r\n", "250-SIZE 10\r\n", "250 STARTTLS\r\n");
        assertEquals(250, reply.code());
        assertEquals(List.of("mx.example hello", "SIZE 10", "STARTTLS"), reply.lines());
        assertEquals("mx.example", reply.firstWord());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void aBareCodeIsAFinalLine() {
        SmtpReply reply = feed(assembler(SmtpConfig.DEFAULT), "220\r\n");
        assertEquals(220, reply.code());
        assertEquals(List.of(""), reply.lines());
    }

    @Test
    void mismatchingCodesAreAnAnomalyAndTheFirstCodeStays() {
        SmtpReply reply = feed(assembler(SmtpConfig.DEFAULT), "250-a\r\n", "251 b\r\n");
        assertEquals(250, reply.code());
        assertEquals(List.of(SmtpAnomaly.REPLY_CODE_MISMATCH), anomalies);
    }

    @Test
    void linesWithoutACodeAreSkippedNotThrown() {
        ReplyAssembler r = assembler(SmtpConfig.DEFAULT);
        for (String bad : new String[] {"abc\r\n", "2x0 a\r\n", "250x\r\n", "25\r\n", "\r\n", "\u0016\u0003\u0001\r\n"}) {
            assertEquals(ReplyAssembler.Result.INVALID, r.accept(Lines.line(bad), 0), bad);
        }
        assertEquals(6, anomalies.size());
        assertEquals(SmtpAnomaly.REPLY_CODE_INVALID, anomalies.get(0));
    }

    @Test
    void outOfRangeCodesAreKeptAndFlagged() {
        assertEquals(699, feed(assembler(SmtpConfig.DEFAULT), "699 what\r\n").code());
        assertEquals(List.of(SmtpAnomaly.REPLY_CODE_OUT_OF_RANGE), anomalies);
    }

    @Test
    void linesBeyondTheLimitAreCountedNotKept() {
        SmtpConfig config = new SmtpConfig(4096, 512, 512, 1000, 4, 512, 64, 256, 128, 32, 256, false, 4096, 16, 32, 256);
        String[] lines = new String[10];
        for (int i = 0; i < 9; i++) {
            lines[i] = "250-line" + i + "\r\n";
        }
        lines[9] = "250 end\r\n";
        SmtpReply reply = feed(assembler(config), lines);
        assertEquals(4, reply.lines().size());
        assertEquals(10, reply.lineCount());
        assertEquals(List.of(SmtpAnomaly.REPLY_TOO_MANY_LINES), anomalies);
        assertEquals(6, counters.get(SmtpCounter.REPLY_LINES_DROPPED));
    }

    @Test
    void enhancedStatusCodes() {
        assertEquals("2.0.0", ReplyAssembler.enhancedCode("2.0.0 Ready to start TLS"));
        assertEquals("4.7.0", ReplyAssembler.enhancedCode("4.7.0"));
        assertEquals("5.7.123", ReplyAssembler.enhancedCode("5.7.123 no"));
        assertNull(ReplyAssembler.enhancedCode("5.7.1234 no"));
        assertNull(ReplyAssembler.enhancedCode("3.0.0 no"));
        assertNull(ReplyAssembler.enhancedCode("2.0 Ready"));
        assertNull(ReplyAssembler.enhancedCode("2.0.0Ready"));
        assertNull(ReplyAssembler.enhancedCode("mx.google.com ESMTP"));
    }

    @Test
    void replyOffsetsSpanTheWholeReply() {
        ReplyAssembler r = assembler(SmtpConfig.DEFAULT);
        LineFramer framer = new LineFramer(4096);
        var in = Lines.buf("250-a\r\n250 b\r\n");
        r.accept(framer.next(in, 10), 0);
        r.accept(framer.next(in, 17), 0);
        SmtpReply reply = r.take();
        assertEquals(10, reply.offset());
        assertEquals(24, reply.endOffset());
    }
}
