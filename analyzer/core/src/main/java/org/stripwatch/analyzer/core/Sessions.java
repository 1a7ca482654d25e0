package org.stripwatch.analyzer.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
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

    /** Textual address (RFC 5952 for IPv6) of 4 or 16 raw bytes; "?" for anything else. */
    public static String ip(ByteBuffer b) {
        if (b == null) return "?";
        ByteBuffer x = b.duplicate();
        byte[] a = new byte[x.remaining()];
        x.get(a);
        if (a.length != 4 && a.length != 16) return "?";
        try {
            String s = InetAddress.getByAddress(a).getHostAddress();
            return a.length == 16 ? compress(s) : s;
        } catch (UnknownHostException e) {
            return "?";
        }
    }

    /** Java prints 2001:db8:0:0:0:0:0:1; RFC 5952 §4.2 wants the longest zero run compressed. */
    private static String compress(String s) {
        String best = null;
        for (int n = 8; n >= 2 && best == null; n--) {
            String run = ":" + String.join(":", java.util.Collections.nCopies(n, "0")) + ":";
            String padded = ":" + s + ":";
            int i = padded.indexOf(run);
            if (i >= 0) {
                String out = padded.substring(0, i) + "::" + padded.substring(i + run.length());
                best = out.substring(1, out.length() - 1);
                if (best.startsWith(":") && !best.startsWith("::")) best = ":" + best;
                if (best.endsWith(":") && !best.endsWith("::")) best = best + ":";
            }
        }
        return best == null ? s : best;
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
