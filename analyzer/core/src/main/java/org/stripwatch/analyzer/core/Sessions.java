package org.stripwatch.analyzer.core;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;

/** Small read-only helpers over the Avro session record. */
public final class Sessions {
    private Sessions() {
    }

    /**
     * Textual address (RFC 5952 for IPv6) of 4 or 16 raw bytes; "?" for anything else. An IPv4-mapped
     * IPv6 address ({@code ::ffff:a.b.c.d}) prints as the IPv4 address, as {@code InetAddress} does.
     * Written out by hand: called three to four times per record, {@code InetAddress} plus the zero-run
     * search by string replacement were 6 % of the analyzer's ingest thread (async-profiler).
     */
    public static String ip(ByteBuffer b) {
        if (b == null) return "?";
        int p = b.position(), n = b.remaining();
        if (n == 4) return ipv4(b, p);
        if (n != 16) return "?";
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = ((b.get(p + 2 * i) & 0xff) << 8) | (b.get(p + 2 * i + 1) & 0xff);
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) return ipv4(b, p + 12);
        // RFC 5952 §4.2.2-4.2.3: the longest run of two or more zero fields becomes "::", the first of equals.
        int bestAt = -1, bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
            sb.append(Integer.toHexString(g[i])); // RFC 5952 §4.1, §4.3: no leading zeros, lower case
        }
        return sb.toString();
    }

    private static String ipv4(ByteBuffer b, int p) {
        return (b.get(p) & 0xff) + "." + (b.get(p + 1) & 0xff) + "." + (b.get(p + 2) & 0xff) + "." + (b.get(p + 3) & 0xff);
    }

    public static List<Finding> findings(SessionRecord s, String type) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : s.getFindings()) if (type.equals(f.getType())) out.add(f);
        return out;
    }

    public static Finding first(SessionRecord s, String type) {
        for (Finding f : s.getFindings()) if (type.equals(f.getType())) return f;
        return null;
    }

    public static boolean has(SessionRecord s, String type) {
        return first(s, type) != null;
    }

    public static String ev(Finding f, String key) {
        if (f == null) return null;
        Map<String, String> m = f.getEvidence();
        return m == null ? null : m.get(key);
    }

    /** The session carried at least one MAIL transaction outside TLS. */
    public static boolean mailInCleartext(SessionRecord s) {
        return s.getMailInCleartext() || has(s, "cleartext_mail_transaction");
    }

    public static boolean tlsCompleted(SessionRecord s) {
        return s.getTls() != null && s.getTls().getCompleted();
    }

    public static List<Certificate> chain(SessionRecord s) {
        return s.getTls() == null ? List.of() : s.getTls().getCertificates();
    }

    public static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    /** The CN of an RFC 4514-ish subject string ("CN=mx.example.net, O=..."), or null. */
    public static String commonName(String subject) {
        if (subject == null) return null;
        for (String part : subject.split(",")) {
            String p = part.trim();
            if (p.regionMatches(true, 0, "CN=", 0, 3)) return p.substring(3).trim();
        }
        return null;
    }

    /** Names a leaf certificate claims: SAN dNSNames, else the subject CN (RFC 6125 §6.4.4). */
    public static List<String> certNames(Certificate c) {
        List<String> out = new ArrayList<>();
        for (CharSequence n : c.getSan()) out.add(n.toString().toLowerCase(java.util.Locale.ROOT));
        if (out.isEmpty()) {
            String cn = commonName(c.getSubject());
            if (cn != null) out.add(cn.toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    public static byte[] der(Certificate c) {
        ByteBuffer x = c.getDer().duplicate();
        byte[] a = new byte[x.remaining()];
        x.get(a);
        return a;
    }
}
