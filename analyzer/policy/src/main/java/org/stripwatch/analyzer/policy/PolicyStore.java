package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every loaded expectation, indexed for the analyzer's two questions: what does a domain (and the
 * MX host a session went to) expect, and which policies' MX patterns does a host name match.
 * Immutable and thread-safe. Expectations from different sources are never merged: a domain with
 * MTA-STS {@code testing} and a Postfix {@code secure} entry yields both, in load order.
 */
public final class PolicyStore {
    /** An MX host name matched one pattern of one expectation (domain attribution). */
    public record MxMatch(String domain, MxPattern pattern, Expectation expectation) {
    }

    private record Indexed(MxPattern pattern, Expectation expectation) {
    }

    private static final PolicyStore EMPTY = new PolicyStore(List.of());

    private final List<Expectation> all;
    private final Map<String, List<Expectation>> byDomain;
    private final Map<String, List<Expectation>> byParent;
    private final Map<String, List<Expectation>> byHost;
    private final Map<String, List<Indexed>> byPatternName;
    private final Map<String, List<Indexed>> byExactParent;
    private final Map<Expectation, Integer> order = new IdentityHashMap<>();

    public PolicyStore(List<Expectation> expectations) {
        this.all = List.copyOf(expectations);
        Map<String, List<Expectation>> d = new HashMap<>(), p = new HashMap<>(), h = new HashMap<>();
        Map<String, List<Indexed>> pat = new HashMap<>(), exactParent = new HashMap<>();
        for (Expectation e : all) {
            order.put(e, order.size());
            Map<String, List<Expectation>> m = e.scope() == Expectation.Scope.MAIL_DOMAIN ? d
                    : e.scope() == Expectation.Scope.PARENT_DOMAIN ? p : h;
            m.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e);
            if (e.scope() != Expectation.Scope.MX_HOST) {
                for (MxPattern mp : e.mxPatterns()) {
                    pat.computeIfAbsent(mp.name(), k -> new ArrayList<>()).add(new Indexed(mp, e));
                    String parent = parent(mp.name());
                    if (mp.kind() == MxPattern.Kind.EXACT && parent != null) {
                        exactParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(new Indexed(mp, e));
                    }
                }
            }
        }
        this.byDomain = freeze(d);
        this.byParent = freeze(p);
        this.byHost = freeze(h);
        this.byPatternName = freeze(pat);
        this.byExactParent = freeze(exactParent);
    }

    public static PolicyStore empty() {
        return EMPTY;
    }

    private static <V> Map<String, List<V>> freeze(Map<String, List<V>> m) {
        Map<String, List<V>> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    /** All expectations in load order. */
    public List<Expectation> all() {
        return all;
    }

    public int size() {
        return all.size();
    }

    /**
     * Expectations for a recipient domain: entries for exactly that domain (MTA-STS, STARTTLS
     * Everywhere, Postfix domain keys, stripwatch rules) and Postfix {@code .parent} entries for
     * any parent of it. Case and a trailing dot are ignored; an invalid name yields nothing.
     */
    public List<Expectation> expectationsFor(String domain) {
        String d = DomainNames.normalize(domain);
        if (d == null) return List.of();
        List<Expectation> out = new ArrayList<>(byDomain.getOrDefault(d, List.of()));
        for (int dot = d.indexOf('.'); dot >= 0; dot = d.indexOf('.', dot + 1)) {
            out.addAll(byParent.getOrDefault(d.substring(dot + 1), List.of()));
        }
        return sorted(out);
    }

    /** Expectations attached to a server host name or address: DANE TLSA records, Postfix {@code [host]} keys, stripwatch {@code mx:} rules. */
    public List<Expectation> expectationsForMx(String mxHost) {
        String h = DomainNames.isIpLiteral(mxHost) ? mxHost.toLowerCase(java.util.Locale.ROOT) : DomainNames.normalize(mxHost);
        return h == null ? List.of() : byHost.getOrDefault(h, List.of());
    }

    /** {@link #expectationsForMx(String)} limited to those for any port or for {@code port}. */
    public List<Expectation> expectationsForMx(String mxHost, int port) {
        List<Expectation> out = new ArrayList<>();
        for (Expectation e : expectationsForMx(mxHost)) if (e.port() == 0 || e.port() == port) out.add(e);
        return out;
    }

    /** Domain expectations plus those of the MX host the session went to, in load order. */
    public List<Expectation> expectationsFor(String domain, String mxHost) {
        List<Expectation> out = new ArrayList<>(expectationsFor(domain));
        out.addAll(expectationsForMx(mxHost));
        return sorted(out);
    }

    /** Expectations of {@code domain} whose MX patterns {@code mxHost} matches (RFC 8461 §4.1 and the other formats' rules). */
    public List<Expectation> mxMatches(String domain, String mxHost) {
        List<Expectation> out = new ArrayList<>();
        for (Expectation e : expectationsFor(domain)) if (e.mxMatches(mxHost)) out.add(e);
        return out;
    }

    /**
     * Domain attribution: every domain-scoped expectation one of whose MX patterns matches
     * {@code hostName} (an SNI, EHLO/banner host or certificate name), in load order. A parent-domain
     * expectation reports its parent as the domain. A wildcard certificate name {@code *.base} matches
     * the patterns that some host it covers would match ({@link MxPattern#overlapsWildcard}).
     */
    public List<MxMatch> domainsForMx(String hostName) {
        if (hostName != null && hostName.startsWith("*.")) return domainsForWildcard(hostName.substring(2));
        String h = DomainNames.normalize(hostName);
        if (h == null) return List.of();
        Map<Expectation, MxMatch> found = new IdentityHashMap<>();
        for (String suffix = h; suffix != null; suffix = parent(suffix)) {
            for (Indexed i : byPatternName.getOrDefault(suffix, List.of())) {
                if (i.pattern.matches(h)) found.putIfAbsent(i.expectation, new MxMatch(i.expectation.subject(), i.pattern, i.expectation));
            }
        }
        return inLoadOrder(found);
    }

    /** A wildcard certificate name {@code *.base}: patterns some one-label host below {@code base} would match. */
    private List<MxMatch> domainsForWildcard(String base) {
        String b = DomainNames.normalize(base);
        if (b == null) return List.of();
        Map<Expectation, MxMatch> found = new IdentityHashMap<>();
        List<Indexed> candidates = new ArrayList<>(byExactParent.getOrDefault(b, List.of()));
        for (String suffix = b; suffix != null; suffix = parent(suffix)) candidates.addAll(byPatternName.getOrDefault(suffix, List.of()));
        for (Indexed i : candidates) {
            if (i.pattern.overlapsWildcard(b)) found.putIfAbsent(i.expectation, new MxMatch(i.expectation.subject(), i.pattern, i.expectation));
        }
        return inLoadOrder(found);
    }

    private List<MxMatch> inLoadOrder(Map<Expectation, MxMatch> found) {
        List<MxMatch> out = new ArrayList<>(found.values());
        out.sort((a, b) -> Integer.compare(order.get(a.expectation()), order.get(b.expectation())));
        return out;
    }

    /** All mail domains that have at least one expectation. */
    public List<String> domains() {
        List<String> out = new ArrayList<>(byDomain.keySet());
        Collections.sort(out);
        return out;
    }

    private static String parent(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? null : name.substring(dot + 1);
    }

    private List<Expectation> sorted(List<Expectation> l) {
        if (l.size() > 1) l.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
        return List.copyOf(l);
    }
}
