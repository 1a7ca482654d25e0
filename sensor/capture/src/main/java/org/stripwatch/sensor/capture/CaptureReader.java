package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Base of the record parsers: the current position (reported when the input fails) and
 * byte-order-aware getters. A parser never throws on malformed bytes; it records a notice and either
 * skips the record or ends the file.
 */
abstract class CaptureReader {
    final RecordInput in;
    final ReadContext ctx;
    /** Start of the record or block being read. */
    long pos;
    boolean bigEndian;

    CaptureReader(RecordInput in, ReadContext ctx) {
        this.in = in;
        this.ctx = ctx;
    }

    /** Reads records until the input ends, damage ends it, or the source is stopped. */
    abstract void read() throws IOException;

    final long position() {
        return pos;
    }

    final int u16(ByteBuf b, int i) {
        // Netty's read-only views of a mapped buffer read big-endian through Unsafe but little-endian
        // through ByteBuffer (bounds and scope checks per call): swap instead (a third of the reader's
        // time per record header went there, async-profiler).
        int v = b.getShort(i);
        return (bigEndian ? v : Short.reverseBytes((short) v)) & 0xFFFF;
    }

    final long u32(ByteBuf b, int i) {
        int v = b.getInt(i);
        return (bigEndian ? v : Integer.reverseBytes(v)) & 0xFFFF_FFFFL;
    }

    final long s64(ByteBuf b, int i) {
        long v = b.getLong(i);
        return bigEndian ? v : Long.reverseBytes(v);
    }

    /** Lengths beyond {@code int} are clamped: only a hostile header has them. */
    static int clampInt(long value) {
        return (int) Math.min(value, Integer.MAX_VALUE);
    }

    /**
     * At a record start too short for a header: a clean end if nothing follows,
     * otherwise a truncated input.
     */
    final void endOrTruncated() throws IOException {
        if (in.ensure(pos, 1)) {
            ctx.truncated(pos, CaptureNotice.Kind.TRUNCATED_RECORD);
        }
    }
}
