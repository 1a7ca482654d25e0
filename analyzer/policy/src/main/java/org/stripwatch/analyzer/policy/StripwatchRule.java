package org.stripwatch.analyzer.policy;

import java.util.List;
import java.util.Objects;

/**
 * One line of a stripwatch policy file (format in the module README).
 *
 * @param directive     require-tls or pin
 * @param mxHost        true if {@code subject} is an MX host ({@code mx:host}), false for a mail domain
 * @param subject       the normalised domain or host
 * @param minTlsVersion {@code min-tls=}, or null
 * @param mx            {@code mx=} patterns (attribution and allowed MX names), possibly empty
 * @param pin           the pinned fingerprint of a {@code pin} line, else null
 * @param enforced      false for {@code mode=report}
 * @param source        file and line
 */
public record StripwatchRule(Directive directive, boolean mxHost, String subject, TlsVersion minTlsVersion,
                             List<MxPattern> mx, Pin pin, boolean enforced, SourceRef source) {
    public enum Directive { REQUIRE_TLS, PIN }

    public StripwatchRule {
        Objects.requireNonNull(directive, "directive");
        Objects.requireNonNull(source, "source");
        if (!Objects.equals(DomainNames.normalize(subject), subject)) throw new IllegalArgumentException(subject);
        if ((directive == Directive.PIN) != (pin != null)) throw new IllegalArgumentException("pin iff directive PIN");
        mx = List.copyOf(mx);
    }
}
