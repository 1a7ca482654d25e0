package org.stripwatch.sensor.reassembly;

/**
 * Wraparound-safe TCP sequence arithmetic (RFC 9293 §3.4, RFC 1982 serial numbers): sequence
 * numbers are compared by the sign of their 32-bit difference, valid while the two are less than
 * 2^31 apart, which any window (at most 2^30 with scaling, RFC 7323 §2.3) guarantees.
 */
final class Seq {
    private Seq() {}

    /** {@code a - b} as a signed distance. */
    static int diff(int a, int b) {
        return a - b;
    }

    static boolean lt(int a, int b) {
        return a - b < 0;
    }

    static boolean leq(int a, int b) {
        return a - b <= 0;
    }

    static boolean gt(int a, int b) {
        return a - b > 0;
    }

    static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }
}
