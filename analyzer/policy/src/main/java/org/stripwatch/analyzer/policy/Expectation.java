package org.stripwatch.analyzer.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One thing one policy source says a delivery to a domain or MX host should look like. The store
 * keeps every expectation from every source, including conflicting ones; the analyzer decides.
 *
 * @param kind          the policy format it came from
 * @param scope         whether {@code subject} is a mail domain, a parent domain (subdomains only) or an MX host
 * @param subject       the normalised domain or host name
 * @param port          TCP port the expectation is limited to, or 0 for any
 * @param strength      what is demanded
 * @param enforced      false for report-only policies (MTA-STS/EFF {@code testing}, stripwatch {@code mode=report})
 * @param mxPatterns    allowed MX host / certificate names; empty = not restricted by this source
 * @param minTlsVersion lowest acceptable TLS version, or null
 * @param pins          fingerprints the leaf must match (strength PINNED), else empty
 * @param tlsa          TLSA records (DANE); usable and unusable ones, see {@link TlsaRecord#usable()}
 * @param expires       when the source stops being valid (EFF list {@code expires}), or null
 * @param source        file and line the expectation was read from
 * @param summary       one short human-readable description, e.g. {@code mta-sts mode=enforce max_age=604800 id=2016...}
 */
public record Expectation(PolicyKind kind, Scope scope, String subject, int port, Strength strength, boolean enforced,
                          List<MxPattern> mxPatterns, TlsVersion minTlsVersion, List<Pin> pins, List<TlsaRecord> tlsa,
                          Instant expires, SourceRef source, String summary) {

    /** What {@link Expectation#subject()} names. */
    public enum Scope {
        /** The recipient domain (RCPT TO domain part). */
        MAIL_DOMAIN,
        /** Every domain strictly below the subject (Postfix {@code .example.com} keys). */
        PARENT_DOMAIN,
        /** A server host name (TLSA base domain, Postfix {@code [host]} next hop, stripwatch {@code mx:host}). */
        MX_HOST
    }

    public Expectation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(strength, "strength");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(summary, "summary");
        if (scope == Scope.MX_HOST && DomainNames.isIpLiteral(subject)) {
            // Postfix [192.0.2.1] next hops name an address, kept verbatim
        } else if (!Objects.equals(DomainNames.normalize(subject), subject)) {
            throw new IllegalArgumentException("not a normalised name: " + subject);
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        mxPatterns = List.copyOf(mxPatterns);
        pins = List.copyOf(pins);
        tlsa = List.copyOf(tlsa);
    }

    /** True if this expectation makes a cleartext delivery a violation that should have been blocked. */
    public boolean requiresTls() {
        return enforced && strength.requiresTls();
    }

    /** True if {@code mxHost} matches one of this expectation's MX patterns. */
    public boolean mxMatches(String mxHost) {
        for (MxPattern p : mxPatterns) if (p.matches(mxHost)) return true;
        return false;
    }

    @Override
    public String toString() {
        return kind.wireName() + " " + subject + (port == 0 ? "" : ":" + port) + " " + strength.wireName()
                + (enforced ? "" : " (report only)") + " @" + source;
    }
}
