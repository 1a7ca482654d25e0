package org.stripwatch.sensor.smtp;

/**
 * Counters of one conversation (single-threaded, like the parsers). The arrays are allocated on
 * the first count: most tracked connections are idle or short, and a sensor tracking a million of
 * them should not pay two zeroed arrays (~330 bytes) each.
 */
public final class SmtpCounters {
    private static final int COUNTERS = SmtpCounter.values().length;
    private static final int ANOMALIES = SmtpAnomaly.values().length;

    private long[] counts;
    private long[] anomalies;

    public long get(SmtpCounter counter) {
        return counts == null ? 0 : counts[counter.ordinal()];
    }

    public long anomalies(SmtpAnomaly anomaly) {
        return anomalies == null ? 0 : anomalies[anomaly.ordinal()];
    }

    void add(SmtpCounter counter, long n) {
        if (counts == null) counts = new long[COUNTERS];
        counts[counter.ordinal()] += n;
    }

    void increment(SmtpCounter counter) {
        add(counter, 1);
    }

    /** Returns the new count of this anomaly. */
    long countAnomaly(SmtpAnomaly anomaly) {
        if (anomalies == null) anomalies = new long[ANOMALIES];
        return ++anomalies[anomaly.ordinal()];
    }
}
