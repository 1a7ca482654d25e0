package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Postfix {@code smtp_tls_policy_maps} source files (the text {@code postmap} compiles):
 * {@code key level [name=value ...]} per logical line; a line starting with whitespace continues
 * the previous one; lines whose first non-blank character is {@code #} are comments (postmap(1),
 * "INPUT FILE FORMAT"). Levels and attributes follow postfix.org TLS_README, "TLS policy table".
 * A duplicate key is reported and the first entry kept, as postmap does.
 */
public final class PostfixPolicyParser {
    private static final Set<String> IGNORED_ATTRS = Set.of("tafile", "servername", "connection_reuse", "enable_rpk");

    private PostfixPolicyParser() {
    }

    public static Parsed<PostfixPolicyEntry> parse(String file, String text, PolicyLimits limits) {
        Problems problems = new Problems(file, limits.maxProblemsPerFile());
        List<PostfixPolicyEntry> out = parse(text, limits, problems);
        return new Parsed<>(out, problems.toList());
    }

    static List<PostfixPolicyEntry> parse(String text, PolicyLimits limits, Problems problems) {
        List<PostfixPolicyEntry> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Text.Line l : logicalLines(text, limits, problems)) {
            if (out.size() >= limits.maxEntriesPerFile()) {
                problems.error(l.number(), ProblemKind.TOO_MANY_ENTRIES,
                        "more than " + limits.maxEntriesPerFile() + " entries (PolicyLimits.maxEntriesPerFile); rest ignored");
                break;
            }
            PostfixPolicyEntry e = entry(l, limits, problems);
            if (e == null) continue;
            Integer first = seen.putIfAbsent(e.key().toString(), l.number());
            if (first != null) {
                problems.warn(l.number(), ProblemKind.DUPLICATE_FIELD, "duplicate key " + e.key() + " ignored (first at line " + first + ")");
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Text.Line> logicalLines(String text, PolicyLimits limits, Problems problems) {
        List<Text.Line> out = new ArrayList<>();
        StringBuilder cur = null;
        int start = 0;
        for (Text.Line l : Text.lines(text, limits.maxLineChars(), Integer.MAX_VALUE, problems)) {
            String s = l.text();
            String t = s.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            if (Text.isWsp(s.charAt(0))) {
                if (cur == null) {
                    problems.error(l.number(), ProblemKind.SYNTAX, "continuation line without a preceding entry");
                } else if (cur.length() + t.length() + 1 > limits.maxLineChars()) {
                    problems.error(l.number(), ProblemKind.LINE_TOO_LONG,
                            "logical line longer than " + limits.maxLineChars() + " characters (PolicyLimits.maxLineChars)");
                } else {
                    cur.append(' ').append(t);
                }
                continue;
            }
            if (cur != null) out.add(new Text.Line(start, cur.toString()));
            cur = new StringBuilder(t);
            start = l.number();
        }
        if (cur != null) out.add(new Text.Line(start, cur.toString()));
        return out;
    }

    /** Accumulates one entry's attributes. */
    private static final class Attrs {
        final List<MxPattern> names = new ArrayList<>();
        final List<Pin> pins = new ArrayList<>();
        boolean hostname, nexthop, dotNexthop, sawMatch;
        String protocols, ciphers, exclude;
        TlsVersion minTls;
        final Map<String, String> other = new LinkedHashMap<>();
    }

    private static PostfixPolicyEntry entry(Text.Line l, PolicyLimits limits, Problems problems) {
        int n = l.number();
        List<String> f = Text.fields(l.text());
        PostfixPolicyEntry.Key key = key(f.get(0), n, problems);
        if (f.size() < 2) {
            problems.error(n, ProblemKind.SYNTAX, "entry " + Problems.quote(f.get(0)) + " has no security level");
            return null;
        }
        PostfixLevel level = PostfixLevel.parse(f.get(1));
        if (level == null) {
            problems.error(n, ProblemKind.UNKNOWN_VALUE, "unknown TLS security level " + Problems.quote(f.get(1))
                    + " (expected none, may, encrypt, dane, dane-only, fingerprint, verify or secure)");
        }
        Attrs a = new Attrs();
        for (String attr : f.subList(2, f.size())) attribute(attr, level, a, n, limits, problems);
        if (key == null || level == null) return null;
        if (level == PostfixLevel.FINGERPRINT && a.pins.isEmpty()) {
            problems.error(n, ProblemKind.MISSING_FIELD, "level fingerprint needs match=<fingerprint>[|...] (TLS_README)");
            return null;
        }
        if (!a.sawMatch && level == PostfixLevel.VERIFY) a.hostname = true; // smtp_tls_verify_cert_match = hostname
        if (!a.sawMatch && level == PostfixLevel.SECURE) a.nexthop = a.dotNexthop = true; // smtp_tls_secure_cert_match default
        return new PostfixPolicyEntry(key, level, a.names, a.hostname, a.nexthop, a.dotNexthop, a.pins, a.protocols,
                a.minTls, a.ciphers, a.exclude, a.other, problems.at(n));
    }

    private static PostfixPolicyEntry.Key key(String s, int n, Problems problems) {
        String host = s;
        String portPart = null;
        PostfixPolicyEntry.Key.Kind kind = PostfixPolicyEntry.Key.Kind.DOMAIN;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                problems.error(n, ProblemKind.SYNTAX, "key " + Problems.quote(s) + " has \"[\" without \"]\"");
                return null;
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    problems.error(n, ProblemKind.SYNTAX, "unexpected text after \"]\" in key " + Problems.quote(s));
                    return null;
                }
                portPart = rest.substring(1);
            }
            kind = PostfixPolicyEntry.Key.Kind.NEXTHOP_HOST;
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0) {
                host = s.substring(0, colon);
                portPart = s.substring(colon + 1);
            }
            if (host.startsWith(".")) {
                kind = PostfixPolicyEntry.Key.Kind.PARENT_DOMAIN;
                host = host.substring(1);
            }
        }
        int port = portPart == null ? 0 : port(portPart);
        if (port < 0) {
            problems.error(n, ProblemKind.SYNTAX, "invalid port " + Problems.quote(portPart) + " in key " + Problems.quote(s));
            return null;
        }
        String name = kind == PostfixPolicyEntry.Key.Kind.NEXTHOP_HOST && DomainNames.isIpLiteral(host)
                ? host.toLowerCase(Locale.ROOT) : DomainNames.normalize(host);
        if (name == null) {
            problems.error(n, ProblemKind.BAD_NAME, "invalid destination " + Problems.quote(s)
                    + " (expected domain, .domain, [host] or [host]:port)");
            return null;
        }
        return new PostfixPolicyEntry.Key(kind, name, port);
    }

    private static int port(String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "smtp": return 25;
            case "submission": return 587;
            case "smtps": case "submissions": return 465;
            default:
                long v = Text.decimal(s, 5);
                return v >= 1 && v <= 65535 ? (int) v : -1;
        }
    }

    private static void attribute(String attr, PostfixLevel level, Attrs a, int n, PolicyLimits limits, Problems problems) {
        int eq = attr.indexOf('=');
        if (eq <= 0) {
            problems.error(n, ProblemKind.SYNTAX, "attribute " + Problems.quote(attr) + " is not name=value");
            return;
        }
        String name = attr.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = attr.substring(eq + 1);
        switch (name) {
            case "match":
                a.sawMatch = true;
                if (level == PostfixLevel.FINGERPRINT) fingerprints(value, a, n, limits, problems);
                else matchNames(value, level, a, n, limits, problems);
                break;
            case "protocols":
                a.protocols = value;
                a.minTls = minTls(value, n, problems);
                break;
            case "ciphers":
                if (Set.of("export", "low", "medium", "high", "null").contains(value.toLowerCase(Locale.ROOT))) a.ciphers = value;
                else problems.error(n, ProblemKind.UNKNOWN_VALUE, "unknown cipher grade " + Problems.quote(value)
                        + " (expected export, low, medium, high or null)");
                break;
            case "exclude":
                a.exclude = value;
                break;
            default:
                if (IGNORED_ATTRS.contains(name)) {
                    a.other.put(name, value);
                    problems.warn(n, ProblemKind.IGNORED_FIELD, "attribute " + name + " recorded but not applied");
                } else {
                    problems.error(n, ProblemKind.UNKNOWN_VALUE, "unknown attribute " + Problems.quote(name)
                            + " (expected match, protocols, ciphers, exclude, tafile, servername, connection_reuse or enable_rpk)");
                }
        }
    }

    /** Fingerprints separated by {@code |}; each hex with optional colons (TLS_README, "fingerprint"). */
    private static void fingerprints(String value, Attrs a, int n, PolicyLimits limits, Problems problems) {
        for (String fp : value.split("\\|", -1)) {
            byte[] b = Text.hex(fp);
            if (b == null) {
                problems.error(n, ProblemKind.BAD_HEX, "fingerprint " + Problems.quote(fp) + " is not hexadecimal");
            } else if (Pin.Digest.ofLength(b.length) == null) {
                problems.error(n, ProblemKind.BAD_DIGEST_LENGTH, "fingerprint of " + b.length
                        + " bytes matches no digest (md5, sha1, sha256, sha384, sha512)");
            } else if (a.pins.size() >= limits.maxPatternsPerPolicy()) {
                problems.error(n, ProblemKind.TOO_MANY_PATTERNS, "more than " + limits.maxPatternsPerPolicy() + " fingerprints");
                return;
            } else {
                a.pins.add(Pin.of(Pin.Target.CERT_OR_SPKI, b));
            }
        }
    }

    /** Colon-separated {@code hostname}, {@code nexthop}, {@code dot-nexthop} or names (TLS_README, "verify"/"secure"). */
    private static void matchNames(String value, PostfixLevel level, Attrs a, int n, PolicyLimits limits, Problems problems) {
        if (level != null && level != PostfixLevel.VERIFY && level != PostfixLevel.SECURE) {
            problems.warn(n, ProblemKind.IGNORED_FIELD, "match= has no effect at level " + level.keyword());
        }
        for (String m : value.split(":", -1)) {
            switch (m.toLowerCase(Locale.ROOT)) {
                case "hostname": a.hostname = true; break;
                case "nexthop": a.nexthop = true; break;
                case "dot-nexthop": a.dotNexthop = true; break;
                default:
                    MxPattern p = MxPattern.dotSuffix(m);
                    if (p == null) problems.error(n, ProblemKind.BAD_NAME, "invalid match name " + Problems.quote(m));
                    else if (a.names.size() >= limits.maxPatternsPerPolicy()) {
                        problems.error(n, ProblemKind.TOO_MANY_PATTERNS, "more than " + limits.maxPatternsPerPolicy() + " match names");
                        return;
                    } else a.names.add(p);
            }
        }
    }

    /**
     * Lowest TLS version a {@code protocols=} value permits: {@code >=TLSv1.2}, an inclusion list
     * ({@code TLSv1.2:TLSv1.3}) or exclusions ({@code !SSLv2:!SSLv3:!TLSv1:!TLSv1.1}); null if unrestricted.
     */
    static TlsVersion minTls(String value, int n, Problems problems) {
        TlsVersion ge = null, minIncluded = null;
        java.util.EnumSet<TlsVersion> excluded = java.util.EnumSet.noneOf(TlsVersion.class);
        for (String t : value.split("[:,]", -1)) {
            if (t.isEmpty()) continue;
            boolean not = t.startsWith("!");
            boolean atLeast = t.startsWith(">=");
            boolean atMost = t.startsWith("<=");
            String v = t.substring(not ? 1 : atLeast || atMost ? 2 : 0);
            if (v.equalsIgnoreCase("SSLv2")) continue; // below everything we model
            TlsVersion tv = TlsVersion.parse(v);
            if (tv == null) {
                problems.error(n, ProblemKind.UNKNOWN_VALUE, "unknown protocol " + Problems.quote(t) + " in protocols=");
                return null;
            }
            if (not) excluded.add(tv);
            else if (atLeast) ge = tv;
            else if (!atMost && (minIncluded == null || tv.compareTo(minIncluded) < 0)) minIncluded = tv;
        }
        if (ge != null) return ge;
        if (minIncluded != null) return minIncluded;
        if (excluded.isEmpty()) return null;
        for (TlsVersion tv : TlsVersion.values()) if (!excluded.contains(tv)) return tv;
        return null;
    }
}
