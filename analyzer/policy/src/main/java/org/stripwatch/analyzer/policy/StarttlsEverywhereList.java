package org.stripwatch.analyzer.policy;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The EFF STARTTLS Everywhere policy list (EFForg/starttls-everywhere RULES.md), aliases resolved.
 *
 * @param version   the list's {@code version}, or null
 * @param timestamp {@code timestamp}, or null
 * @param expires   {@code expires}, or null; after it senders fall back to opportunistic TLS (RULES.md)
 * @param policies  one entry per domain in file order
 * @param source    the file (line 0)
 */
public record StarttlsEverywhereList(String version, Instant timestamp, Instant expires, List<Policy> policies,
                                     SourceRef source) {
    public StarttlsEverywhereList {
        Objects.requireNonNull(source, "source");
        policies = List.copyOf(policies);
    }

    /** {@code testing}: log and report failures; {@code enforce}: also refuse delivery (RULES.md, "mode"). */
    public enum Mode {
        TESTING, ENFORCE;

        static Mode parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "testing": return TESTING;
                case "enforce": return ENFORCE;
                default: return null;
            }
        }
    }

    /**
     * One domain's policy.
     *
     * @param domain        the mail domain (exact match, RULES.md "policies")
     * @param mode          testing or enforce
     * @param mxs           leading-dot suffixes or exact names (RULES.md "mxs")
     * @param alias         the policy-alias it was resolved from, or null
     * @param minTlsVersion {@code min-tls-version}, or null
     * @param source        where the domain's entry starts
     */
    public record Policy(String domain, Mode mode, List<MxPattern> mxs, String alias, TlsVersion minTlsVersion,
                         SourceRef source) {
        public Policy {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(source, "source");
            if (!Objects.equals(DomainNames.normalize(domain), domain)) throw new IllegalArgumentException(domain);
            mxs = List.copyOf(mxs);
        }

        public boolean mxMatches(String host) {
            for (MxPattern p : mxs) if (p.matches(host)) return true;
            return false;
        }
    }
}
