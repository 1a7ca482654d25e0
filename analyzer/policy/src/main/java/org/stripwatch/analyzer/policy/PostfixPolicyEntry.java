package org.stripwatch.analyzer.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a Postfix {@code smtp_tls_policy_maps} table (postfix.org TLS_README, "TLS policy table").
 *
 * @param key            the lookup key
 * @param level          the security level
 * @param matchNames     literal certificate-name patterns from {@code match=} ({@code .example.com} suffix or exact)
 * @param matchHostname  {@code match=} contains {@code hostname} (the MX host name itself), explicitly or by default for verify
 * @param matchNexthop   {@code match=} contains {@code nexthop}
 * @param matchDotNexthop {@code match=} contains {@code dot-nexthop}
 * @param fingerprints   {@code match=} fingerprints of level fingerprint (certificate or public key; length gives the digest)
 * @param protocols      {@code protocols=} as written, or null
 * @param minTlsVersion  lowest TLS version {@code protocols=} allows, or null if it does not restrict
 * @param ciphers        {@code ciphers=} grade, or null
 * @param exclude        {@code exclude=} cipher list, or null
 * @param otherAttributes attributes read but not applied ({@code tafile}, {@code servername}, ...)
 * @param source         file and line where the logical line starts
 */
public record PostfixPolicyEntry(Key key, PostfixLevel level, List<MxPattern> matchNames, boolean matchHostname,
                                 boolean matchNexthop, boolean matchDotNexthop, List<Pin> fingerprints, String protocols,
                                 TlsVersion minTlsVersion, String ciphers, String exclude,
                                 Map<String, String> otherAttributes, SourceRef source) {
    public PostfixPolicyEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(source, "source");
        matchNames = List.copyOf(matchNames);
        fingerprints = List.copyOf(fingerprints);
        otherAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(otherAttributes));
    }

    /**
     * The table key: a next-hop domain ({@code example.com}), a parent domain matching every
     * subdomain ({@code .example.com}), or a bracketed next-hop host without MX lookup
     * ({@code [mx.example.com]:587}). Port 0 means the default port.
     */
    public record Key(Kind kind, String name, int port) {
        public enum Kind { DOMAIN, PARENT_DOMAIN, NEXTHOP_HOST }

        @Override
        public String toString() {
            String base = kind == Kind.NEXTHOP_HOST ? "[" + name + "]" : kind == Kind.PARENT_DOMAIN ? "." + name : name;
            return port == 0 ? base : base + ":" + port;
        }
    }
}
