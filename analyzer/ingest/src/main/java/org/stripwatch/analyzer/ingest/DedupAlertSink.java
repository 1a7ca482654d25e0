package org.stripwatch.analyzer.ingest;

import java.util.Objects;
import org.stripwatch.schemas.Alert;

/** Passes each alert id once to the wrapped sink; duplicates (redeliveries) are counted and dropped. */
public final class DedupAlertSink implements AlertSink {
    private final AlertSink delegate;
    private final AlertDeduplicator dedup;

    public DedupAlertSink(AlertSink delegate, AlertDeduplicator dedup) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.dedup = Objects.requireNonNull(dedup, "dedup");
    }

    public DedupAlertSink(AlertSink delegate) {
        this(delegate, new AlertDeduplicator());
    }

    @Override
    public void accept(Alert alert) {
        if (dedup.firstTime(alert.getAlertId())) {
            delegate.accept(alert);
        }
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    public AlertDeduplicator deduplicator() {
        return dedup;
    }
}
