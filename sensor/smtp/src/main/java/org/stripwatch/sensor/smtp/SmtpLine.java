package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;

/**
 * A framed line: a reused view, valid only until the framer is called again. The content excludes
 * the line ending; for an over-long line it is the kept head.
 */
final class SmtpLine {
    ByteBuf buf;
    int index;
    int length;
    /** Content length as sent (excluding CR LF); above length when truncated. */
    long fullLength;
    boolean bareLf;
    int bareCrs;
    boolean tooLong;
    /** Stream offset of the line's first byte. */
    long offset;

    byte at(int i) {
        return buf.getByte(index + i);
    }

    int end() {
        return index + length;
    }

    /** Length on the wire including the line ending. */
    long wireLength() {
        return fullLength + (bareLf ? 1 : 2);
    }
}
