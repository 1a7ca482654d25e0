package org.stripwatch.analyzer.report.measure;

import java.nio.ByteBuffer;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.SessionRecord;

/**
 * Deterministic 1-in-N sampling of sessions by connection key (client address and port, server address and
 * port, start in microseconds): the same connection is kept or dropped on every sensor and every rerun, so two
 * vantage points of one link sample the same sessions, and a sample of a sample is well defined. The key is
 * hashed with 64-bit FNV-1a followed by MurmurHash3's fmix64 finaliser (FNV alone spreads low bits poorly), and
 * a session is kept when the hash is 0 modulo N. Hash-based sampling of flows is the "hash-based selection" of
 * RFC 5475 §6.2.
 */
public record Sampler(int oneIn) {
    public static final Sampler ALL = new Sampler(1);

    public Sampler {
        if (oneIn < 1) throw new IllegalArgumentException("sampling is 1 in N with N >= 1, got " + oneIn);
    }

    public boolean keep(SessionRecord s) {
        return oneIn == 1 || Long.remainderUnsigned(hash(s), oneIn) == 0;
    }

    static long hash(SessionRecord s) {
        long h = 0xcbf29ce484222325L;
        h = bytes(h, s.getClientIp());
        h = mix(h, s.getClientPort());
        h = bytes(h, s.getServerIp());
        h = mix(h, s.getServerPort());
        h = mix(h, Sessions.micros(s.getStart()));
        return fmix64(h);
    }

    private static long bytes(long h, ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        while (d.hasRemaining()) h = (h ^ (d.get() & 0xff)) * 0x100000001b3L;
        return h;
    }

    private static long mix(long h, long v) {
        for (int i = 0; i < 8; i++) h = (h ^ ((v >>> (8 * i)) & 0xff)) * 0x100000001b3L;
        return h;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
