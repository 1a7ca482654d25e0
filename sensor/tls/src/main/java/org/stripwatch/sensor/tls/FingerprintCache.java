package org.stripwatch.sensor.tls;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JA3 (string and MD5) and JA4 by the ClientHello fields they are computed from, JA3S by the ServerHello's. A sending MTA
 * offers the same hello to every server (only random, session id and key shares change, and none
 * of them is fingerprinted), so a busy sensor computes the same strings, an MD5 and two SHA-256
 * digests for every session. The values are pure functions of the key, so a hit is exactly what a
 * miss computes. Bounded ({@link #MAX_ENTRIES}, least recently used evicted); thread-safe.
 */
final class FingerprintCache {
    static final int MAX_ENTRIES = 512;

    /** The fields JA3 and JA4 read (lists as parsed, GREASE included: the functions drop it). */
    record Key(int legacyVersion, List<Integer> ciphers, List<Integer> extensions, List<Integer> groups,
               List<Integer> pointFormats, List<Integer> versions, List<Integer> sigAlgs, AlpnBytes firstAlpn) {}

    /** The first ALPN value's bytes, compared by content. */
    record AlpnBytes(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof AlpnBytes a && Arrays.equals(bytes, a.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }

    record Prints(String ja3, String ja3Md5, String ja4) {}

    /** The fields JA3S reads: a server answers every client with the same ServerHello shape. */
    record ServerKey(int legacyVersion, int cipher, List<Integer> extensions) {}

    record ServerPrints(String ja3s, String ja3sMd5) {}

    private final Map<Key, Prints> entries = new LinkedHashMap<>(128, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Prints> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private final Map<ServerKey, ServerPrints> servers = new LinkedHashMap<>(128, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ServerKey, ServerPrints> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    synchronized ServerPrints get(ServerKey key) {
        return servers.get(key);
    }

    synchronized void put(ServerKey key, ServerPrints prints) {
        servers.put(key, prints);
    }

    synchronized Prints get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Prints prints) {
        entries.put(key, prints);
    }
}
