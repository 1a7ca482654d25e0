package org.stripwatch.sensor.tls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sensor-wide counters of the TLS parser: one per limit of {@link TlsConfig} plus the anomaly
 * outcomes an operator wants to graph; and the parser's two bounded caches of pure results
 * (certificates, fingerprints). Shared by all connections; thread-safe.
 */
public final class TlsCounters {
    final LongAdder connections = new LongAdder();
    final LongAdder recordsParsed = new LongAdder();
    final LongAdder encryptedBytesSkipped = new LongAdder();
    final LongAdder handshakeMessageTooLarge = new LongAdder();
    final LongAdder certificatesOverLimit = new LongAdder();
    final LongAdder certificateDerOverBudget = new LongAdder();
    final LongAdder listItemsOverLimit = new LongAdder();
    final LongAdder alertsOverLimit = new LongAdder();
    final LongAdder anomaliesOverLimit = new LongAdder();
    final LongAdder historyOverLimit = new LongAdder();
    final LongAdder firstFlightOverLimit = new LongAdder();
    final LongAdder namesTruncated = new LongAdder();
    final LongAdder notTls = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder certificateCacheHits = new LongAdder();
    /** Parsed certificates by hash: shared by all connections like the counters (see {@link CertificateCache}). */
    final CertificateCache certificateCache = new CertificateCache();
    /** JA3/JA4 by the hello fields they read: shared like the certificate cache (see {@link FingerprintCache}). */
    final FingerprintCache fingerprintCache = new FingerprintCache();

    /** A snapshot by stable snake_case name, for metrics export. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("connections", connections.sum());
        m.put("records_parsed", recordsParsed.sum());
        m.put("encrypted_bytes_skipped", encryptedBytesSkipped.sum());
        m.put("handshake_message_too_large", handshakeMessageTooLarge.sum());
        m.put("certificates_over_limit", certificatesOverLimit.sum());
        m.put("certificate_der_over_budget", certificateDerOverBudget.sum());
        m.put("list_items_over_limit", listItemsOverLimit.sum());
        m.put("alerts_over_limit", alertsOverLimit.sum());
        m.put("anomalies_over_limit", anomaliesOverLimit.sum());
        m.put("history_over_limit", historyOverLimit.sum());
        m.put("first_flight_over_limit", firstFlightOverLimit.sum());
        m.put("names_truncated", namesTruncated.sum());
        m.put("not_tls", notTls.sum());
        m.put("malformed", malformed.sum());
        m.put("gaps", gaps.sum());
        m.put("certificate_cache_hits", certificateCacheHits.sum());
        return Map.copyOf(m);
    }

    public long get(String name) {
        return snapshot().getOrDefault(name, 0L);
    }
}
