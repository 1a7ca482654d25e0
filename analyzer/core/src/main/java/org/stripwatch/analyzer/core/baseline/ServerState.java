package org.stripwatch.analyzer.core.baseline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the analyzer keeps about one receiving server (key: address and port, or MX name and port): the
 * learned baseline per feature, tampered TLS attempts awaiting a possible cleartext retry, and recently processed
 * session keys (redelivery). Mutable persistence object: read from a {@link StateStore}, changed by the analyzer
 * for one record, written back.
 */
public final class ServerState {
    public long firstSeen;
    public long lastSeen;
    public long sessions;
    public long counted;
    public long windowStart;
    public int windowCount;
    /** feature name to value to stats; see {@link Baseline} for the feature names. */
    public Map<String, Map<String, ValueStats>> features = new LinkedHashMap<>();
    /** Tampered attempts, oldest first. */
    public List<PendingAttempt> attempts = new ArrayList<>();
    /** Recently processed session keys, oldest first. */
    public List<String> recent = new ArrayList<>();
    /**
     * The keys of {@link #recent} as a set, built on first use (not persisted). A linear {@code contains} on
     * 256 keys per record was 8 % of the analyzer's ingest thread (async-profiler, ops/bench/run --kafka).
     * Rebuilt when the list was replaced or its size changed behind the index's back (the field is public,
     * restored by Jackson); change the keys through {@link #rememberRecent}.
     */
    private transient Set<String> recentIndex;
    private transient List<String> recentIndexed;

    /** Whether {@code key} is among the {@link #recent} session keys. */
    public boolean seenRecently(String key) {
        return index().contains(key);
    }

    /** Appends {@code key} to {@link #recent} (if new) and drops the oldest keys beyond {@code max}. */
    public void rememberRecent(String key, int max) {
        Set<String> idx = index();
        if (idx.add(key)) recent.add(key);
        if (recent.size() > max) {
            List<String> gone = recent.subList(0, recent.size() - max);
            gone.forEach(idx::remove);
            gone.clear();
        }
    }

    private Set<String> index() {
        if (recentIndex == null || recentIndexed != recent || recentIndex.size() != recent.size()) {
            recentIndex = new HashSet<>(recent);
            recentIndexed = recent;
        }
        return recentIndex;
    }

    /** A tampered TLS attempt remembered for correlation with the same client's cleartext retry. */
    public static final class PendingAttempt {
        public String clientIp;
        public String sensorId;
        public String connectionId;
        public int clientPort;
        public long start;
        public String alertId;
        public String what;
        public String alertType;
        /** The attempt's own alert (Avro single-object encoding, base64) while held; null once emitted or never held. */
        public String heldAlert;
    }
}
