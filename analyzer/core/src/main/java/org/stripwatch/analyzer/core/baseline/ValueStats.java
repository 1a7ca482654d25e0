package org.stripwatch.analyzer.core.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * What is known about one value of one feature of one server (a certificate fingerprint, a capability set...).
 * A mutable persistence object owned by one {@link ServerState}; only the baseline code changes it.
 */
public final class ValueStats {
    /** Every session that showed the value. */
    public long sessions;
    /** Sessions that counted towards learning (at most {@link BaselineConfig#maxPerWindow()} per window). */
    public long counted;
    public long firstSeen;
    public long lastSeen;
    public long windowStart;
    public int windowCount;
    /** Short hashes of distinct clients, at most {@link BaselineConfig#maxClientsTracked()}. */
    public List<String> clients = new ArrayList<>();

    /** Established: persistent over time, across clients, with enough (capped) sessions. */
    public boolean established(BaselineConfig c) {
        return counted >= c.minSessions() && lastSeen - firstSeen >= c.minPersistence().toNanos() / 1000
                && clients.size() >= c.minClients();
    }

    void observe(long t, String client, BaselineConfig c) {
        if (sessions == 0) firstSeen = t;
        sessions++;
        lastSeen = Math.max(lastSeen, t);
        if (t - windowStart >= c.windowMicros() || t < windowStart) {
            windowStart = t;
            windowCount = 0;
        }
        if (windowCount < c.maxPerWindow()) {
            windowCount++;
            counted++;
        }
        // Size first: a busy value has its clients list full, and then no scan is needed.
        if (clients.size() < c.maxClientsTracked() && !clients.contains(client)) clients.add(client);
    }
}
