package org.stripwatch.sensor.decode;

/**
 * An IPv4 or IPv6 address as two longs, never a string. IPv4 is held as its IPv4-mapped IPv6 form
 * (::ffff:a.b.c.d, RFC 4291 §2.5.5.2) so one representation serves flow keys of both families.
 */
public record IpAddress(long hi, long lo) implements Comparable<IpAddress> {
    private static final long V4_MAPPED_PREFIX = 0x0000_ffff_0000_0000L;

    public static IpAddress ofV4(int address) {
        return new IpAddress(0, V4_MAPPED_PREFIX | (address & 0xffff_ffffL));
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo & 0xffff_ffff_0000_0000L) == V4_MAPPED_PREFIX;
    }

    public boolean isV4() {
        return isV4(hi, lo);
    }

    /** Parses dotted IPv4 or RFC 5952 IPv6 text; for configuration and tests, not the packet path. */
    public static IpAddress parse(String text) {
        try {
            byte[] b = java.net.InetAddress.getByName(requireLiteral(text)).getAddress();
            if (b.length == 4) {
                return ofV4(((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff));
            }
            long hi = 0, lo = 0;
            for (int i = 0; i < 8; i++) hi = (hi << 8) | (b[i] & 0xff);
            for (int i = 8; i < 16; i++) lo = (lo << 8) | (b[i] & 0xff);
            return new IpAddress(hi, lo);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
    }

    private static String requireLiteral(String text) {
        if (text.isEmpty() || !(Character.digit(text.charAt(0), 16) >= 0 || text.charAt(0) == ':')
                || text.chars().anyMatch(c -> Character.digit(c, 16) < 0 && c != '.' && c != ':')) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return text;
    }

    @Override
    public String toString() {
        if (isV4()) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) ((hi >>> (48 - 16 * i)) & 0xffff);
            g[i + 4] = (int) ((lo >>> (48 - 16 * i)) & 0xffff);
        }
        // RFC 5952 §4.2.3: compress the longest run (first if tied) of two or more zero groups.
        int bestStart = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    @Override
    public int compareTo(IpAddress o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }
}
