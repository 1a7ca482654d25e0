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

    /** A hit: the cached facts (without position or kept DER) and the cache's own copy of the DER. */
    record Hit(CertificateInfo info, byte[] der) {}

    private final Map<Der, Hit> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Der, Hit> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** A certificate's bytes as a map key: a range of a handshake message on lookup, a whole array when stored. */
    private record Der(byte[] bytes, int from, int to, int hash) {
        static Der of(byte[] buf, int from, int to) {
            int h = 1;
            for (int i = from; i < to; i++) h = 31 * h + buf[i];
            return new Der(buf, from, to, h);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Der d && hash == d.hash && Arrays.equals(bytes, from, to, d.bytes, d.from, d.to);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The entry for the DER in {@code buf[from, to)}, or null; no copy is made for the lookup. */
    synchronized Hit get(byte[] buf, int from, int to) {
        return entries.get(Der.of(buf, from, to));
    }

    /** Caches {@code info} for {@code der}, which the cache then owns (nobody may change it). */
    synchronized void put(byte[] der, CertificateInfo info) {
        entries.put(Der.of(der, 0, der.length), new Hit(info, der));
    }
}
