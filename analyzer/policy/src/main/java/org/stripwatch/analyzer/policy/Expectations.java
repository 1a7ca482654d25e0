package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns parsed policy documents into {@link Expectation}s. Pure functions; used by {@link PolicyLoader}. */
public final class Expectations {
    private Expectations() {
    }

    /** MTA-STS: enforce/testing = TLS with a valid certificate for a matching MX (RFC 8461 §4, §5); none = nothing. */
    public static Expectation from(MtaStsPolicy p) {
        Strength s = p.mode() == MtaStsMode.NONE ? Strength.NONE : Strength.AUTHENTICATED;
        String summary = "mta-sts mode=" + p.mode().name().toLowerCase(Locale.ROOT) + " max_age=" + p.maxAge()
                + (p.txtId() == null ? "" : " id=" + p.txtId());
        return new Expectation(PolicyKind.MTA_STS, Expectation.Scope.MAIL_DOMAIN, p.domain(), 0, s,
                p.mode() == MtaStsMode.ENFORCE, p.mx(), null, List.of(), List.of(), null, p.source(), summary);
    }

    /**
     * DANE: one expectation per (host, port, protocol), holding all its TLSA records. With at least
     * one usable record the chain must match (RFC 7672 §2.2); with only unusable ones TLS is still
     * mandatory but unauthenticated (RFC 7672 §2.2, "TLSA records ... none usable").
     */
    public static List<Expectation> fromTlsa(List<TlsaRecord> records) {
        Map<String, List<TlsaRecord>> groups = new LinkedHashMap<>();
        for (TlsaRecord r : records) groups.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
        List<Expectation> out = new ArrayList<>();
        for (List<TlsaRecord> g : groups.values()) {
            TlsaRecord first = g.get(0);
            long usable = g.stream().filter(TlsaRecord::usable).count();
            Strength s = usable > 0 ? Strength.DANE : Strength.ENCRYPT;
            String summary = "dane " + first.owner() + " " + usable + " of " + g.size() + " TLSA records usable";
            out.add(new Expectation(PolicyKind.DANE, Expectation.Scope.MX_HOST, first.host(), first.port(), s, true,
                    List.of(), null, List.of(), g, null, first.source(), summary));
        }
        return out;
    }

    /** STARTTLS Everywhere: TLS with a valid certificate matching {@code mxs}; testing = report only (RULES.md). */
    public static List<Expectation> from(StarttlsEverywhereList list) {
        List<Expectation> out = new ArrayList<>();
        for (StarttlsEverywhereList.Policy p : list.policies()) {
            String summary = "starttls-everywhere mode=" + p.mode().name().toLowerCase(Locale.ROOT)
                    + (p.alias() == null ? "" : " policy-alias=" + p.alias());
            out.add(new Expectation(PolicyKind.STARTTLS_EVERYWHERE, Expectation.Scope.MAIL_DOMAIN, p.domain(), 0,
                    Strength.AUTHENTICATED, p.mode() == StarttlsEverywhereList.Mode.ENFORCE, p.mxs(), p.minTlsVersion(),
                    List.of(), List.of(), list.expires(), p.source(), summary));
        }
        return out;
    }

    /**
     * Postfix: the level's strength; certificate names from {@code match=} ({@code nexthop} = the
     * key's domain, {@code dot-nexthop} = any name below it). {@code hostname} (the MX host itself)
     * cannot be a fixed pattern and only shows in the summary.
     */
    public static Expectation from(PostfixPolicyEntry e) {
        PostfixPolicyEntry.Key k = e.key();
        Expectation.Scope scope = k.kind() == PostfixPolicyEntry.Key.Kind.DOMAIN ? Expectation.Scope.MAIL_DOMAIN
                : k.kind() == PostfixPolicyEntry.Key.Kind.PARENT_DOMAIN ? Expectation.Scope.PARENT_DOMAIN
                : Expectation.Scope.MX_HOST;
        List<MxPattern> names = new ArrayList<>();
        boolean checksNames = e.level() == PostfixLevel.VERIFY || e.level() == PostfixLevel.SECURE;
        if (checksNames) {
            boolean isName = !DomainNames.isIpLiteral(k.name());
            if (e.matchNexthop() && isName) names.add(new MxPattern(MxPattern.Kind.EXACT, k.name()));
            if (e.matchDotNexthop() && isName) names.add(new MxPattern(MxPattern.Kind.SUFFIX, k.name()));
            names.addAll(e.matchNames());
        }
        StringBuilder summary = new StringBuilder("postfix ").append(k).append(' ').append(e.level().keyword());
        if (checksNames) summary.append(" match=").append(matchText(e));
        if (e.protocols() != null) summary.append(" protocols=").append(e.protocols());
        return new Expectation(PolicyKind.POSTFIX, scope, k.name(), k.port(), e.level().strength(), true,
                names, e.minTlsVersion(), e.fingerprints(), List.of(), null, e.source(), summary.toString());
    }

    private static String matchText(PostfixPolicyEntry e) {
        List<String> parts = new ArrayList<>();
        if (e.matchHostname()) parts.add("hostname");
        if (e.matchNexthop()) parts.add("nexthop");
        if (e.matchDotNexthop()) parts.add("dot-nexthop");
        for (MxPattern p : e.matchNames()) parts.add(p.toString());
        return String.join(":", parts);
    }

    /**
     * stripwatch rules: each {@code require-tls} is one ENCRYPT expectation; the {@code pin} lines
     * of one target and mode are alternatives and become one PINNED expectation (source = first line).
     */
    public static List<Expectation> fromRules(List<StripwatchRule> rules) {
        List<Expectation> out = new ArrayList<>();
        Map<String, List<StripwatchRule>> pins = new LinkedHashMap<>();
        for (StripwatchRule r : rules) {
            if (r.directive() == StripwatchRule.Directive.PIN) {
                pins.computeIfAbsent((r.mxHost() ? "mx:" : "") + r.subject() + " " + r.enforced(), k -> new ArrayList<>()).add(r);
                continue;
            }
            out.add(new Expectation(PolicyKind.STRIPWATCH, scope(r), r.subject(), 0, Strength.ENCRYPT, r.enforced(),
                    r.mx(), r.minTlsVersion(), List.of(), List.of(), null, r.source(),
                    "stripwatch require-tls" + (r.minTlsVersion() == null ? "" : " min-tls=" + r.minTlsVersion().openSslName())));
        }
        for (List<StripwatchRule> g : pins.values()) {
            StripwatchRule first = g.get(0);
            List<Pin> p = new ArrayList<>();
            List<MxPattern> mx = new ArrayList<>();
            TlsVersion min = null;
            for (StripwatchRule r : g) {
                p.add(r.pin());
                for (MxPattern m : r.mx()) if (!mx.contains(m)) mx.add(m);
                if (r.minTlsVersion() != null && (min == null || r.minTlsVersion().compareTo(min) > 0)) min = r.minTlsVersion();
            }
            out.add(new Expectation(PolicyKind.STRIPWATCH, scope(first), first.subject(), 0, Strength.PINNED,
                    first.enforced(), mx, min, p, List.of(), null, first.source(), "stripwatch pin (" + p.size() + " alternatives)"));
        }
        return out;
    }

    private static Expectation.Scope scope(StripwatchRule r) {
        return r.mxHost() ? Expectation.Scope.MX_HOST : Expectation.Scope.MAIL_DOMAIN;
    }
}
