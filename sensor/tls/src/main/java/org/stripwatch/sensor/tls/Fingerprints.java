package org.stripwatch.sensor.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * JA3/JA3S (Salesforce, BSD-3) and JA4 client (FoxIO, BSD-3) fingerprints. JA4S and JA4X are under
 * a non-commercial licence and deliberately absent.
 */
public final class Fingerprints {
    private static final int EXT_SNI = 0x0000;
    private static final int EXT_ALPN = 0x0010;

    private Fingerprints() {}

    /** RFC 8701 §2: GREASE values are 0x?A?A with equal bytes. */
    public static boolean isGrease(int v) {
        return (v & 0x0f0f) == 0x0a0a && ((v >> 8) & 0xff) == (v & 0xff);
    }

    static int maxVersion(int legacyVersion, List<Integer> supportedVersions) {
        int best = -1;
        for (int v : supportedVersions) {
            if (!isGrease(v) && v > best) {
                best = v;
            }
        }
        return best >= 0 ? best : legacyVersion;
    }

    /** JA3: SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats; GREASE removed. */
    static String ja3(int legacyVersion, List<Integer> ciphers, List<Integer> extensions,
            List<Integer> groups, List<Integer> pointFormats) {
        return legacyVersion + "," + dashJoin(ciphers) + "," + dashJoin(extensions) + ","
                + dashJoin(groups) + "," + dashJoin(pointFormats);
    }

    /** JA3S: SSLVersion,Cipher,Extensions (server legacy_version, decimal); GREASE removed. */
    static String ja3s(int legacyVersion, int cipher, List<Integer> extensions) {
        return legacyVersion + "," + cipher + "," + dashJoin(extensions);
    }

    /**
     * JA4 for TLS over TCP (FoxIO technical_details/JA4.md): {@code t}, version (highest
     * supported_versions else legacy_version), {@code d}/{@code i} for SNI, two-digit cipher and
     * extension counts (capped at 99, GREASE excluded, SNI and ALPN included), first and last
     * character of the first ALPN value ({@code 00} if none), then the first 12 hex digits of
     * SHA-256 of the sorted cipher list and of the sorted extension list without SNI and ALPN,
     * followed by "_" and the signature algorithms in wire order (omitted with the "_" if none).
     */
    static String ja4(int legacyVersion, List<Integer> supportedVersions, List<Integer> ciphers,
            List<Integer> extensions, byte[] firstAlpn, List<Integer> sigAlgs) {
        List<Integer> c = noGrease(ciphers);
        List<Integer> e = noGrease(extensions);
        StringBuilder a = new StringBuilder(36).append('t')
                .append(ja4Version(maxVersion(legacyVersion, supportedVersions)))
                .append(e.contains(EXT_SNI) ? 'd' : 'i')
                .append(twoDigits(c.size())).append(twoDigits(e.size()))
                .append(ja4Alpn(firstAlpn));
        List<Integer> eb = new ArrayList<>(e.size());
        for (int x : e) {
            if (x != EXT_SNI && x != EXT_ALPN) {
                eb.add(x);
            }
        }
        String extPart = hexSortedCsv(eb);
        List<Integer> s = noGrease(sigAlgs);
        if (!s.isEmpty()) {
            extPart = extPart + "_" + hexCsv(s);
        }
        return a.append('_').append(c.isEmpty() ? "000000000000" : sha256_12(hexSortedCsv(c)))
                .append('_').append(eb.isEmpty() ? "000000000000" : sha256_12(extPart)).toString();
    }

    private static String ja4Version(int v) {
        return switch (v) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0200 -> "s2";
            case 0x0100 -> "s1";
            default -> "00";
        };
    }

    /**
     * First and last character of the first ALPN value; "00" if none. When either is not ASCII
     * alphanumeric, the FoxIO reference implementation uses the first hex digit of the first byte
     * and the last hex digit of the last byte instead.
     */
    private static String ja4Alpn(byte[] first) {
        if (first == null || first.length == 0) {
            return "00";
        }
        int f = first[0] & 0xff;
        int l = first[first.length - 1] & 0xff;
        if (isAlnum(f) && isAlnum(l)) {
            return "" + (char) f + (char) l;
        }
        String hf = HexFormat.of().toHexDigits((byte) f);
        String hl = HexFormat.of().toHexDigits((byte) l);
        return "" + hf.charAt(0) + hl.charAt(1);
    }

    private static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    static List<Integer> noGrease(List<Integer> in) {
        List<Integer> out = new ArrayList<>(in.size());
        for (int v : in) {
            if (!isGrease(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static String dashJoin(List<Integer> values) {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (isGrease(v)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append('-');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    private static String hexSortedCsv(List<Integer> values) {
        List<Integer> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return hexCsv(sorted);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Four lower-case hex digits per value (as {@link TlsNames#hex4}), without a String per value. */
    private static String hexCsv(List<Integer> values) {
        StringBuilder sb = new StringBuilder(values.size() * 5);
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(HEX[(v >> 12) & 15]).append(HEX[(v >> 8) & 15]).append(HEX[(v >> 4) & 15]).append(HEX[v & 15]);
        }
        return sb.toString();
    }

    static String md5Hex(String s) {
        return HexFormat.of().formatHex(digest("MD5", s.getBytes(StandardCharsets.US_ASCII)));
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    private static String sha256_12(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.US_ASCII)).substring(0, 12);
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // Every Java SE platform must provide MD5 and SHA-256 (MessageDigest javadoc).
            throw new IllegalStateException(e);
        }
    }
}
