package org.stripwatch.analyzer.core.attribution;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.policy.DomainNames;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.SessionRecord;

/**
 * Decides which recipient domain a session was for (issue 6, "Which domain is this session for"):
 * <ol>
 *   <li>RCPT TO domains, when the transaction was in cleartext (the one with the strongest policy wins);</li>
 *   <li>else the SNI, the 220 banner host, then the leaf certificate names, each matched against every
 *       policy's MX patterns ({@link PolicyStore#domainsForMx});</li>
 *   <li>else the configured server-address map.</li>
 * </ol>
 * Pure: the same record and store always give the same answer. Submission sessions (RFC 6409, port 587) get only
 * expectations written for that port: MX delivery policies (RFC 8461 §5, RFC 7672 §2) govern port 25.
 */
public final class DomainAttributor {
    private final PolicyStore store;
    private final Map<String, String> serverDomains;
    private final Set<Integer> submissionPorts;

    public DomainAttributor(PolicyStore store, Map<String, String> serverDomains, Set<Integer> submissionPorts) {
        this.store = Objects.requireNonNull(store, "store");
        this.serverDomains = Map.copyOf(serverDomains);
        this.submissionPorts = Set.copyOf(submissionPorts);
    }

    public Attribution attribute(SessionRecord s) {
        String mxHost = mxHost(s);
        Attribution a = fromRcpt(s, mxHost);
        if (a == null) a = fromHostNames(s, mxHost);
        if (a == null) {
            String d = DomainNames.normalize(serverDomains.get(Sessions.ip(s.getServerIp())));
            a = d == null ? new Attribution(null, Attribution.NONE, mxHost, expectations(s, null, mxHost))
                    : new Attribution(d, Attribution.CONFIGURED, mxHost, expectations(s, d, mxHost));
        }
        return a;
    }

    private Attribution fromRcpt(SessionRecord s, String mxHost) {
        if (!Sessions.mailInCleartext(s) || s.getRcptDomains().isEmpty()) return null;
        Attribution best = null;
        for (String r : s.getRcptDomains()) {
            String d = DomainNames.normalize(r);
            if (d == null) continue;
            Attribution a = new Attribution(d, Attribution.RCPT, mxHost, expectations(s, d, mxHost));
            if (best == null || strength(a) > strength(best)) best = a;
        }
        return best;
    }

    private static int strength(Attribution a) {
        Expectation g = a.governing();
        return g == null ? (a.expectations().isEmpty() ? 0 : 1) : 2 + (g.enforced() ? 100 : 0) + g.strength().ordinal();
    }

    private Attribution fromHostNames(SessionRecord s, String mxHost) {
        var tls = s.getTls();
        if (tls != null && tls.getSni() != null) {
            Attribution a = viaPatterns(s, tls.getSni(), Attribution.SNI);
            if (a != null) return a;
        }
        if (s.getServerBannerHost() != null) {
            Attribution a = viaPatterns(s, s.getServerBannerHost(), Attribution.BANNER);
            if (a != null) return a;
        }
        List<Certificate> chain = Sessions.chain(s);
        if (!chain.isEmpty()) {
            for (String n : Sessions.certNames(chain.get(0))) {
                Attribution a = viaPatterns(s, n, Attribution.CERTIFICATE);
                if (a != null) return a;
            }
        }
        return null;
    }

    private Attribution viaPatterns(SessionRecord s, String host, String method) {
        List<PolicyStore.MxMatch> m = store.domainsForMx(host);
        String mx = host.startsWith("*.") ? null : DomainNames.normalize(host);
        if (m.isEmpty()) {
            // The host has policies of its own (DANE TLSA, Postfix [host], stripwatch mx:): the server is identified
            // even though no domain's MX patterns name it; later, weaker evidence (certificate names) must not override it.
            if (mx != null && !method.equals(Attribution.CERTIFICATE) && !store.expectationsForMx(mx, s.getServerPort()).isEmpty()) {
                return new Attribution(null, method, mx, expectations(s, null, mx));
            }
            return null;
        }
        return new Attribution(m.get(0).domain(), method, mx, expectations(s, m.get(0).domain(), mx));
    }

    /** The server's own name as the session shows it: SNI, then the banner host, then the first certificate name. */
    static String mxHost(SessionRecord s) {
        if (s.getTls() != null && DomainNames.normalize(s.getTls().getSni()) != null) return DomainNames.normalize(s.getTls().getSni());
        if (DomainNames.normalize(s.getServerBannerHost()) != null) return DomainNames.normalize(s.getServerBannerHost());
        for (Certificate c : Sessions.chain(s)) {
            for (String n : Sessions.certNames(c)) if (!n.startsWith("*.") && DomainNames.normalize(n) != null) return DomainNames.normalize(n);
            break;
        }
        return null;
    }

    private List<Expectation> expectations(SessionRecord s, String domain, String mxHost) {
        int port = s.getServerPort();
        boolean submission = submissionPorts.contains(port);
        Map<Expectation, Boolean> out = new LinkedHashMap<>();
        if (domain != null) for (Expectation e : store.expectationsFor(domain)) if (applies(e, port, submission)) out.put(e, true);
        if (mxHost != null) for (Expectation e : store.expectationsForMx(mxHost, port)) if (applies(e, port, submission)) out.put(e, true);
        for (Expectation e : store.expectationsForMx(Sessions.ip(s.getServerIp()), port)) if (applies(e, port, submission)) out.put(e, true);
        return new ArrayList<>(out.keySet());
    }

    private static boolean applies(Expectation e, int port, boolean submission) {
        if (e.port() != 0) return e.port() == port;
        return !submission;
    }
}
