package org.stripwatch.analyzer.ingest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the last {@code capacity} alert ids (least recently seen evicted) and says whether an id is new.
 * Redeliveries come within a consumer's uncommitted window (at most a few poll batches), so a bounded memory
 * suffices; the bound is the documented limit and {@link #evicted()} its counter. Thread-safe.
 */
public final class AlertDeduplicator {
    /** Default capacity: far more than the alerts of any uncommitted window. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Map<String, Boolean> seen;
    private long duplicates;
    private long evicted;

    public AlertDeduplicator(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                if (size() > AlertDeduplicator.this.capacity) {
                    evicted++;
                    return true;
                }
                return false;
            }
        };
    }

    public AlertDeduplicator() {
        this(DEFAULT_CAPACITY);
    }

    /** True the first time {@code alertId} is seen (within the memory bound), false for a duplicate. */
    public synchronized boolean firstTime(String alertId) {
        if (seen.put(alertId, Boolean.TRUE) != null) {
            duplicates++;
            return false;
        }
        return true;
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized long evicted() {
        return evicted;
    }

    public int capacity() {
        return capacity;
    }
}
