package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/** Test helpers: bytes of a string, one framed line. */
final class Lines {
    private Lines() {}

    static ByteBuf buf(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Frames the single line in s (which must end with LF). */
    static SmtpLine line(String s) {
        SmtpLine line = new LineFramer(4096).next(buf(s), 0);
        if (line == null) {
            throw new AssertionError("no line in " + s);
        }
        return line;
    }

    static String text(SmtpLine line) {
        return line.buf.toString(line.index, line.length, StandardCharsets.ISO_8859_1);
    }
}
