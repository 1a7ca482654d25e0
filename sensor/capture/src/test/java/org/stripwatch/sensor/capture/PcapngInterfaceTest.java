package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** if_tsresol / if_tsoffset arithmetic (draft-ietf-opsawg-pcapng s4.2), including the edges. */
class PcapngInterfaceTest {
    private static long nanos(int tsresol, long tsoffset, long units) {
        return new PcapngInterface(1, 0, tsresol, tsoffset).toNanos(units);
    }

    @Test
    void decimalResolutions() {
        assertEquals(1_500_000_000L, nanos(0, 0, 1) + 500_000_000L);
        assertEquals(1_700_000_000_123_456_000L, nanos(6, 0, 1_700_000_000_123_456L));
        assertEquals(1_700_000_000_123_456_789L, nanos(9, 0, 1_700_000_000_123_456_789L));
        assertEquals(123, nanos(12, 0, 123_456L));
        assertEquals(0, nanos(127, 0, Long.MAX_VALUE), "10^-127: every representable count is below 1 ns");
    }

    @Test
    void binaryResolutions() {
        assertEquals(3_000_000_000L + 250_000_000L, nanos(0x80 | 20, 0, (3L << 20) | (1L << 18)));
        assertEquals(1_000_000_000L + 500_000_000L, nanos(0x80, 0, 1) + 500_000_000L);
        long halfAt40 = (7L << 40) | (1L << 39);
        assertEquals(7_500_000_000L, nanos(0x80 | 40, 0, halfAt40));
        assertEquals(500_000_000L, nanos(0x80 | 63, 0, 1L << 62));
    }

    @Test
    void offsetAndOverflow() {
        assertEquals(101_000_000_000L, nanos(6, 100, 1_000_000L));
        assertEquals(-99_000_000_000L, nanos(6, -100, 1_000_000L));
        assertEquals(Long.MIN_VALUE, nanos(6, 0, -1L), "unsigned 2^64-1 microseconds do not fit");
        assertEquals(Long.MIN_VALUE, nanos(6, 0, Long.MAX_VALUE / 100));
        assertEquals(Long.MIN_VALUE, nanos(9, Long.MAX_VALUE / 1_000_000_000L, Long.MAX_VALUE - 10));
        assertEquals(Long.MIN_VALUE, nanos(6, Long.MAX_VALUE, 0), "if_tsoffset itself out of range");
    }
}
