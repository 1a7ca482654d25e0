package org.stripwatch.sensor.decode;

import java.io.ByteArrayOutputStream;

/** Hand-built frames for tests: TCP in IPv4/IPv6 in every supported link layer. */
final class Frames {
    static final String SRC4 = "192.0.2.1", DST4 = "198.51.100.2", SRC6 = "2001:db8::1", DST6 = "2001:db8::25";

    private Frames() {
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    static void put16(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 8);
        b[off + 1] = (byte) v;
    }

    static void put32(byte[] b, int off, int v) {
        put16(b, off, v >>> 16);
        put16(b, off + 2, v);
    }

    static byte[] addr(String text) {
        IpAddress a = IpAddress.parse(text);
        byte[] b = new byte[a.isV4() ? 4 : 16];
        if (a.isV4()) {
            put32(b, 0, (int) a.lo());
        } else {
            for (int i = 0; i < 8; i++) {
                b[i] = (byte) (a.hi() >>> (56 - 8 * i));
                b[8 + i] = (byte) (a.lo() >>> (56 - 8 * i));
            }
        }
        return b;
    }

    // ---- TCP ----

    /** A TCP segment builder; {@link #build} returns header+payload with checksum 0. */
    static final class Tcp {
        int srcPort = 49152, dstPort = 25, seq = 1000, ack = 2000, flags = TcpSegment.ACK | TcpSegment.PSH,
                window = 65535, urgent = 0;
        int dataOffsetOverride = -1;
        byte[] options = new byte[0];
        byte[] payload = new byte[0];

        Tcp payload(String s) { payload = ascii(s); return this; }
        Tcp payload(byte[] p) { payload = p; return this; }
        Tcp flags(int f) { flags = f; return this; }
        Tcp options(byte[] o) { options = o; return this; }
        Tcp dataOffset(int words) { dataOffsetOverride = words; return this; }

        byte[] build() {
            int optLen = (options.length + 3) & ~3;
            byte[] b = new byte[20 + optLen + payload.length];
            put16(b, 0, srcPort);
            put16(b, 2, dstPort);
            put32(b, 4, seq);
            put32(b, 8, ack);
            int words = dataOffsetOverride >= 0 ? dataOffsetOverride : (20 + optLen) / 4;
            b[12] = (byte) (words << 4);
            b[13] = (byte) flags;
            put16(b, 14, window);
            put16(b, 18, urgent);
            System.arraycopy(options, 0, b, 20, options.length);
            System.arraycopy(payload, 0, b, 20 + optLen, payload.length);
            return b;
        }
    }

    static Tcp tcp() {
        return new Tcp();
    }

    /** Writes the TCP checksum over the IPv4 or IPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1). */
    static byte[] withChecksum(byte[] tcp, String src, String dst) {
        byte[] s = addr(src), d = addr(dst);
        byte[] pseudo = s.length == 4
                ? concat(s, d, bytes(0, 6, tcp.length >>> 8, tcp.length))
                : concat(s, d, bytes(tcp.length >>> 24, tcp.length >>> 16, tcp.length >>> 8, tcp.length, 0, 0, 0, 6));
        byte[] out = tcp.clone();
        out[16] = out[17] = 0;
        long sum = sum(pseudo) + sum(out);
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        put16(out, 16, (int) ~sum & 0xffff);
        return out;
    }

    private static long sum(byte[] b) {
        long sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (i + 1 < b.length ? b[i + 1] & 0xff : 0);
        }
        return sum;
    }

    // ---- IPv4 ----

    static final class Ip4 {
        String src = SRC4, dst = DST4;
        int protocol = 6, ttl = 64, id = 0x1234, fragOffsetBytes = 0;
        boolean more, dontFragment = true;
        int totalLengthOverride = -1, ihlOverride = -1;
        byte[] options = new byte[0];

        Ip4 frag(int offsetBytes, boolean moreFragments) {
            fragOffsetBytes = offsetBytes;
            more = moreFragments;
            dontFragment = false;
            return this;
        }

        byte[] build(byte[] payload) {
            int optLen = (options.length + 3) & ~3;
            int hl = 20 + optLen;
            byte[] b = new byte[hl + payload.length];
            b[0] = (byte) (0x40 | (ihlOverride >= 0 ? ihlOverride : hl / 4));
            put16(b, 2, totalLengthOverride >= 0 ? totalLengthOverride : b.length);
            put16(b, 4, id);
            put16(b, 6, (dontFragment ? 0x4000 : 0) | (more ? 0x2000 : 0) | (fragOffsetBytes / 8));
            b[8] = (byte) ttl;
            b[9] = (byte) protocol;
            System.arraycopy(addr(src), 0, b, 12, 4);
            System.arraycopy(addr(dst), 0, b, 16, 4);
            System.arraycopy(options, 0, b, 20, options.length);
            long sum = sum(java.util.Arrays.copyOf(b, hl));
            while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
            put16(b, 10, (int) ~sum & 0xffff);
            System.arraycopy(payload, 0, b, hl, payload.length);
            return b;
        }
    }

    static Ip4 ip4() {
        return new Ip4();
    }

    /** IPv4 + checksummed TCP. */
    static byte[] ipv4Tcp(Tcp t) {
        return ip4().build(withChecksum(t.build(), SRC4, DST4));
    }

    // ---- IPv6 ----

    static byte[] ipv6(int nextHeader, byte[] payload) {
        return ipv6(SRC6, DST6, nextHeader, payload);
    }

    static byte[] ipv6(String src, String dst, int nextHeader, byte[] payload) {
        byte[] b = new byte[40 + payload.length];
        b[0] = 0x60;
        put16(b, 4, payload.length);
        b[6] = (byte) nextHeader;
        b[7] = 57;
        System.arraycopy(addr(src), 0, b, 8, 16);
        System.arraycopy(addr(dst), 0, b, 24, 16);
        System.arraycopy(payload, 0, b, 40, payload.length);
        return b;
    }

    /** A generic extension header (hop-by-hop, routing, destination options) padded to 8n bytes. */
    static byte[] ext(int nextHeader, int bodyBytes) {
        int len = (2 + bodyBytes + 7) & ~7;
        byte[] b = new byte[len];
        b[0] = (byte) nextHeader;
        b[1] = (byte) (len / 8 - 1);
        // PadN option filling the body (RFC 8200 §4.2), valid for HBH and destination options.
        b[2] = 1;
        b[3] = (byte) (len - 4);
        return b;
    }

    /** Routing header type 0 style with segments left 0 (RFC 8200 §4.4). */
    static byte[] routing(int nextHeader) {
        return bytes(nextHeader, 0, 253, 0, 0, 0, 0, 0);
    }

    static byte[] fragmentHeader(int nextHeader, int offsetBytes, boolean more, int id) {
        byte[] b = new byte[8];
        b[0] = (byte) nextHeader;
        put16(b, 2, (offsetBytes & 0xfff8) | (more ? 1 : 0));
        put32(b, 4, id);
        return b;
    }

    static byte[] ipv6Tcp(Tcp t) {
        return ipv6(6, withChecksum(t.build(), SRC6, DST6));
    }

    // ---- Link layers ----

    static byte[] ethernet(int etherType, byte[] payload, int... vlanTpids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0x02, 0, 0, 0, 0, 0x25, 0x02, 0, 0, 0, 0, 0x01));
        for (int tpid : vlanTpids) out.writeBytes(bytes(tpid >>> 8, tpid, 0x00, 0x64));
        out.writeBytes(bytes(etherType >>> 8, etherType));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] sll(int protocol, byte[] payload) {
        return concat(bytes(0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, protocol >>> 8, protocol), payload);
    }

    static byte[] sll2(int protocol, byte[] payload) {
        return concat(bytes(protocol >>> 8, protocol, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0), payload);
    }

    static byte[] nullLittleEndian(int family, byte[] payload) {
        return concat(bytes(family, family >>> 8, family >>> 16, family >>> 24), payload);
    }

    static byte[] nullBigEndian(int family, byte[] payload) {
        return concat(bytes(family >>> 24, family >>> 16, family >>> 8, family), payload);
    }
}
