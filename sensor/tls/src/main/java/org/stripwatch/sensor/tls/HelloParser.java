package org.stripwatch.sensor.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses complete ClientHello and ServerHello bodies (the handshake header already removed).
 * Never throws: a structure that does not add up yields the facts read so far with
 * {@code malformed = true}.
 */
final class HelloParser {
    static final int EXT_SERVER_NAME = 0;
    static final int EXT_SUPPORTED_GROUPS = 10;
    static final int EXT_EC_POINT_FORMATS = 11;
    static final int EXT_SIGNATURE_ALGORITHMS = 13;
    static final int EXT_ALPN = 16;
    static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int EXT_KEY_SHARE = 51;

    /** RFC 8446 §4.1.3: SHA-256("HelloRetryRequest"). */
    private static final byte[] HRR_RANDOM = java.util.HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167bbb8c5e079e09e2c8a8339c");

    private final TlsConfig config;
    private final TlsCounters counters;

    HelloParser(TlsConfig config, TlsCounters counters) {
        this.config = config;
        this.counters = counters;
    }

    /** Mutable accumulator for one ClientHello; turned into the immutable record at the end. */
    private final class ClientFields {
        final IntList.Builder ciphers = new IntList.Builder();
        final IntList.Builder compression = new IntList.Builder();
        final IntList.Builder extensions = new IntList.Builder();
        final List<String> alpn = new ArrayList<>(2);
        final IntList.Builder groups = new IntList.Builder();
        final IntList.Builder pointFormats = new IntList.Builder();
        final IntList.Builder sigAlgs = new IntList.Builder();
        final IntList.Builder versions = new IntList.Builder();
        final IntList.Builder keyShares = new IntList.Builder();
        byte[] firstAlpn;
        String sni;
    }

    ClientHelloInfo parseClientHello(byte[] body, int length) {
        ByteReader r = new ByteReader(body, 0, length);
        ClientFields f = new ClientFields();
        int legacyVersion = r.u16();
        r.skip(32); // random
        int sessionIdLength = r.u8();
        r.skip(sessionIdLength);
        readU16List(r.slice(r.u16()), f.ciphers);
        readU8List(r.slice(r.u8()), f.compression);
        boolean ok = r.ok();
        if (ok && r.remaining() > 0) {
            // RFC 8446 §4.1.2: extensions may be absent only in pre-TLS 1.3 hellos.
            ByteReader exts = r.slice(r.u16());
            ok = readClientExtensions(exts, f) && r.ok() && r.remaining() == 0;
        }
        return buildClientHello(legacyVersion, sessionIdLength, f, !ok);
    }

    private ClientHelloInfo buildClientHello(int legacyVersion, int sessionIdLength, ClientFields f,
            boolean malformed) {
        IntList ciphers = f.ciphers.build(), extensions = f.extensions.build(), groups = f.groups.build();
        IntList pointFormats = f.pointFormats.build(), sigAlgs = f.sigAlgs.build(), versions = f.versions.build();
        IntList keyShares = f.keyShares.build();
        boolean grease = anyGrease(ciphers) || anyGrease(extensions) || anyGrease(groups)
                || anyGrease(sigAlgs) || anyGrease(versions) || anyGrease(keyShares);
        FingerprintCache.Key key = new FingerprintCache.Key(legacyVersion, ciphers, extensions, groups,
                pointFormats, versions, sigAlgs, new FingerprintCache.AlpnBytes(f.firstAlpn));
        FingerprintCache.Prints p = counters.fingerprintCache.get(key);
        if (p == null) {
            String ja3 = Fingerprints.ja3(legacyVersion, ciphers, extensions, groups, pointFormats);
            String ja4 = Fingerprints.ja4(legacyVersion, versions, ciphers, extensions, f.firstAlpn, sigAlgs);
            p = new FingerprintCache.Prints(ja3, Fingerprints.md5Hex(ja3), ja4);
            counters.fingerprintCache.put(key, p);
        }
        return new ClientHelloInfo(legacyVersion, sessionIdLength, ciphers, f.compression.build(),
                extensions, f.sni, f.alpn, groups, pointFormats, sigAlgs, versions,
                keyShares, grease, p.ja3(), p.ja3Md5(), p.ja4(), malformed);
    }

    private boolean readClientExtensions(ByteReader exts, ClientFields f) {
        boolean ok = true;
        while (exts.ok() && exts.remaining() > 0) {
            int type = exts.u16();
            ByteReader data = exts.slice(exts.u16());
            if (!exts.ok()) {
                return false;
            }
            add(f.extensions, type);
            ok &= readClientExtension(type, data, f);
        }
        return ok && exts.ok();
    }

    /** Returns false if the extension's own structure does not add up. */
    private boolean readClientExtension(int type, ByteReader data, ClientFields f) {
        switch (type) {
            case EXT_SERVER_NAME -> readServerName(data.slice(data.u16()), f);
            case EXT_SUPPORTED_GROUPS -> readU16List(data.slice(data.u16()), f.groups);
            case EXT_EC_POINT_FORMATS -> readU8List(data.slice(data.u8()), f.pointFormats);
            case EXT_SIGNATURE_ALGORITHMS -> readU16List(data.slice(data.u16()), f.sigAlgs);
            case EXT_ALPN -> readAlpn(data.slice(data.u16()), f);
            case EXT_SUPPORTED_VERSIONS -> readU16List(data.slice(data.u8()), f.versions);
            case EXT_KEY_SHARE -> readKeyShares(data.slice(data.u16()), f.keyShares);
            default -> {
                return true;
            }
        }
        return data.ok() && data.remaining() == 0;
    }

    /** RFC 6066 §3: ServerNameList; the first host_name (type 0) is kept. */
    private void readServerName(ByteReader list, ClientFields f) {
        while (list.ok() && list.remaining() > 0) {
            int nameType = list.u8();
            ByteReader name = list.slice(list.u16());
            if (list.ok() && nameType == 0 && f.sni == null) {
                f.sni = boundedAscii(name);
            }
        }
    }

    /** RFC 7301 §3.1: ProtocolNameList of non-empty opaque names. */
    private void readAlpn(ByteReader list, ClientFields f) {
        while (list.ok() && list.remaining() > 0) {
            ByteReader name = list.slice(list.u8());
            if (!list.ok()) {
                return;
            }
            if (f.firstAlpn == null) {
                f.firstAlpn = name.bytes(name.remaining());
                name = new ByteReader(f.firstAlpn, 0, f.firstAlpn.length);
            }
            if (f.alpn.size() < config.maxListItems()) {
                f.alpn.add(boundedAscii(name));
            } else {
                counters.listItemsOverLimit.increment();
            }
        }
    }

    /** RFC 8446 §4.2.8: KeyShareEntry = group u16, key_exchange<1..2^16-1>. */
    private void readKeyShares(ByteReader list, IntList.Builder out) {
        while (list.ok() && list.remaining() > 0) {
            int group = list.u16();
            list.skip(list.u16());
            if (list.ok()) {
                add(out, group);
            }
        }
    }

    ServerHelloInfo parseServerHello(byte[] body, int length) {
        ByteReader r = new ByteReader(body, 0, length);
        int legacyVersion = r.u16();
        byte[] random = r.bytes(32);
        int sessionIdLength = r.u8();
        r.skip(sessionIdLength);
        int cipher = r.u16();
        int compression = r.u8();
        IntList.Builder extensions = new IntList.Builder();
        int[] selected = {-1, -1}; // supported_versions, key_share group
        String[] alpn = {null};
        boolean ok = r.ok();
        if (ok && r.remaining() > 0) {
            ByteReader exts = r.slice(r.u16());
            ok = readServerExtensions(exts, extensions, selected, alpn) && r.ok() && r.remaining() == 0;
        }
        boolean hrr = java.util.Arrays.equals(random, HRR_RANDOM);
        int negotiated = selected[0] >= 0 ? selected[0] : legacyVersion;
        IntList extensionList = extensions.build();
        FingerprintCache.ServerKey key = new FingerprintCache.ServerKey(legacyVersion, cipher, extensionList);
        FingerprintCache.ServerPrints prints = counters.fingerprintCache.get(key);
        if (prints == null) {
            String ja3s = Fingerprints.ja3s(legacyVersion, cipher, extensionList);
            prints = new FingerprintCache.ServerPrints(ja3s, Fingerprints.md5Hex(ja3s));
            counters.fingerprintCache.put(key, prints);
        }
        return new ServerHelloInfo(legacyVersion, negotiated, hrr, downgradeSentinel(random),
                sessionIdLength, cipher, compression, extensionList, alpn[0], selected[1], prints.ja3s(),
                prints.ja3sMd5(), !ok);
    }

    private boolean readServerExtensions(ByteReader exts, IntList.Builder extensions, int[] selected,
            String[] alpn) {
        boolean ok = true;
        while (exts.ok() && exts.remaining() > 0) {
            int type = exts.u16();
            ByteReader data = exts.slice(exts.u16());
            if (!exts.ok()) {
                return false;
            }
            add(extensions, type);
            switch (type) {
                // RFC 8446 §4.2.1: the ServerHello carries one selected_version.
                case EXT_SUPPORTED_VERSIONS -> selected[0] = data.u16();
                // RFC 8446 §4.2.8: ServerHello key_share holds one entry; an HRR only the group.
                case EXT_KEY_SHARE -> {
                    selected[1] = data.u16();
                    data.skip(data.remaining());
                }
                case EXT_ALPN -> {
                    ByteReader list = data.slice(data.u16());
                    alpn[0] = boundedAscii(list.slice(list.u8()));
                }
                default -> data.skip(data.remaining());
            }
            ok &= data.ok() && data.remaining() == 0;
        }
        return ok && exts.ok();
    }

    /** RFC 8446 §4.1.3: "DOWNGRD" followed by 0x01 (TLS 1.2) or 0x00 (TLS 1.1 or below). */
    private static String downgradeSentinel(byte[] random) {
        if (random.length != 32) {
            return null;
        }
        byte[] marker = "DOWNGRD".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 7; i++) {
            if (random[24 + i] != marker[i]) {
                return null;
            }
        }
        return switch (random[31]) {
            case 1 -> "tls12";
            case 0 -> "tls11";
            default -> null;
        };
    }

    private void readU16List(ByteReader r, IntList.Builder out) {
        while (r.remaining() >= 2) {
            add(out, r.u16());
        }
        if (r.remaining() != 0) {
            r.skip(2); // odd length: marks the reader failed
        }
    }

    private void readU8List(ByteReader r, IntList.Builder out) {
        while (r.remaining() > 0) {
            add(out, r.u8());
        }
    }

    private void add(IntList.Builder out, int v) {
        if (out.size() < config.maxListItems()) {
            out.add(v);
        } else {
            counters.listItemsOverLimit.increment();
        }
    }

    private static boolean anyGrease(IntList values) {
        for (int i = 0; i < values.size(); i++) {
            if (Fingerprints.isGrease(values.getInt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Printable ASCII, bounded; other bytes become \xNN so a hostile name cannot forge log lines. */
    private String boundedAscii(ByteReader name) {
        int n = name.remaining();
        int keep = Math.min(n, config.maxNameChars());
        if (keep < n) {
            counters.namesTruncated.increment();
        }
        StringBuilder sb = new StringBuilder(keep);
        for (int i = 0; i < keep; i++) {
            int c = name.u8();
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        name.skip(name.remaining());
        return sb.toString();
    }
}
