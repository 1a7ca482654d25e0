package org.stripwatch.sensor.capture;

/**
 * What an Interface Description Block says about its packets (draft-ietf-opsawg-pcapng s4.2):
 * link type, snaplen, and how to turn a 64-bit timestamp into nanoseconds since 1970
 * ({@code if_tsresol}, {@code if_tsoffset}).
 */
final class PcapngInterface {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    final int linkType;
    final int snaplen;
    private final long offsetNanos;
    /** Decimal resolution 10^-n: multiply by 10^(9-n) or divide by 10^(n-9); divisor 0 for n > 27. */
    private final long multiplier;
    private final long divisor;
    /** Binary resolution 2^-n, or -1 for decimal. */
    private final int shift;

    /**
     * @param tsresol     the if_tsresol byte (default 6): MSB clear = 10^-n, set = 2^-n
     * @param tsoffsetSec if_tsoffset, seconds added to every timestamp
     */
    PcapngInterface(int linkType, int snaplen, int tsresol, long tsoffsetSec) {
        this.linkType = linkType;
        this.snaplen = snaplen;
        int n = tsresol & 0x7F;
        if ((tsresol & 0x80) != 0) {
            shift = Math.min(n, 63);
            multiplier = 1;
            divisor = 1;
        } else {
            shift = -1;
            multiplier = n <= 9 ? POW10[9 - n] : 1;
            // Beyond 10^-27 even 2^63 units are below one nanosecond: divisor 0 marks "always 0".
            divisor = n <= 9 ? 1 : n - 9 < POW10.length ? POW10[n - 9] : 0;
        }
        offsetNanos = Math.abs(tsoffsetSec) < Long.MAX_VALUE / NANOS_PER_SECOND
                ? tsoffsetSec * NANOS_PER_SECOND : Long.MIN_VALUE;
    }

    /** Whether if_tsoffset itself was out of range. */
    boolean offsetOutOfRange() {
        return offsetNanos == Long.MIN_VALUE;
    }

    /**
     * Nanoseconds since 1970 for a timestamp of {@code units} (unsigned 64-bit), or
     * {@link Long#MIN_VALUE} when it does not fit (the caller notes it and saturates).
     */
    long toNanos(long units) {
        if (units < 0 || offsetOutOfRange()) {
            return Long.MIN_VALUE;
        }
        long nanos;
        if (shift >= 0) {
            nanos = binaryToNanos(units);
        } else if (multiplier > 1) {
            if (units > Long.MAX_VALUE / multiplier) {
                return Long.MIN_VALUE;
            }
            nanos = units * multiplier;
        } else {
            nanos = divisor == 0 ? 0 : units / divisor;
        }
        if (nanos == Long.MIN_VALUE) {
            return nanos;
        }
        long sum = nanos + offsetNanos;
        // Overflow iff both operands have the sign opposite to the result's.
        return ((nanos ^ sum) & (offsetNanos ^ sum)) < 0 ? Long.MIN_VALUE : sum;
    }

    private long binaryToNanos(long units) {
        long seconds = units >>> shift;
        long fraction = shift == 0 ? 0 : units & ((1L << shift) - 1);
        if (seconds > Long.MAX_VALUE / NANOS_PER_SECOND) {
            return Long.MIN_VALUE;
        }
        // fraction < 2^shift; keep fraction * 10^9 (< 2^30) within 63 bits by dropping low bits first.
        int drop = Math.max(0, shift - 33);
        long fractionNanos = ((fraction >>> drop) * NANOS_PER_SECOND) >>> (shift - drop);
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }
}
