package org.stripwatch.sensor.tls;

/**
 * A bounded cursor over a byte array. Reading past the end never throws: it returns 0 and clears
 * {@link #ok()}, so a parser reads a whole structure and checks once (hostile lengths cannot make
 * it throw or read outside the array).
 */
final class ByteReader {
    private final byte[] data;
    private int pos;
    private final int end;
    private boolean ok = true;

    ByteReader(byte[] data, int from, int to) {
        this.data = data;
        this.pos = from;
        this.end = Math.max(from, Math.min(to, data.length));
    }

    boolean ok() {
        return ok;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return end - pos;
    }

    private boolean need(int n) {
        if (n < 0 || end - pos < n) {
            ok = false;
            pos = end;
            return false;
        }
        return true;
    }

    int u8() {
        return need(1) ? data[pos++] & 0xff : 0;
    }

    int u16() {
        if (!need(2)) {
            return 0;
        }
        int v = ((data[pos] & 0xff) << 8) | (data[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int u24() {
        if (!need(3)) {
            return 0;
        }
        int v = ((data[pos] & 0xff) << 16) | ((data[pos + 1] & 0xff) << 8) | (data[pos + 2] & 0xff);
        pos += 3;
        return v;
    }

    /** A sub-reader over the next {@code n} bytes; this reader moves past them. */
    ByteReader slice(int n) {
        if (!need(n)) {
            return new ByteReader(data, end, end).fail();
        }
        ByteReader r = new ByteReader(data, pos, pos + n);
        pos += n;
        return r;
    }

    byte[] bytes(int n) {
        if (!need(n)) {
            return new byte[0];
        }
        byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    void skip(int n) {
        if (need(n)) {
            pos += n;
        }
    }

    private ByteReader fail() {
        ok = false;
        return this;
    }
}
