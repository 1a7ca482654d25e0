package org.stripwatch.sensor.decode;

import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Reassembles IPv4 (RFC 791 §3.2) and IPv6 (RFC 8200 §4.5) fragments into whole IP payloads.
 *
 * <p><b>Overlap policy: first-seen data wins.</b> Bytes already received are never replaced; a later
 * fragment only fills holes. An overlap that repeats the same bytes is counted as
 * {@code ip_fragment_overlap}; one that carries different bytes as {@code ip_fragment_overlap_conflict}
 * (Ptacek &amp; Newsham 1998 §4: end hosts differ in which copy they keep, so the conflict itself is
 * the evidence; RFC 5722 has IPv6 hosts drop such datagrams). The first final fragment fixes the
 * datagram's length; a later final fragment with another end, or data past that end, is dropped as
 * {@code ip_fragment_end_conflict}. The IP facts reported for the datagram (TTL, next header) are
 * those of the first-seen offset-0 fragment.
 *
 * <p>Bounded: at most {@code maxFragmentedDatagrams} datagrams, {@code maxFragmentsPerDatagram}
 * disjoint received ranges each, {@code maxDatagramBytes} per datagram and {@code fragmentMemcap}
 * bytes in all; a fragment that would exceed a limit is dropped and counted. Datagrams expire
 * {@code fragmentTimeoutNanos} of packet time after their first fragment. Expiry walks datagrams in
 * arrival order and stops at the first live one, so packet time going backwards delays expiry but
 * never grows memory past the limits.
 */
final class IpDefragmenter {
    /** Per-datagram bookkeeping charged against the memcap besides the data array. */
    static final int OVERHEAD_BYTES = 128;
    private static final int INITIAL_CAPACITY = 2048;

    private final DecoderConfig config;
    private final Counters counters;
    private final LinkedHashMap<Key, Datagram> datagrams = new LinkedHashMap<>();
    private long memoryInUse;

    IpDefragmenter(DecoderConfig config, Counters counters) {
        this.config = config;
        this.counters = counters;
    }

    /** RFC 791 §3.2 keys on (src, dst, protocol, id); RFC 8200 §4.5 on (src, dst, id): protocol 0 there. */
    record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, int protocol, int id) {
    }

    /** A datagram under reassembly; once complete, {@link #data} holds {@link #length} payload bytes. */
    static final class Datagram {
        final Key key;
        final long firstSeenNanos;
        byte[] data;
        int length = -1;
        int ttl = -1;
        int nextHeader = -1;
        /** Some overlap carried different bytes (first-seen kept). */
        boolean conflict;
        private int[] starts = new int[4];
        private int[] ends = new int[4];
        private int ranges;

        Datagram(Key key, long firstSeenNanos, int capacity) {
            this.key = key;
            this.firstSeenNanos = firstSeenNanos;
            this.data = new byte[capacity];
        }

        boolean complete() {
            return length >= 0 && ranges == 1 && starts[0] == 0 && ends[0] == length;
        }

        long charge() {
            return data.length + OVERHEAD_BYTES + 8L * starts.length;
        }
    }

    long memoryInUse() {
        return memoryInUse;
    }

    int datagramsInUse() {
        return datagrams.size();
    }

    /** Gives up datagrams whose first fragment is older than the timeout, in arrival order. */
    void expire(long nowNanos) {
        if (datagrams.isEmpty()) return;
        Iterator<Datagram> it = datagrams.values().iterator();
        while (it.hasNext()) {
            Datagram d = it.next();
            if (nowNanos - d.firstSeenNanos < config.fragmentTimeoutNanos()) return;
            it.remove();
            memoryInUse -= d.charge();
            counters.anomaly(DecodeAnomaly.IP_FRAGMENT_TIMEOUT);
        }
    }

    /**
     * Adds one fragment's data ({@code length} bytes at {@code b[dataOffset]}, fragment offset
     * {@code fragOffset} in bytes). {@code ttl} and {@code nextHeader} are kept from the offset-0
     * fragment. Returns the completed datagram (already removed, memory released), or null.
     */
    Datagram offer(Key key, long nowNanos, ByteBuf b, int dataOffset, int length, int fragOffset, boolean more,
                   int ttl, int nextHeader) {
        int end = fragOffset + length;
        if (more && (length == 0 || (length & 7) != 0)) return drop(DecodeAnomaly.IP_FRAGMENT_BAD_LENGTH);
        if (end > config.maxDatagramBytes()) return drop(DecodeAnomaly.IP_FRAGMENT_OVERSIZED);
        Datagram d = datagrams.get(key);
        if (d == null) {
            d = open(key, nowNanos, end);
            if (d == null) return null;
        }
        if (!endConsistent(d, end, more)) return drop(DecodeAnomaly.IP_FRAGMENT_END_CONFLICT);
        if (!rangeFits(d, fragOffset, end) || !ensureCapacity(d, end)) return drop(DecodeAnomaly.IP_FRAGMENT_LIMIT);
        if (!more) d.length = end;
        if (fragOffset == 0 && d.ttl < 0) {
            d.ttl = ttl;
            d.nextHeader = nextHeader;
        }
        merge(d, b, dataOffset, fragOffset, end);
        if (!d.complete()) return null;
        datagrams.remove(key);
        memoryInUse -= d.charge();
        return d;
    }

    private Datagram open(Key key, long nowNanos, int end) {
        if (datagrams.size() >= config.maxFragmentedDatagrams()) return drop(DecodeAnomaly.IP_FRAGMENT_LIMIT);
        int capacity = Math.min(config.maxDatagramBytes(), Math.max(INITIAL_CAPACITY, end));
        Datagram d = new Datagram(key, nowNanos, 0);
        if (memoryInUse + d.charge() + capacity > config.fragmentMemcap()) {
            return drop(DecodeAnomaly.IP_FRAGMENT_LIMIT);
        }
        d.data = new byte[capacity];
        datagrams.put(key, d);
        memoryInUse += d.charge();
        return d;
    }

    private Datagram drop(DecodeAnomaly a) {
        counters.anomaly(a);
        return null;
    }

    /** The first final fragment fixes the end (first-seen wins); nothing may reach past it. */
    private static boolean endConsistent(Datagram d, int end, boolean more) {
        if (d.length >= 0) return more ? end <= d.length : end == d.length;
        return more || d.ranges == 0 || d.ends[d.ranges - 1] <= end;
    }

    /** False when the fragment would add a disjoint range beyond maxFragmentsPerDatagram. */
    private boolean rangeFits(Datagram d, int start, int end) {
        if (d.ranges < config.maxFragmentsPerDatagram()) return true;
        for (int i = 0; i < d.ranges; i++) {
            if (d.starts[i] <= end && start <= d.ends[i]) return true;
        }
        return false;
    }

    private boolean ensureCapacity(Datagram d, int end) {
        int needRanges = d.ranges + 1;
        int newRangeCap = needRanges > d.starts.length ? Math.max(needRanges, d.starts.length * 2) : d.starts.length;
        int newDataCap = end > d.data.length ? Math.min(config.maxDatagramBytes(), Math.max(end, d.data.length * 2))
                : d.data.length;
        long growth = (newDataCap - d.data.length) + 8L * (newRangeCap - d.starts.length);
        if (growth == 0) return true;
        if (memoryInUse + growth > config.fragmentMemcap()) return false;
        memoryInUse += growth;
        if (newDataCap != d.data.length) d.data = java.util.Arrays.copyOf(d.data, newDataCap);
        if (newRangeCap != d.starts.length) {
            d.starts = java.util.Arrays.copyOf(d.starts, newRangeCap);
            d.ends = java.util.Arrays.copyOf(d.ends, newRangeCap);
        }
        return true;
    }

    /** Compares overlaps with what is held, copies only into holes, then merges the range list. */
    private void merge(Datagram d, ByteBuf b, int dataOffset, int start, int end) {
        int pos = start;
        boolean overlap = false, conflict = false;
        for (int i = 0; i < d.ranges && pos < end; i++) {
            int rs = d.starts[i], re = d.ends[i];
            if (re <= pos) continue;
            if (rs >= end) break;
            if (rs > pos) copy(d, b, dataOffset, start, pos, rs);
            int os = Math.max(rs, pos), oe = Math.min(re, end);
            overlap = true;
            conflict |= differs(d, b, dataOffset, start, os, oe);
            pos = oe;
        }
        if (pos < end) copy(d, b, dataOffset, start, pos, end);
        d.conflict |= conflict;
        if (conflict) counters.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP_CONFLICT);
        else if (overlap) counters.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP);
        insertRange(d, start, end);
    }

    private static void copy(Datagram d, ByteBuf b, int dataOffset, int fragStart, int from, int to) {
        b.getBytes(dataOffset + (from - fragStart), d.data, from, to - from);
    }

    private static boolean differs(Datagram d, ByteBuf b, int dataOffset, int fragStart, int from, int to) {
        for (int i = from; i < to; i++) {
            if (d.data[i] != b.getByte(dataOffset + (i - fragStart))) return true;
        }
        return false;
    }

    /** Inserts [start, end) into the sorted disjoint range list, merging touching ranges. */
    private static void insertRange(Datagram d, int start, int end) {
        int i = 0;
        while (i < d.ranges && d.ends[i] < start) i++;
        int j = i;
        int s = start, e = end;
        while (j < d.ranges && d.starts[j] <= end) {
            s = Math.min(s, d.starts[j]);
            e = Math.max(e, d.ends[j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            System.arraycopy(d.starts, i, d.starts, i + 1, d.ranges - i);
            System.arraycopy(d.ends, i, d.ends, i + 1, d.ranges - i);
            d.ranges++;
        } else if (removed > 1) {
            System.arraycopy(d.starts, j, d.starts, i + 1, d.ranges - j);
            System.arraycopy(d.ends, j, d.ends, i + 1, d.ranges - j);
            d.ranges -= removed - 1;
        }
        d.starts[i] = s;
        d.ends[i] = e;
    }
}
