package org.stripwatch.analyzer.core.baseline;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded in-memory store (LRU by access), for tests and for a consumer that rebuilds state from the topic. */
public class InMemoryStateStore implements StateStore {
    private final int maxServers;
    protected final LinkedHashMap<String, ServerState> map;
    private long evicted;

    public InMemoryStateStore(int maxServers) {
        if (maxServers < 1) throw new IllegalArgumentException("maxServers " + maxServers);
        this.maxServers = maxServers;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ServerState> e) {
                if (size() <= InMemoryStateStore.this.maxServers) return false;
                evicted++;
                return true;
            }
        };
    }

    public InMemoryStateStore() {
        this(100_000);
    }

    @Override
    public ServerState get(String key) {
        return map.get(key);
    }

    @Override
    public void put(String key, ServerState state) {
        map.put(key, state);
    }

    @Override
    public void flush() throws java.io.IOException {
    }

    @Override
    public java.util.List<String> keys() {
        return new java.util.ArrayList<>(map.keySet());
    }

    @Override
    public int size() {
        return map.size();
    }

    /** Servers dropped because the store was full (the limit's counter). */
    public long evicted() {
        return evicted;
    }

    @Override
    public void close() throws java.io.IOException {
    }
}
