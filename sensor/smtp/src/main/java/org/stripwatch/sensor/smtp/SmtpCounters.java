package org.stripwatch.sensor.smtp;

/** Counters of one conversation (single-threaded, like the parsers). */
public final class SmtpCounters {
    private final long[] counts = new long[SmtpCounter.values().length];
    private final long[] anomalies = new long[SmtpAnomaly.values().length];

    public long get(SmtpCounter counter) {
        return counts[counter.ordinal()];
    }

    public long anomalies(SmtpAnomaly anomaly) {
        return anomalies[anomaly.ordinal()];
    }

    void add(SmtpCounter counter, long n) {
        counts[counter.ordinal()] += n;
    }

    void increment(SmtpCounter counter) {
        counts[counter.ordinal()]++;
    }

    /** Returns the new count of this anomaly. */
    long countAnomaly(SmtpAnomaly anomaly) {
        return ++anomalies[anomaly.ordinal()];
    }
}
