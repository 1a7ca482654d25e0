package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Client bytes after a STARTTLS line and before its reply (RFC 3207 §5: there should be none; a
 * CVE-2011-0411 injection leaves some). Bounded: a contiguous prefix is kept, whatever follows (more
 * bytes, or a gap) is only counted, so the prefix plus a gap of {@link #dropped} describes the
 * stream exactly.
 */
final class HeldBytes {
    private final int max;
    private ByteBuf kept;
    private ByteBuf spare;
    private long total;
    private long dropped;
    private long firstTs;
    private long lastTs;

    HeldBytes(int max) {
        this.max = max;
    }

    void reset() {
        total = 0;
        dropped = 0;
        if (kept != null) {
            kept.clear();
        }
    }

    /** Consumes all readable bytes of {@code in}; returns how many were not kept. */
    int add(ByteBuf in, long ts) {
        int n = in.readableBytes();
        if (total == 0) {
            firstTs = ts;
        }
        total += n;
        lastTs = ts;
        int keep = 0;
        if (dropped == 0) {
            if (kept == null) {
                kept = Unpooled.buffer(Math.min(256, max), max);
            }
            keep = Math.min(n, kept.maxWritableBytes());
            kept.writeBytes(in, in.readerIndex(), keep);
        }
        dropped += n - keep;
        in.skipBytes(n);
        return n - keep;
    }

    /** A gap: nothing after it can be kept contiguously. */
    void gap(long length) {
        dropped += length;
    }

    /** Bytes delivered while holding (gaps not included). */
    long total() {
        return total;
    }

    /** Bytes after the kept prefix: not kept, or lost in a gap. */
    long dropped() {
        return dropped;
    }

    long firstTimestamp() {
        return firstTs;
    }

    long lastTimestamp() {
        return lastTs;
    }

    boolean hasKept() {
        return kept != null && kept.isReadable();
    }

    /** The kept prefix, valid until the next call. */
    ByteBuf kept() {
        return kept;
    }

    /**
     * Hands the kept prefix over for re-parsing; holding can start again meanwhile (another
     * STARTTLS inside it) in the other buffer. Clear the returned buffer when done.
     */
    ByteBuf take() {
        ByteBuf taken = kept;
        kept = spare;
        spare = taken;
        if (kept != null) {
            kept.clear();
        }
        return taken;
    }

    byte[] prefix(int n) {
        if (kept == null) {
            return new byte[0];
        }
        byte[] prefix = new byte[Math.min(n, kept.readableBytes())];
        kept.getBytes(kept.readerIndex(), prefix);
        return prefix;
    }

    String describe(int maxBytes) {
        return total + " bytes: " + (kept == null ? "" : Ascii.escape(kept, kept.readerIndex(), kept.readableBytes(), maxBytes));
    }

    int retained() {
        return (kept == null ? 0 : kept.capacity()) + (spare == null ? 0 : spare.capacity());
    }
}
