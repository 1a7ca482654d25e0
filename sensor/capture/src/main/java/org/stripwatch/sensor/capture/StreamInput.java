package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;

/**
 * A capture read from a stream (gzip-decompressed file, pipe) into one reusable heap buffer. The
 * buffer keeps the bytes from the current record on, grows only to hold one record or block, and is
 * bounded by the configured maximum block length; skipped blocks are read and discarded.
 */
final class StreamInput implements RecordInput {
    private static final int INITIAL = 64 * 1024;

    private final InputStream in;
    private final int maxBuffer;
    private byte[] array;
    private ByteBuf buf;
    private long base;
    private int filled;
    private boolean eof;

    StreamInput(InputStream in, int maxBuffer) {
        this.in = in;
        this.maxBuffer = maxBuffer;
        this.array = new byte[Math.min(INITIAL, maxBuffer)];
        this.buf = Unpooled.wrappedBuffer(array);
    }

    @Override
    public boolean ensure(long pos, int len) throws IOException {
        if (pos >= base && pos + len <= base + filled) {
            return true;
        }
        if (pos < base || len > maxBuffer) {
            return false; // forward-only; len is bounded by the caller's configuration
        }
        if (!dropBefore(pos)) {
            return false;
        }
        if (len > array.length) {
            grow(len);
        }
        while (filled < len && !eof) {
            int n = in.read(array, filled, array.length - filled);
            if (n < 0) {
                eof = true;
            } else {
                filled += n;
            }
        }
        return filled >= len;
    }

    /** Moves the bytes from {@code pos} on to the start of the buffer, skipping input up to pos. */
    private boolean dropBefore(long pos) throws IOException {
        long drop = pos - base;
        if (drop <= filled) {
            int keep = filled - (int) drop;
            System.arraycopy(array, (int) drop, array, 0, keep);
            filled = keep;
            base = pos;
            return true;
        }
        long skip = drop - filled;
        filled = 0;
        base = pos;
        while (skip > 0 && !eof) {
            int n = in.read(array, 0, (int) Math.min(array.length, skip));
            if (n < 0) {
                eof = true;
            } else {
                skip -= n;
            }
        }
        return skip == 0;
    }

    private void grow(int len) {
        int size = (int) Math.min(maxBuffer, Math.max((long) len, 2L * array.length));
        byte[] bigger = new byte[size];
        System.arraycopy(array, 0, bigger, 0, filled);
        array = bigger;
        buf = Unpooled.wrappedBuffer(array);
    }

    @Override
    public ByteBuf buf() {
        return buf;
    }

    @Override
    public int index(long pos) {
        return (int) (pos - base);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
