package org.stripwatch.analyzer.report.measure;

import java.nio.ByteBuffer;

/**
 * An address as one unsigned 128-bit number: IPv6 as is, IPv4 mapped into {@code ::ffff:0:0/96} (RFC 4291
 * §2.5.5.2), so one sorted table serves both families and a v4 range can never match a v6 address.
 */
public record IpKey(long hi, long lo) implements Comparable<IpKey> {
    private static final long V4_MAPPED_LO = 0x0000_ffff_0000_0000L;

    /** 4 or 16 network-order bytes; anything else is {@code null}. */
    public static IpKey of(byte[] a) {
        if (a.length == 4) {
            long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
            return new IpKey(0, V4_MAPPED_LO | v);
        }
        if (a.length != 16) return null;
        return new IpKey(ByteBuffer.wrap(a, 0, 8).getLong(), ByteBuffer.wrap(a, 8, 8).getLong());
    }

    public static IpKey of(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return of(a);
    }

    /** The last address of the prefix {@code this/len} (len counted in the family's own bits). */
    IpKey lastOf(int len, boolean v4) {
        int bits = v4 ? len + 96 : len;
        if (bits >= 128) return this;
        if (bits >= 64) return new IpKey(hi, lo | (-1L >>> (bits - 64)));
        return new IpKey(hi | (bits == 0 ? -1L : -1L >>> bits), -1L);
    }

    /** True when every host bit below {@code len} is zero. */
    boolean isNetwork(int len, boolean v4) {
        IpKey mask = new IpKey(0, 0).lastOf(len, v4);
        return (hi & mask.hi) == 0 && (lo & mask.lo) == 0;
    }

    IpKey plusOne() {
        return lo == -1L ? new IpKey(hi + 1, 0) : new IpKey(hi, lo + 1);
    }

    IpKey minusOne() {
        return lo == 0 ? new IpKey(hi - 1, -1L) : new IpKey(hi, lo - 1);
    }

    boolean isMax() {
        return hi == -1L && lo == -1L;
    }

    @Override
    public int compareTo(IpKey o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    static int compare(long ahi, long alo, long bhi, long blo) {
        int c = Long.compareUnsigned(ahi, bhi);
        return c != 0 ? c : Long.compareUnsigned(alo, blo);
    }
}
