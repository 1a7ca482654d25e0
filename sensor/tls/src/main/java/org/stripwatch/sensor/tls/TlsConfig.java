package org.stripwatch.sensor.tls;

/**
 * Limits of the TLS handshake parser, one object per sensor. Every limit has a finite default and a
 * counter in {@link TlsCounters} that is incremented when it is hit.
 *
 * @param maxHandshakeMessageBytes largest handshake message that is reassembled and parsed, other
 *     than Certificate (the uint24 length of RFC 8446 §4 allows 16 MiB); 64 KiB, the most a
 *     ClientHello with all its extensions can need (RFC 8446 §4.1.2: extensions {@code <8..2^16-1>}),
 *     like Netty's {@code SslClientHelloHandler} bound
 * @param maxCertificateMessageBytes the same for the Certificate message: chains are the large
 *     case, 128 KiB by default
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
        int maxCertificateMessageBytes,
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
            new TlsConfig(64 * 1024, 128 * 1024, 10, 256 * 1024, 256, 16, 32, 64, 32, 2, 32, 255);

    public TlsConfig {
        requireRange("maxHandshakeMessageBytes", maxHandshakeMessageBytes, 64, 16 * 1024 * 1024);
        requireRange("maxCertificateMessageBytes", maxCertificateMessageBytes, 64, 16 * 1024 * 1024);
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

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** Changes some limits, keeps the rest. */
    public static final class Builder {
        private int maxHandshakeMessageBytes;
        private int maxCertificateMessageBytes;
        private int maxCertificates;
        private int maxCertificateDerBytes;
        private int maxListItems;
        private int maxAlerts;
        private int maxAnomalies;
        private int maxHistoryChars;
        private int maxFirstFlightRecords;
        private int recordsAfterCompletion;
        private int notTlsPrefixBytes;
        private int maxNameChars;

        private Builder(TlsConfig c) {
            maxHandshakeMessageBytes = c.maxHandshakeMessageBytes;
            maxCertificateMessageBytes = c.maxCertificateMessageBytes;
            maxCertificates = c.maxCertificates;
            maxCertificateDerBytes = c.maxCertificateDerBytes;
            maxListItems = c.maxListItems;
            maxAlerts = c.maxAlerts;
            maxAnomalies = c.maxAnomalies;
            maxHistoryChars = c.maxHistoryChars;
            maxFirstFlightRecords = c.maxFirstFlightRecords;
            recordsAfterCompletion = c.recordsAfterCompletion;
            notTlsPrefixBytes = c.notTlsPrefixBytes;
            maxNameChars = c.maxNameChars;
        }

        public Builder maxHandshakeMessageBytes(int v) {
            maxHandshakeMessageBytes = v;
            return this;
        }

        public Builder maxCertificateMessageBytes(int v) {
            maxCertificateMessageBytes = v;
            return this;
        }

        public Builder maxCertificates(int v) {
            maxCertificates = v;
            return this;
        }

        public Builder maxCertificateDerBytes(int v) {
            maxCertificateDerBytes = v;
            return this;
        }

        public Builder maxListItems(int v) {
            maxListItems = v;
            return this;
        }

        public Builder maxAlerts(int v) {
            maxAlerts = v;
            return this;
        }

        public Builder maxAnomalies(int v) {
            maxAnomalies = v;
            return this;
        }

        public Builder maxHistoryChars(int v) {
            maxHistoryChars = v;
            return this;
        }

        public Builder maxFirstFlightRecords(int v) {
            maxFirstFlightRecords = v;
            return this;
        }

        public Builder recordsAfterCompletion(int v) {
            recordsAfterCompletion = v;
            return this;
        }

        public Builder notTlsPrefixBytes(int v) {
            notTlsPrefixBytes = v;
            return this;
        }

        public Builder maxNameChars(int v) {
            maxNameChars = v;
            return this;
        }

        public TlsConfig build() {
            return new TlsConfig(maxHandshakeMessageBytes, maxCertificateMessageBytes, maxCertificates, maxCertificateDerBytes, maxListItems, maxAlerts, maxAnomalies, maxHistoryChars, maxFirstFlightRecords, recordsAfterCompletion, notTlsPrefixBytes, maxNameChars);
        }
    }
}
