package org.stripwatch.sensor.session;

import java.util.LinkedHashMap;
import java.util.Map;
import org.stripwatch.sensor.smtp.SmtpCounter;
import org.stripwatch.sensor.smtp.SmtpCounters;
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
    /** SMTP counters of every finished session, summed: each conversation's limits hit, by SmtpCounter. */
    private final long[] smtpTotals = new long[SmtpCounter.values().length];
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
        return new LazySession(() -> new SmtpSession(connection, config, tlsCounters, this::absorb, sink));
    }

    public long sessions() {
        return sessions;
    }

    /** Adds one finished conversation's counters to the totals. */
    private void absorb(SmtpCounters c) {
        for (SmtpCounter k : SmtpCounter.values()) smtpTotals[k.ordinal()] += c.get(k);
    }

    /**
     * The SMTP layer's counters over all finished sessions, by wire name (volumes, and every
     * SmtpConfig limit hit: {@code line_bytes_discarded}, {@code pending_commands_dropped}, ...).
     */
    public Map<String, Long> smtpCounters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (SmtpCounter k : SmtpCounter.values()) m.put(k.wireName(), smtpTotals[k.ordinal()]);
        return m;
    }

    /** The TLS layer's limit counters, by name. */
    public Map<String, Long> tlsCounters() {
        return tlsCounters.snapshot();
    }
}
