package org.stripwatch.analyzer.policy;

import java.util.Objects;

/**
 * A pattern an MX host name (or a certificate name) must match. Three semantics exist in the
 * formats stripwatch reads and they differ, so the kind is explicit:
 * <ul>
 * <li>{@link Kind#EXACT}: the name itself, case-insensitive, trailing dot ignored.</li>
 * <li>{@link Kind#ONE_LABEL_WILDCARD}: MTA-STS {@code *.example.com}; the wildcard stands for
 *     exactly one leftmost label, so it matches {@code mx.example.com} but neither
 *     {@code example.com} nor {@code a.b.example.com} (RFC 8461 §4.1).</li>
 * <li>{@link Kind#SUFFIX}: STARTTLS-Everywhere {@code .example.com} and Postfix {@code .example.com}
 *     / {@code dot-nexthop}: any name strictly below the suffix, at any depth ("Arbitrarily deep
 *     subdomains can match a particular suffix", EFForg/starttls-everywhere RULES.md, "mxs").</li>
 * </ul>
 * {@code name} is the normalised base name without the {@code *.} or leading dot.
 */
public record MxPattern(Kind kind, String name) {
    public enum Kind { EXACT, ONE_LABEL_WILDCARD, SUFFIX }

    public MxPattern {
        Objects.requireNonNull(kind, "kind");
        if (!Objects.equals(DomainNames.normalize(name), name)) {
            throw new IllegalArgumentException("not a normalised name: " + name);
        }
    }

    /** Parses an MTA-STS {@code mx} value (RFC 8461 §3.2 {@code ["*."] Domain}); null if invalid. */
    public static MxPattern mtaSts(String s) {
        if (s.startsWith("*.")) {
            String base = DomainNames.normalize(s.substring(2));
            return base == null ? null : new MxPattern(Kind.ONE_LABEL_WILDCARD, base);
        }
        String n = DomainNames.normalize(s);
        return n == null ? null : new MxPattern(Kind.EXACT, n);
    }

    /** Parses a leading-dot suffix or exact name (STARTTLS Everywhere {@code mxs}, Postfix match names); null if invalid. */
    public static MxPattern dotSuffix(String s) {
        if (s.startsWith(".")) {
            String base = DomainNames.normalize(s.substring(1));
            return base == null ? null : new MxPattern(Kind.SUFFIX, base);
        }
        String n = DomainNames.normalize(s);
        return n == null ? null : new MxPattern(Kind.EXACT, n);
    }

    /** Does {@code host} (any case, trailing dot allowed) match this pattern? Invalid names never match. */
    public boolean matches(String host) {
        String h = DomainNames.normalize(host);
        if (h == null) return false;
        switch (kind) {
            case EXACT:
                return h.equals(name);
            case SUFFIX:
                return DomainNames.isStrictSubdomain(h, name);
            default:
                // exactly one label in front of the base name (RFC 8461 §4.1)
                return DomainNames.isStrictSubdomain(h, name) && h.indexOf('.') == h.length() - name.length() - 1;
        }
    }

    /**
     * Could a host covered by the certificate wildcard {@code *.base} match this pattern? Used to
     * attribute a session from a wildcard certificate name: {@code *.example.net} covers
     * {@code mx.example.net}, so it fits {@code mx.example.net}, {@code *.example.net} and
     * {@code .example.net}, but not {@code a.b.example.net} (RFC 6125 §6.4.3: one label).
     */
    public boolean overlapsWildcard(String base) {
        String b = DomainNames.normalize(base);
        if (b == null) return false;
        switch (kind) {
            case EXACT:
                return DomainNames.isStrictSubdomain(name, b) && name.indexOf('.') == name.length() - b.length() - 1;
            case SUFFIX:
                return DomainNames.isSameOrSubdomain(b, name);
            default:
                return name.equals(b);
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case EXACT:
                return name;
            case SUFFIX:
                return "." + name;
            default:
                return "*." + name;
        }
    }
}
