package org.stripwatch.sensor.decode;

import io.netty.buffer.ByteBuf;

/** The Internet checksum (RFC 1071): a one's-complement sum of 16-bit words. */
final class Checksums {
    private Checksums() {
    }

    /**
     * Unfolded sum of {@code [off, end)} as big-endian 16-bit words, an odd last byte padded with
     * zero. Summing 32-bit words is equivalent after folding, since 2^16 = 1 mod 2^16-1 (RFC 1071 §2).
     */
    static long sum(ByteBuf b, int off, int end) {
        long sum = 0;
        int i = off;
        for (; i + 4 <= end; i += 4) sum += b.getUnsignedInt(i);
        if (i + 2 <= end) {
            sum += b.getUnsignedShort(i);
            i += 2;
        }
        if (i < end) sum += b.getUnsignedByte(i) << 8;
        return sum;
    }

    /** Folds carries back into 16 bits. */
    static int fold(long sum) {
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }
}
