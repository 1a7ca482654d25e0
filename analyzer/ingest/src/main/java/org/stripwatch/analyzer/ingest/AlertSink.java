package org.stripwatch.analyzer.ingest;

import org.stripwatch.schemas.Alert;

/**
 * A local output for alerts (JSON lines file, syslog, the console). Called on the consuming thread; the
 * consumer commits offsets only after {@link #flush()} returned, so a sink that buffers must write in flush.
 * Alerts may be delivered again after a crash or rebalance: wrap a sink in {@link DedupAlertSink}.
 */
public interface AlertSink {
    void accept(Alert alert);

    /** Makes everything accepted so far durable. Default: nothing to do. */
    default void flush() {
    }

    /** A sink that drops everything. */
    static AlertSink none() {
        return a -> { };
    }
}
