package org.stripwatch.analyzer.core.baseline;

import java.io.IOException;

/**
 * Where per-server analyzer state lives: the embedded file store ({@link FileStateStore}), memory
 * ({@link InMemoryStateStore}) or, in Kafka mode, a Streams key-value store that follows the partition (the
 * sessions topic is keyed by server address, the same key). The analyzer reads a state, changes it for one
 * record and puts it back; a store may hand out its own object (no copy).
 */
public interface StateStore extends AutoCloseable {
    /** The state for {@code key}, or null if none is known (or it expired). */
    ServerState get(String key);

    void put(String key, ServerState state);

    /** Makes everything put so far durable (no-op for memory). */
    void flush() throws IOException;

    /** A snapshot of the keys (for draining held alerts at the end of a replay). */
    java.util.List<String> keys();

    /** Number of servers held. */
    int size();

    @Override
    void close() throws IOException;
}
