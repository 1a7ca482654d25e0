package org.stripwatch.analyzer.ingest;

import java.util.Objects;
import java.util.function.Consumer;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

/**
 * The embedded (no broker) path: {@code replay} hands each session record straight to the same
 * {@link RecordProcessor} the Kafka consumer uses, and its alerts to the local sink.
 */
public final class EmbeddedIngest implements Consumer<SessionRecord> {
    private final RecordProcessor processor;
    private final AlertSink sink;

    public EmbeddedIngest(RecordProcessor processor, AlertSink sink) {
        this.processor = Objects.requireNonNull(processor, "processor");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    @Override
    public void accept(SessionRecord session) {
        for (Alert a : processor.process(session)) {
            sink.accept(a);
        }
    }

    /** Call at the end of the input. */
    public void flush() {
        sink.flush();
    }
}
