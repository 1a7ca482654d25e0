package org.stripwatch.sensor.tls;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds TLS structures byte by byte for tests (RFC 8446 §4 and §5 encodings). */
final class TlsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    TlsBytes u8(int v) {
        out.write(v);
        return this;
    }

    TlsBytes u16(int v) {
        return u8(v >> 8).u8(v);
    }

    TlsBytes u24(int v) {
        return u8(v >> 16).u16(v & 0xffff);
    }

    TlsBytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TlsBytes zeros(int n) {
        return raw(new byte[n]);
    }

    TlsBytes vec8(byte[] b) {
        return u8(b.length).raw(b);
    }

    TlsBytes vec16(byte[] b) {
        return u16(b.length).raw(b);
    }

    TlsBytes vec24(byte[] b) {
        return u24(b.length).raw(b);
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] u16s(List<Integer> values) {
        TlsBytes b = new TlsBytes();
        values.forEach(b::u16);
        return b.bytes();
    }

    static byte[] record(int type, byte[] body) {
        return new TlsBytes().u8(type).u16(0x0303).vec16(body).bytes();
    }

    static byte[] handshake(int type, byte[] body) {
        return new TlsBytes().u8(type).vec24(body).bytes();
    }

    static byte[] extension(int type, byte[] data) {
        return new TlsBytes().u16(type).vec16(data).bytes();
    }

    static byte[] concat(byte[]... parts) {
        TlsBytes b = new TlsBytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.bytes();
    }

    /** A ClientHello whose extensions are built from the given types, each with a valid body. */
    static byte[] clientHelloBody(int legacyVersion, List<Integer> ciphers, List<Integer> extensionTypes,
            String sni, List<String> alpn, List<Integer> groups, List<Integer> sigAlgs,
            List<Integer> versions) {
        TlsBytes exts = new TlsBytes();
        for (int t : extensionTypes) {
            exts.raw(extension(t, extensionData(t, sni, alpn, groups, sigAlgs, versions)));
        }
        return new TlsBytes().u16(legacyVersion).zeros(32).vec8(new byte[32])
                .vec16(u16s(ciphers)).vec8(new byte[] {0}).vec16(exts.bytes()).bytes();
    }

    private static byte[] extensionData(int type, String sni, List<String> alpn, List<Integer> groups,
            List<Integer> sigAlgs, List<Integer> versions) {
        switch (type) {
            case 0: {
                byte[] host = sni.getBytes(StandardCharsets.US_ASCII);
                return new TlsBytes().vec16(new TlsBytes().u8(0).vec16(host).bytes()).bytes();
            }
            case 10:
                return new TlsBytes().vec16(u16s(groups)).bytes();
            case 11:
                return new TlsBytes().vec8(new byte[] {0}).bytes();
            case 13:
                return new TlsBytes().vec16(u16s(sigAlgs)).bytes();
            case 16: {
                TlsBytes list = new TlsBytes();
                alpn.forEach(p -> list.vec8(p.getBytes(StandardCharsets.US_ASCII)));
                return new TlsBytes().vec16(list.bytes()).bytes();
            }
            case 43:
                return new TlsBytes().vec8(u16s(versions)).bytes();
            case 51: {
                TlsBytes shares = new TlsBytes();
                for (int g : groups.subList(0, Math.min(2, groups.size()))) {
                    shares.u16(g).vec16(new byte[g == 0x001d ? 32 : 1]);
                }
                return new TlsBytes().vec16(shares.bytes()).bytes();
            }
            case 0xff01:
                return new byte[] {0};
            default:
                return new byte[0];
        }
    }

    static byte[] serverHelloBody(int legacyVersion, byte[] random, int cipher, byte[] extensions) {
        TlsBytes b = new TlsBytes().u16(legacyVersion).raw(random).vec8(new byte[32]).u16(cipher).u8(0);
        return extensions == null ? b.bytes() : b.vec16(extensions).bytes();
    }
}
