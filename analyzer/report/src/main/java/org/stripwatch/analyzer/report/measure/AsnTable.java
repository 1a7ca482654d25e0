package org.stripwatch.analyzer.report.measure;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * An immutable IP-to-AS/country table for longest-prefix lookups: the loaded ranges and prefixes are flattened
 * once into disjoint, sorted ranges (the most specific entry wins where they nest, as in BGP longest-prefix
 * match), kept in parallel primitive arrays, and searched by binary search: O(log n), no allocation per lookup.
 * Load with {@link AsnTableLoader}.
 */
public final class AsnTable {
    private static final AsnTable EMPTY = new AsnTable(new long[0], new long[0], new long[0], new long[0], new AsInfo[0]);
    private final long[] startHi, startLo, endHi, endLo;
    private final AsInfo[] info;

    private AsnTable(long[] startHi, long[] startLo, long[] endHi, long[] endLo, AsInfo[] info) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
        this.info = info;
    }

    public static AsnTable empty() {
        return EMPTY;
    }

    /** One loaded line: an inclusive range and what it maps to; {@code order} breaks ties (later lines win). */
    record Entry(IpKey start, IpKey end, AsInfo info, long order) {
    }

    /** Flattens possibly nested entries into disjoint ranges; the innermost (most specific) entry wins. */
    static AsnTable build(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::start).thenComparing(Entry::end, Comparator.reverseOrder())
                .thenComparingLong(Entry::order));
        List<Entry> out = new ArrayList<>();
        Deque<Entry> open = new ArrayDeque<>();
        // First address not yet emitted; null once the end of the address space has been emitted.
        IpKey cursor = sorted.isEmpty() ? null : sorted.get(0).start();
        for (Entry e : sorted) {
            while (!open.isEmpty() && open.peek().end().compareTo(e.start()) < 0) cursor = close(open.pop(), cursor, out);
            if (!open.isEmpty() && cursor != null && cursor.compareTo(e.start()) < 0) {
                out.add(new Entry(cursor, e.start().minusOne(), open.peek().info(), 0));
            }
            if (cursor != null && cursor.compareTo(e.start()) < 0) cursor = e.start(); // a gap nothing maps

            open.push(e);
        }
        while (!open.isEmpty()) cursor = close(open.pop(), cursor, out);
        return pack(out);
    }

    /** Emits what is left of {@code e} from the cursor to its end; returns the new cursor. */
    private static IpKey close(Entry e, IpKey cursor, List<Entry> out) {
        if (cursor == null || cursor.compareTo(e.end()) > 0) return cursor; // fully covered by inner entries
        out.add(new Entry(cursor, e.end(), e.info(), 0));
        return e.end().isMax() ? null : e.end().plusOne();
    }

    private static AsnTable pack(List<Entry> ranges) {
        int n = ranges.size();
        long[] sh = new long[n], sl = new long[n], eh = new long[n], el = new long[n];
        AsInfo[] in = new AsInfo[n];
        for (int i = 0; i < n; i++) {
            Entry r = ranges.get(i);
            sh[i] = r.start().hi();
            sl[i] = r.start().lo();
            eh[i] = r.end().hi();
            el[i] = r.end().lo();
            in[i] = r.info();
        }
        return new AsnTable(sh, sl, eh, el, in);
    }

    /** The entry covering the address, or {@code null}. */
    public AsInfo lookup(IpKey k) {
        if (k == null) return null;
        int lo = 0, hi = info.length - 1, found = -1;
        while (lo <= hi) { // last range whose start <= k
            int mid = (lo + hi) >>> 1;
            if (IpKey.compare(startHi[mid], startLo[mid], k.hi(), k.lo()) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0 || IpKey.compare(k.hi(), k.lo(), endHi[found], endLo[found]) > 0) return null;
        return info[found];
    }

    public AsInfo lookup(byte[] ip) {
        return lookup(IpKey.of(ip));
    }

    public AsInfo lookup(ByteBuffer ip) {
        return lookup(IpKey.of(ip));
    }

    /** Number of disjoint ranges after flattening. */
    public int ranges() {
        return info.length;
    }

    public boolean isEmpty() {
        return info.length == 0;
    }
}
