package org.stripwatch.sensor.reassembly;

import org.stripwatch.sensor.decode.TcpSegment;

/**
 * A connection's key with its endpoints in canonical order (A is the lower address:port), so both
 * directions find the same entry. One mutable instance probes the table; stored keys are copies and
 * never change.
 */
final class FlowKey {
    long aHi, aLo, bHi, bLo;
    int aPort, bPort;
    private int hash;

    /** Fills this probe from a segment; returns true if the segment's source is endpoint A. */
    boolean set(TcpSegment s) {
        int c = compare(s.srcHi(), s.srcLo(), s.srcPort(), s.dstHi(), s.dstLo(), s.dstPort());
        boolean srcIsA = c <= 0;
        if (srcIsA) {
            aHi = s.srcHi(); aLo = s.srcLo(); aPort = s.srcPort();
            bHi = s.dstHi(); bLo = s.dstLo(); bPort = s.dstPort();
        } else {
            aHi = s.dstHi(); aLo = s.dstLo(); aPort = s.dstPort();
            bHi = s.srcHi(); bLo = s.srcLo(); bPort = s.srcPort();
        }
        long h = aHi * 31 + aLo;
        h = h * 31 + bHi;
        h = h * 31 + bLo;
        h = h * 31 + ((long) aPort << 16 | bPort);
        h ^= h >>> 29;
        h *= 0xbf58476d1ce4e5b9L;
        hash = (int) (h ^ (h >>> 32));
        return srcIsA;
    }

    private static int compare(long hi1, long lo1, int p1, long hi2, long lo2, int p2) {
        int c = Long.compareUnsigned(hi1, hi2);
        if (c == 0) c = Long.compareUnsigned(lo1, lo2);
        if (c == 0) c = Integer.compare(p1, p2);
        return c;
    }

    FlowKey copy() {
        FlowKey k = new FlowKey();
        k.aHi = aHi; k.aLo = aLo; k.bHi = bHi; k.bLo = bLo; k.aPort = aPort; k.bPort = bPort; k.hash = hash;
        return k;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowKey k && k.aLo == aLo && k.bLo == bLo && k.aPort == aPort && k.bPort == bPort
                && k.aHi == aHi && k.bHi == bHi;
    }
}
