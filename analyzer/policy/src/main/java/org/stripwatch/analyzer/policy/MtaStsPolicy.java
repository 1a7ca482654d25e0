package org.stripwatch.analyzer.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed MTA-STS policy (RFC 8461 §3.2) together with the policy domain it was fetched for and,
 * when known, the {@code id} of the domain's {@code _mta-sts} TXT record (RFC 8461 §3.1).
 *
 * @param domain     the policy domain (the recipient domain), normalised
 * @param mode       enforce, testing or none
 * @param mx         allowed MX patterns in file order, duplicates removed
 * @param maxAge     max_age in seconds (0..31557600)
 * @param txtId      the TXT record id, or null if no record file was given
 * @param extensions extension fields (unknown keys) in file order, first occurrence of each
 * @param source     the policy file (line 0)
 * @param txtSource  the TXT record file and line, or null
 */
public record MtaStsPolicy(String domain, MtaStsMode mode, List<MxPattern> mx, long maxAge, String txtId,
                           Map<String, String> extensions, SourceRef source, SourceRef txtSource) {
    public static final long MAX_AGE_LIMIT = 31_557_600L;

    public MtaStsPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(source, "source");
        if (!Objects.equals(DomainNames.normalize(domain), domain)) throw new IllegalArgumentException("domain " + domain);
        if (maxAge < 0 || maxAge > MAX_AGE_LIMIT) throw new IllegalArgumentException("max_age " + maxAge);
        mx = List.copyOf(mx);
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    /** The same policy with its TXT record id attached. */
    public MtaStsPolicy withTxt(String id, SourceRef where) {
        return new MtaStsPolicy(domain, mode, mx, maxAge, id, extensions, source, where);
    }

    /** True if {@code host} matches one of the {@code mx} patterns (RFC 8461 §4.1). */
    public boolean mxMatches(String host) {
        for (MxPattern p : mx) if (p.matches(host)) return true;
        return false;
    }
}
