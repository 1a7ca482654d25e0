package org.stripwatch.analyzer.policy;

import java.util.Locale;

/**
 * DNS name normalisation shared by every parser: ASCII lower case, one trailing dot tolerated and
 * removed, labels of 1..63 letters/digits/hyphens (plus underscore for service labels such as
 * {@code _25._tcp}), 253 characters at most (RFC 1035 §2.3.4, RFC 2181 §11). Internationalised
 * names must be given in their A-label (xn--) form; a U-label is reported, not converted, so that
 * a name in a policy means exactly one wire name.
 */
public final class DomainNames {
    private DomainNames() {
    }

    /** Normalised host or domain name, or {@code null} if {@code s} is not one. */
    public static String normalize(String s) {
        return normalize(s, false);
    }

    /** Like {@link #normalize(String)} but also accepts underscores (TLSA owner names, RFC 6698 §3). */
    public static String normalizeOwner(String s) {
        return normalize(s, true);
    }

    private static String normalize(String s, boolean underscore) {
        if (s == null) return null;
        int len = s.length();
        if (len > 0 && s.charAt(len - 1) == '.') len--;
        if (len == 0 || len > 253) return null;
        int labelLen = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (labelLen == 0) return null;
                labelLen = 0;
                continue;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                    || (underscore && c == '_');
            if (!ok || ++labelLen > 63) return null;
        }
        if (labelLen == 0) return null;
        return s.substring(0, len).toLowerCase(Locale.ROOT);
    }

    /** True if {@code name} equals {@code parent} or lies below it; both already normalised. */
    public static boolean isSameOrSubdomain(String name, String parent) {
        return name.equals(parent) || isStrictSubdomain(name, parent);
    }

    /** True if {@code name} lies strictly below {@code parent} (any depth); both already normalised. */
    public static boolean isStrictSubdomain(String name, String parent) {
        return name.length() > parent.length() + 1 && name.endsWith(parent)
                && name.charAt(name.length() - parent.length() - 1) == '.';
    }

    /**
     * Does a DNS name from a certificate (SAN dNSName or CN) cover {@code host}? A {@code *} is
     * honoured only as the complete leftmost label and stands for exactly one label (RFC 6125
     * §6.4.3, as RFC 8461 §4.1 requires for MTA-STS); case and trailing dots are ignored.
     */
    public static boolean certNameMatches(String certName, String host) {
        String h = normalize(host);
        if (h == null || certName == null) return false;
        if (certName.startsWith("*.")) {
            String base = normalize(certName.substring(2));
            return base != null && isStrictSubdomain(h, base) && h.indexOf('.') == h.length() - base.length() - 1;
        }
        String n = normalize(certName);
        return n != null && n.equals(h);
    }

    /** True for a dotted-quad IPv4 or a plausible IPv6 literal (as used in Postfix {@code [addr]} next hops). */
    static boolean isIpLiteral(String s) {
        if (s.isEmpty() || s.length() > 45) return false;
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return false;
            }
            return true;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) return false;
            for (int i = 0; i < p.length(); i++) if (p.charAt(i) < '0' || p.charAt(i) > '9') return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }
}
