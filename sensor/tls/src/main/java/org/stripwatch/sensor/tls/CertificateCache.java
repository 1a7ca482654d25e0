package org.stripwatch.sensor.tls;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a certificate's DER says, by the DER itself, for the certificates the sensor saw last.
 *
 * <p>A mail server sends the same chain to every client, so a busy sensor parses the same few
 * certificates thousands of times; the parse (X.509 decoding, names, and for a self-issued
 * certificate an ECDSA/RSA signature check) is by far the most expensive step of a TLS 1.2
 * session. Zeek caches X.509 results by hash for the same reason ({@code X509::caching_required_encounters}).
 * The entries are pure functions of the DER, so a hit is exactly what a miss would compute. The key
 * is the DER (hash and equality over its bytes), so a hit costs no SHA-256.
 * Bounded ({@link #MAX_ENTRIES}, least recently used evicted); thread-safe (sharded workers share it).
 */
final class CertificateCache {
    /** About 2 KiB each: a 1024-entry cache stays near 2 MiB. */
    static final int MAX_ENTRIES = 1024;

    private final Map<Der, CertificateInfo> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, CertificateInfo> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** A certificate's bytes as a map key. */
    private record Der(byte[] bytes, int hash) {
        static Der of(byte[] der) {
            return new Der(der, Arrays.hashCode(der));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Der d && hash == d.hash && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    synchronized CertificateInfo get(byte[] der) {
        return entries.get(Der.of(der));
    }

    synchronized void put(byte[] der, CertificateInfo info) {
        entries.put(Der.of(der), info);
    }
}
