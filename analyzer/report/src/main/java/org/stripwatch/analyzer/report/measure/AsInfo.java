package org.stripwatch.analyzer.report.measure;

/**
 * What a table says about an address. {@code origin} is the origin AS text as published: {@code 64500}, a CAIDA
 * multi-origin {@code 64500_64501} (announced by several ASes) or an AS-set {@code 64500,64501}; sessions are
 * grouped under that exact text, never split, so group totals add up to the sessions seen. {@code primaryAsn} is
 * the first AS listed (for consumers that need one number). {@code country} is an ISO 3166 alpha-2 code or empty
 * (pfx2as has none); {@code name} the AS description or empty.
 */
public record AsInfo(String origin, long primaryAsn, String country, String name) {
    public AsInfo {
        if (origin == null || origin.isEmpty()) throw new IllegalArgumentException("origin is required");
        country = country == null ? "" : country;
        name = name == null ? "" : name;
    }

    /** "AS64500", "AS64500_64501 (MOAS)", "AS{64500,64501} (AS-set)". */
    public String label() {
        if (origin.indexOf('_') >= 0) return "AS" + origin + " (MOAS)";
        if (origin.indexOf(',') >= 0) return "AS{" + origin + "} (AS-set)";
        return "AS" + origin;
    }
}
