package org.stripwatch.sensor.tls;

/**
 * Limits of the TLS handshake parser, one object per sensor. Every limit has a finite default and a
 * counter in {@link TlsCounters} that is incremented when it is hit.
 *
 * @param maxHandshakeMessageBytes largest handshake message that is reassembled and parsed (the
 *     uint24 length of RFC 8446 §4 allows 16 MiB). Certificate chains are the large case: 128 KiB
 *     by default, like Netty's {@code SslClientHelloHandler} bound but sized for chains.
 * @param maxCertificates certificates parsed per chain (RFC 5246 §7.4.2 puts no limit on it)
 * @param maxCertificateDerBytes total DER bytes kept per connection for later DANE matching; a
 *     certificate over the budget is still parsed and hashed, its DER is not kept
 * @param maxListItems items kept per list (cipher suites, extensions, groups, ...)
 * @param maxAlerts alerts kept per connection
 * @param maxAnomalies anomalies kept per connection
 * @param maxHistoryChars length of the history string
 * @param maxFirstFlightRecords encrypted record sizes kept from the server's first TLS 1.3 flight
 * @param recordsAfterCompletion records each direction still parses after the handshake is complete
 *     before the parser calls {@code stopPayload()}
 * @param notTlsPrefixBytes bytes of a non-TLS stream start kept as evidence
 * @param maxNameChars length of an SNI host name or ALPN protocol kept (RFC 6066 §3: up to 2^16-1)
 */
public record TlsConfig(
        int maxHandshakeMessageBytes,
        int maxCertificates,
        int maxCertificateDerBytes,
        int maxListItems,
        int maxAlerts,
        int maxAnomalies,
        int maxHistoryChars,
        int maxFirstFlightRecords,
        int recordsAfterCompletion,
        int notTlsPrefixBytes,
        int maxNameChars) {

    public static final TlsConfig DEFAULTS =
            new TlsConfig(128 * 1024, 10, 256 * 1024, 256, 16, 32, 64, 32, 2, 32, 255);

    public TlsConfig {
        requireRange("maxHandshakeMessageBytes", maxHandshakeMessageBytes, 64, 16 * 1024 * 1024);
        requireRange("maxCertificates", maxCertificates, 0, 1000);
        requireRange("maxCertificateDerBytes", maxCertificateDerBytes, 0, 64 * 1024 * 1024);
        requireRange("maxListItems", maxListItems, 1, 65536);
        requireRange("maxAlerts", maxAlerts, 0, 10000);
        requireRange("maxAnomalies", maxAnomalies, 0, 10000);
        requireRange("maxHistoryChars", maxHistoryChars, 1, 10000);
        requireRange("maxFirstFlightRecords", maxFirstFlightRecords, 0, 10000);
        requireRange("recordsAfterCompletion", recordsAfterCompletion, 0, 1_000_000);
        requireRange("notTlsPrefixBytes", notTlsPrefixBytes, 0, 4096);
        requireRange("maxNameChars", maxNameChars, 1, 65535);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }
}
