package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    @Test
    void aCompleteLineIsAViewIntoTheDeliveredBuffer() {
        LineFramer framer = new LineFramer(64);
        ByteBuf in = Lines.buf("EHLO x\r\nNOOP\r\n");
        SmtpLine line = framer.next(in, 100);
        assertSame(in, line.buf, "no copy for a line within one delivery");
        assertEquals("EHLO x", Lines.text(line));
        assertEquals(100, line.offset);
        assertFalse(line.bareLf);
        assertEquals("NOOP", Lines.text(framer.next(in, 108)));
        assertNull(framer.next(in, 114));
        assertEquals(0, framer.retained(), "nothing was copied");
    }

    @Test
    void aLineSplitAcrossDeliveriesIsCopiedOnce() {
        LineFramer framer = new LineFramer(64);
        assertNull(framer.next(Lines.buf("EH"), 0));
        assertNull(framer.next(Lines.buf("LO x\r"), 2));
        assertTrue(framer.hasPartial());
        SmtpLine line = framer.next(Lines.buf("\nQ"), 7);
        assertEquals("EHLO x", Lines.text(line));
        assertEquals(0, line.offset);
        assertFalse(line.bareLf, "CR in one delivery, LF in the next is still CRLF");
        assertEquals(0, line.bareCrs);
    }

    @Test
    void bareLfEndsALineAndIsFlagged() {
        SmtpLine line = Lines.line("DATA\n");
        assertEquals("DATA", Lines.text(line));
        assertTrue(line.bareLf);
        assertEquals(5, line.wireLength());
    }

    @Test
    void bareCrInsideALineIsCounted() {
        SmtpLine line = Lines.line("MAIL\rFROM\r\n");
        assertEquals(1, line.bareCrs);
        assertFalse(line.bareLf);
        assertEquals("MAIL\rFROM", Lines.text(line));
    }

    @Test
    void anOverlongLineKeepsItsHeadWithinTheCap() {
        LineFramer framer = new LineFramer(16);
        String long40 = "x".repeat(40);
        assertNull(framer.next(Lines.buf(long40.substring(0, 10)), 0));
        assertNull(framer.next(Lines.buf(long40.substring(10)), 10));
        SmtpLine line = framer.next(Lines.buf("\r\nNOOP\r\n"), 40);
        assertTrue(line.tooLong);
        assertEquals(16, line.length);
        assertEquals(40, line.fullLength);
        assertTrue(framer.retained() <= 17);
    }

    @Test
    void aLineOfExactlyTheCapIsNotTooLong() {
        LineFramer framer = new LineFramer(16);
        assertNull(framer.next(Lines.buf("y".repeat(16) + "\r"), 0));
        SmtpLine line = framer.next(Lines.buf("\n"), 17);
        assertFalse(line.tooLong);
        assertEquals("y".repeat(16), Lines.text(line));
    }

    @Test
    void resetForgetsThePartialLine() {
        LineFramer framer = new LineFramer(64);
        framer.next(Lines.buf("HALF"), 0);
        framer.reset();
        assertFalse(framer.hasPartial());
        assertEquals("NOOP", Lines.text(framer.next(Lines.buf("NOOP\r\n"), 10)));
    }
}
