package org.stripwatch.sensor.session;

import java.util.Map;
import java.util.function.Consumer;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.tls.TlsCounters;

/**
 * Opens an {@link SmtpSession} for every connection to an analysed server port that carries
 * payload (built on its first byte: {@link LazySession}) and hands each finished
 * {@link SessionRecord} to the sink. One per flow table (single-threaded).
 */
public final class SessionAnalysis {
    private final SessionConfig config;
    private final Consumer<SessionRecord> sink;
    private final TlsCounters tlsCounters = new TlsCounters();
    private long sessions;

    public SessionAnalysis(SessionConfig config, Consumer<SessionRecord> sink) {
        this.config = config;
        this.sink = record -> {
            sessions++;
            sink.accept(record);
        };
    }

    /** The handler for {@code connection}, or null when its server port is not analysed. */
    public ConnectionHandler open(Connection connection) {
        if (!config.analyses(connection.server().port())) return null;
        return new LazySession(() -> new SmtpSession(connection, config, tlsCounters, sink));
    }

    public long sessions() {
        return sessions;
    }

    /** The TLS layer's limit counters, by name. */
    public Map<String, Long> tlsCounters() {
        return tlsCounters.snapshot();
    }
}
