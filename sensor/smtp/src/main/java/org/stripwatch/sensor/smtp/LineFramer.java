package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;

/**
 * Bounded line framer for one direction, after Netty's LineBasedFrameDecoder: a line complete in
 * the delivered buffer is returned as a view into it (no copy); only a line split across deliveries
 * is copied, into a small per-direction buffer bounded by the hard cap. Scanning never revisits a
 * byte: a partial line's bytes are already in the buffer and hold no LF.
 *
 * <p>The line ending is CRLF (RFC 5321 §2.3.8). A bare LF still ends the line (as most servers
 * accept, which is what SMTP smuggling exploits) and is flagged; bare CRs inside a line are counted.
 */
final class LineFramer {
    private final int maxLength;
    private final SmtpLine line = new SmtpLine();
    private final Scanner scanner = new Scanner();
    private ByteBuf partial;
    /** Bytes of the current incomplete line seen so far (kept or discarded), excluding LF. */
    private long pendingLength;
    private long lineOffset;

    LineFramer(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * The next complete line starting at {@code in.readerIndex()}, whose stream offset is
     * {@code offset}; null when {@code in} is exhausted (the partial line is kept). Advances the
     * reader index past what was consumed.
     */
    SmtpLine next(ByteBuf in, long offset) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        if (start == end) {
            return null;
        }
        if (pendingLength == 0) {
            lineOffset = offset;
        }
        int lf = in.forEachByte(start, end - start, scanner);
        if (lf < 0) {
            keep(in, start, end - start);
            in.readerIndex(end);
            return null;
        }
        in.readerIndex(lf + 1);
        return complete(in, start, lf - start);
    }

    /** Bytes of memory this framer holds (for bound checks). */
    int retained() {
        return partial == null ? 0 : partial.capacity();
    }

    /** Whether an incomplete line is pending. */
    boolean hasPartial() {
        return pendingLength > 0;
    }

    /** Forgets the incomplete line (after a gap or a mode switch). */
    void reset() {
        pendingLength = 0;
        scanner.reset();
        if (partial != null) {
            partial.clear();
        }
    }

    private SmtpLine complete(ByteBuf in, int start, int segment) {
        boolean crlf = scanner.lastWasCr;
        long total = pendingLength + segment;
        long content = total - (crlf ? 1 : 0);
        line.fullLength = content;
        line.bareLf = !crlf;
        line.bareCrs = scanner.crs - (crlf ? 1 : 0);
        line.tooLong = content > maxLength;
        line.offset = lineOffset;
        int kept = (int) Math.min(content, maxLength);
        if (pendingLength == 0) {
            line.buf = in;
            line.index = start;
        } else {
            keep(in, start, segment);
            line.buf = partial;
            line.index = partial.readerIndex();
        }
        line.length = kept;
        pendingLength = 0;
        scanner.reset();
        if (partial != null) {
            // the view stays valid: clear only moves indices, the bytes remain until the next keep
            partial.clear();
        }
        return line;
    }

    /** Copies a line fragment, bounded: one byte over the cap keeps a trailing CR of a full-length line. */
    private void keep(ByteBuf in, int start, int length) {
        if (partial == null) {
            partial = Unpooled.buffer(Math.min(256, maxLength + 1), maxLength + 1);
        }
        int room = maxLength + 1 - partial.writerIndex();
        int n = Math.min(room, length);
        if (n > 0) {
            partial.writeBytes(in, start, n);
        }
        pendingLength += length;
    }

    /** Finds LF, counting CRs and remembering whether the byte before LF was CR, across calls. */
    private static final class Scanner implements ByteProcessor {
        int crs;
        boolean lastWasCr;

        @Override
        public boolean process(byte b) {
            if (b == Ascii.LF) {
                return false;
            }
            if (b == Ascii.CR) {
                crs++;
                lastWasCr = true;
            } else {
                lastWasCr = false;
            }
            return true;
        }

        void reset() {
            crs = 0;
            lastWasCr = false;
        }
    }
}
