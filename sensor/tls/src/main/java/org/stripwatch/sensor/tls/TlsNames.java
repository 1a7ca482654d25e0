package org.stripwatch.sensor.tls;

/** Printable names for protocol numbers. */
public final class TlsNames {
    private TlsNames() {}

    /** RFC 8446 §4.2.1 / RFC 5246 §6.2.1 version numbers. */
    public static String version(int v) {
        return switch (v) {
            case 0x0200 -> "SSLv2";
            case 0x0300 -> "SSLv3";
            case 0x0301 -> "TLSv1";
            case 0x0302 -> "TLSv1.1";
            case 0x0303 -> "TLSv1.2";
            case 0x0304 -> "TLSv1.3";
            default -> String.format("unknown(0x%04x)", v & 0xffff);
        };
    }

    /** Four lower-case hex digits, the notation of the IANA registries and JA4. */
    public static String hex4(int v) {
        String s = Integer.toHexString(v & 0xffff);
        return "0000".substring(s.length()) + s;
    }
}
