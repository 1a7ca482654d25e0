package org.stripwatch.analyzer.core.correlation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.core.attribution.Attribution;
import org.stripwatch.analyzer.core.baseline.Baseline;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/**
 * The verdicts one session deserves, from its findings, its domain's policies and its server's baseline (issue 6,
 * "Severity follows the evidence"). A pure function: nothing here changes state.
 * <ul>
 *   <li>policy requires TLS + cleartext delivery: critical (report-only policy: medium, and the sentence says so);</li>
 *   <li>garbled STARTTLS (capability or command), injected 454/RST (TTL, timing or overlap evidence): high, policy or not;</li>
 *   <li>certificate failing DANE, MTA-STS names, self-signed/expired, pin mismatch: high (report-only: medium);</li>
 *   <li>STARTTLS missing at a server whose baseline offers it: high;</li>
 *   <li>TLS 1.3 fingerprint or first-flight change, new certificate with a new key from a new issuer, TLS version
 *       below the baseline, without a policy: medium;</li>
 *   <li>{@code starttls_not_offered} at a server never seen offering it, no policy: informational;</li>
 *   <li>{@code starttls_offered_not_used} without a policy (submission clients, old MTAs): a fact, no verdict.</li>
 * </ul>
 */
public final class Rules {
    private final Baseline baseline;

    public Rules(Baseline baseline) {
        this.baseline = baseline;
    }

    /** Everything the rules need about one session. {@code st} is the server's state before this session (may be null). */
    public record Input(SessionRecord s, Attribution a, ServerState st) {
        String ip() {
            return Sessions.ip(s.getServerIp());
        }

        String server() {
            return Phrases.server(ip(), a.mxHost());
        }
    }

    public List<Verdict> judge(Input in) {
        List<Verdict> out = new ArrayList<>();
        add(out, cleartextAgainstPolicy(in));
        add(out, garbledCapability(in));
        add(out, garbledCommand(in));
        add(out, stripped(in));
        add(out, rejected(in));
        add(out, reset(in));
        add(out, notStarted(in));
        add(out, handshakeFailedUnderPolicy(in));
        add(out, certificate(in));
        add(out, tlsVersionBelowPolicy(in));
        add(out, tlsVersion(in));
        add(out, tls13Fingerprint(in));
        add(out, notOffered(in));
        return out;
    }

    private static void add(List<Verdict> out, Verdict v) {
        if (v != null) out.add(v);
    }

    // --- cleartext and stripping -------------------------------------------------------------------------

    private Verdict cleartextAgainstPolicy(Input in) {
        Expectation g = in.a.governing();
        if (g == null) return null;
        SessionRecord s = in.s;
        boolean clear = Sessions.mailInCleartext(s);
        boolean stripped = Sessions.has(s, "starttls_not_offered") || Sessions.has(s, "starttls_capability_garbled")
                || Sessions.has(s, "ehlo_downgraded_to_helo");
        if (!clear && !stripped) return null;
        String cause = cleartextCause(s);
        String base = offerHistory(in);
        if (clear) {
            String reason = Phrases.mailFor(in.a.domain()) + " went to " + in.server() + " in cleartext: " + cause
                    + ", although " + Phrases.policy(g) + (base.isEmpty() ? "" : " and " + base) + Phrases.reportOnly(g);
            return new Verdict("cleartext_policy_violation", g.enforced() ? Severity.CRITICAL : Severity.MEDIUM, reason, g,
                    findingTypes(s), Map.of(), baselineFacts(in));
        }
        String reason = in.server() + " was reached without STARTTLS: " + cause + ", although " + Phrases.policy(g)
                + (base.isEmpty() ? "" : " and " + base) + "; no mail was sent in cleartext" + Phrases.reportOnly(g);
        return new Verdict("starttls_stripped", g.enforced() ? Severity.HIGH : Severity.MEDIUM, reason, g, findingTypes(s), Map.of(),
                baselineFacts(in));
    }

    static String cleartextCause(SessionRecord s) {
        Finding f;
        if ((f = Sessions.first(s, "starttls_capability_garbled")) != null)
            return "the EHLO reply carried \"" + Sessions.ev(f, "token") + "\" where STARTTLS belongs";
        if (Sessions.has(s, "starttls_not_offered")) return "the EHLO reply had no STARTTLS";
        if (Sessions.has(s, "ehlo_downgraded_to_helo")) return "EHLO was refused and the client fell back to HELO";
        if ((f = Sessions.first(s, "starttls_command_garbled")) != null)
            return "the client's STARTTLS arrived as \"" + Sessions.ev(f, "command") + "\" and was refused";
        if (Sessions.has(s, "starttls_offered_not_used")) return "the client did not use the STARTTLS the server offered";
        if (Sessions.has(s, "starttls_rejected")) return "the server refused STARTTLS";
        return "no TLS was negotiated";
    }

    /** "this server offered STARTTLS in 412 of the last 412 sessions", or "" without history. */
    private String offerHistory(Input in) {
        long[] c = baseline.offerCounts(in.st);
        if (c[1] == 0) return "";
        return "this server offered STARTTLS in " + c[0] + " of the last " + Phrases.plural(c[1], "session");
    }

    private Map<String, String> baselineFacts(Input in) {
        Map<String, String> m = new LinkedHashMap<>();
        if (in.st == null) return m;
        long[] c = baseline.offerCounts(in.st);
        if (c[1] > 0) m.put("starttls_offered", c[0] + "/" + c[1]);
        m.put("sessions", Long.toString(in.st.sessions));
        m.put("warm", Boolean.toString(baseline.warm(in.st)));
        List<String> ttl = baseline.establishedValues(in.st, Baseline.TTL);
        if (!ttl.isEmpty()) m.put("server_ttl", String.join(",", ttl));
        return m;
    }

    private Verdict garbledCapability(Input in) {
        Finding f = Sessions.first(in.s, "starttls_capability_garbled");
        if (f == null) return null;
        String tail = Sessions.mailInCleartext(in.s) ? "; the mail then went in cleartext" : "";
        String reason = "the EHLO reply from " + in.server() + " listed \"" + Sessions.ev(f, "token")
                + "\" where STARTTLS belongs: the capability was overwritten on the path so the sender would not encrypt" + tail;
        return new Verdict("starttls_capability_garbled", Severity.HIGH, reason, null, List.of(f.getType()), Map.of(), baselineFacts(in));
    }

    private Verdict garbledCommand(Input in) {
        Finding f = Sessions.first(in.s, "starttls_command_garbled");
        if (f == null) return null;
        String reason = "the client's STARTTLS reached " + in.server() + " as \"" + Sessions.ev(f, "command") + "\" and the server answered "
                + Sessions.ev(f, "reply_code") + ": the command was altered on the path to prevent encryption";
        return new Verdict("starttls_command_garbled", Severity.HIGH, reason, null, List.of(f.getType()), Map.of(), baselineFacts(in));
    }

    private Verdict stripped(Input in) {
        if (in.a.governing() != null || !baseline.warm(in.st) || !baseline.normallyOffers(in.st)) return null;
        boolean notOffered = Sessions.has(in.s, "starttls_not_offered"), helo = Sessions.has(in.s, "ehlo_downgraded_to_helo");
        if (!notOffered && !helo) return null;
        String tail = Sessions.mailInCleartext(in.s) ? "; " + Phrases.mailFor(in.a.domain()) + " then went in cleartext" : "";
        String reason = (notOffered ? "the EHLO reply from " + in.server() + " had no STARTTLS"
                : in.server() + " refused EHLO and the client fell back to HELO") + ", although " + offerHistory(in) + ttlNote(in) + tail;
        return new Verdict(notOffered ? "starttls_stripped" : "ehlo_downgraded", Severity.HIGH, reason, null, findingTypes(in.s), Map.of(),
                baselineFacts(in));
    }

    private Verdict notOffered(Input in) {
        if (!Sessions.has(in.s, "starttls_not_offered") || in.a.governing() != null) return null;
        if (baseline.warm(in.st) && baseline.normallyOffers(in.st)) return null;
        long[] c = baseline.offerCounts(in.st);
        String history = c[1] == 0 ? "the first session seen with this server"
                : c[0] == 0 ? "it has not offered STARTTLS in " + (c[1] == 1 ? "the one earlier session" : "any of " + c[1] + " earlier sessions")
                : "it offered STARTTLS in only " + c[0] + " of " + Phrases.plural(c[1], "session");
        String reason = in.server() + " does not offer STARTTLS (" + history + "), so " + Phrases.mailFor(in.a.domain())
                + " to it travels in cleartext; no policy requires TLS" + (in.a.domain() == null ? "" : " for " + in.a.domain());
        Severity sev = c[0] == 0 ? Severity.INFO : Severity.LOW;
        return new Verdict("starttls_not_offered", sev, reason, null, List.of("starttls_not_offered"), Map.of(), baselineFacts(in));
    }

    // --- tampered upgrades ------------------------------------------------------------------------------

    /** The TLS upgrade normally works here: a policy demands it, or the server's baseline completes handshakes. */
    private boolean tlsExpected(Input in) {
        if (in.a.governing() != null) return true;
        return baseline.warm(in.st) && baseline.established(in.st, Baseline.HANDSHAKE, Baseline.COMPLETED);
    }

    private Verdict rejected(Input in) {
        Finding f = Sessions.first(in.s, "starttls_rejected");
        if (f == null) return null;
        List<String> ev = injection(f, in);
        String code = Sessions.ev(f, "reply_code");
        if (!ev.isEmpty()) {
            String reason = "the " + code + " reply refusing STARTTLS from " + in.server() + " looks injected: " + String.join(", ", ev)
                    + mailTail(in);
            return new Verdict("starttls_reply_injected", Severity.HIGH, reason, in.a.governing(), List.of(f.getType()), Map.of(), baselineFacts(in));
        }
        boolean expected = tlsExpected(in);
        String reason = in.server() + " refused STARTTLS with " + code + " (\"" + f.getDetail() + "\")"
                + (expected ? ", although " + why(in) : "; no injection evidence") + mailTail(in);
        return new Verdict("starttls_rejected", expected ? Severity.MEDIUM : Severity.LOW, reason, in.a.governing(), List.of(f.getType()),
                Map.of(), baselineFacts(in));
    }

    private Verdict reset(Input in) {
        Finding f = Sessions.first(in.s, "tls_handshake_reset");
        if (f == null) return null;
        List<String> ev = injection(f, in);
        String who = Sessions.ev(f, "sender"), after = Sessions.ev(f, "after");
        String what = "a RST " + (who == null ? "" : "claiming to come from the " + who + " ") + "ended the TLS handshake with "
                + in.server() + (after == null ? "" : " after " + after);
        if (!ev.isEmpty()) {
            return new Verdict("tls_handshake_reset_injected", Severity.HIGH, what + "; it looks injected: " + String.join(", ", ev) + mailTail(in),
                    in.a.governing(), List.of(f.getType()), Map.of(), baselineFacts(in));
        }
        boolean expected = tlsExpected(in);
        return new Verdict("tls_handshake_reset", expected ? Severity.MEDIUM : Severity.LOW,
                what + (expected ? ", although " + why(in) : "; no injection evidence") + mailTail(in), in.a.governing(),
                List.of(f.getType()), Map.of(), baselineFacts(in));
    }

    private Verdict notStarted(Input in) {
        Finding f = Sessions.first(in.s, "tls_not_started_after_220");
        if (f == null) return null;
        boolean expected = tlsExpected(in);
        String reason = "after " + in.server() + " accepted STARTTLS, the " + Sessions.ev(f, "direction")
                + " sent non-TLS bytes: the upgrade never happened" + (expected ? ", although " + why(in) : "") + mailTail(in);
        return new Verdict("tls_not_started", expected ? Severity.MEDIUM : Severity.LOW, reason, in.a.governing(), List.of(f.getType()),
                Map.of(), baselineFacts(in));
    }

    private Verdict handshakeFailedUnderPolicy(Input in) {
        Finding f = Sessions.first(in.s, "tls_handshake_incomplete");
        if (f == null || Sessions.has(in.s, "tls_handshake_reset") || in.a.governing() == null) return null;
        Expectation g = in.a.governing();
        String reason = "the TLS handshake with " + in.server() + " did not complete (" + f.getDetail() + "), although " + Phrases.policy(g)
                + Phrases.reportOnly(g);
        return new Verdict("tls_handshake_failed", Severity.MEDIUM, reason, g, List.of(f.getType()), Map.of(), baselineFacts(in));
    }

    private String why(Input in) {
        Expectation g = in.a.governing();
        if (g != null) return Phrases.policy(g);
        var v = baseline.stats(in.st, Baseline.HANDSHAKE, Baseline.COMPLETED);
        return "TLS with this server completed in " + (v == null ? 0 : v.sessions) + " earlier sessions";
    }

    private static String mailTail(Input in) {
        return Sessions.mailInCleartext(in.s) ? "; the mail then went in cleartext" : "";
    }

    /** Injection indicators on a finding, in words; a TTL off the server's learned TTL counts too. */
    private List<String> injection(Finding f, Input in) {
        List<String> out = new ArrayList<>();
        if ("true".equals(Sessions.ev(f, "ttl_differs"))) {
            out.add("it arrived with TTL " + Sessions.ev(f, "ttl") + " where the " + (Sessions.ev(f, "sender") == null ? "server" : Sessions.ev(f, "sender"))
                    + "'s packets have " + Sessions.ev(f, "median_ttl"));
        }
        if ("true".equals(Sessions.ev(f, "faster_than_server_rtt"))) {
            out.add("it came " + Sessions.ev(f, "reply_latency_us") + " µs after the command, faster than the server's round trip ("
                    + Sessions.ev(f, "server_rtt_us") + " µs)");
        }
        if ("true".equals(Sessions.ev(f, "overlap_conflict_at_reply"))) out.add("a different reply was sent for the same TCP bytes");
        if (out.isEmpty() && Sessions.ev(f, "ttl") != null && baseline.warm(in.st)) {
            List<String> ttl = baseline.establishedValues(in.st, Baseline.TTL);
            if (!ttl.isEmpty() && !near(ttl, Sessions.ev(f, "ttl"), 1)) {
                out.add("its TTL " + Sessions.ev(f, "ttl") + " differs from the " + String.join("/", ttl) + " this server's packets usually arrive with");
            }
        }
        return out;
    }

    private String ttlNote(Input in) {
        Integer t = in.s.getTtlServerToClient();
        if (t == null) return "";
        List<String> ttl = baseline.establishedValues(in.st, Baseline.TTL);
        if (ttl.isEmpty() || near(ttl, Integer.toString(t), 1)) return "";
        return "; its packets arrived with TTL " + t + " where they usually have " + String.join("/", ttl) + " (another device answered)";
    }

    private static boolean near(List<String> values, String v, int tolerance) {
        try {
            int x = Integer.parseInt(v);
            for (String s : values) if (Math.abs(Integer.parseInt(s) - x) <= tolerance) return true;
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    // --- certificates and TLS fingerprints ---------------------------------------------------------------

    /** Policy checks of the chain; also returns whether a policy validated it (then a new certificate is a rollover). */
    private Verdict certificate(Input in) {
        if (!Sessions.tlsCompleted(in.s) || Sessions.chain(in.s).isEmpty()) return null;
        Expectation failedPolicy = null;
        CertificateCheck failed = null;
        boolean validated = false;
        for (Expectation e : in.a.expectations()) {
            CertificateCheck c = CertificateCheck.check(in.s, e, in.a.mxHost(), in.a.domain());
            if (c == null) continue;
            if (!c.failed()) {
                validated |= e.enforced();
            } else if (failed == null || (e.enforced() && !failedPolicy.enforced())) {
                failed = c;
                failedPolicy = e;
            }
        }
        if (failed != null) {
            String reason = "the certificate " + in.server() + " presented" + (in.a.domain() == null ? "" : " for " + in.a.domain())
                    + " fails " + Phrases.policy(failedPolicy) + ": " + failed.detail() + Phrases.reportOnly(failedPolicy);
            return new Verdict("certificate_policy_violation", failedPolicy.enforced() ? Severity.HIGH : Severity.MEDIUM, reason,
                    failedPolicy, List.of(), Map.of("result_type", failed.result()), baselineFacts(in));
        }
        if (validated) return null; // a chain a policy vouches for is a legitimate rollover, whatever the baseline says
        return certificateChanged(in);
    }

    private Verdict certificateChanged(Input in) {
        if (!baseline.warm(in.st)) return null;
        Certificate leaf = Sessions.chain(in.s).get(0);
        List<String> known = baseline.establishedValues(in.st, Baseline.CERT);
        if (known.isEmpty() || baseline.established(in.st, Baseline.CERT, leaf.getSha256())) return null;
        if (baseline.established(in.st, Baseline.SPKI, leaf.getSpkiSha256())) return null; // renewal, same key
        if (!leaf.getSelfSigned() && baseline.established(in.st, Baseline.ISSUER, leaf.getIssuer())) return null; // renewal, same CA
        var prev = baseline.stats(in.st, Baseline.CERT, known.get(0));
        String reason = in.server() + " presented a certificate never seen before (" + (leaf.getSelfSigned() ? "self-signed, " : "")
                + "issuer \"" + leaf.getIssuer() + "\", sha256 " + CertificateCheck.abbrev(leaf.getSha256()) + ") with a new key, although it presented "
                + CertificateCheck.abbrev(known.get(0)) + " in " + Phrases.plural(prev.sessions, "session") + "; no policy vouches for the new one";
        return new Verdict("certificate_changed", Severity.MEDIUM, reason, null, List.of(), Map.of("new_cert_sha256", leaf.getSha256()),
                baselineFacts(in));
    }

    /** Postfix {@code protocols=}, stripwatch {@code min-tls=}, EFF {@code min-tls-version}: a lower negotiated version violates the policy. */
    private Verdict tlsVersionBelowPolicy(Input in) {
        if (!Sessions.tlsCompleted(in.s) || in.s.getTls().getVersion() == null) return null;
        org.stripwatch.analyzer.policy.TlsVersion v = org.stripwatch.analyzer.policy.TlsVersion.parse(in.s.getTls().getVersion());
        if (v == null) return null;
        for (Expectation e : in.a.expectations()) {
            if (e.minTlsVersion() == null || v.compareTo(e.minTlsVersion()) >= 0) continue;
            String reason = "the TLS session with " + in.server() + " used " + in.s.getTls().getVersion() + ", below the "
                    + e.minTlsVersion().openSslName() + " that " + Phrases.policy(e) + " demands" + Phrases.reportOnly(e);
            return new Verdict("tls_version_below_policy", e.enforced() ? Severity.HIGH : Severity.MEDIUM, reason, e, List.of(),
                    Map.of("tls_version", in.s.getTls().getVersion()), baselineFacts(in));
        }
        return null;
    }

    private Verdict tlsVersion(Input in) {
        if (!Sessions.tlsCompleted(in.s) || !baseline.warm(in.st)) return null;
        String v = in.s.getTls().getVersion();
        List<String> known = baseline.establishedValues(in.st, Baseline.TLS_VERSION);
        if (v == null || known.isEmpty() || known.contains(v)) return null;
        for (String k : known) if (k.compareTo(v) <= 0) return null; // "TLSv1.2" < "TLSv1.3": not lower than every known one
        Expectation g = in.a.governing();
        String reason = "the TLS session with " + in.server() + " used " + v + ", although this server negotiated " + String.join("/", known)
                + " until now (version downgrade)";
        return new Verdict("tls_version_downgrade", Severity.MEDIUM, reason, g, List.of(), Map.of("tls_version", v), baselineFacts(in));
    }

    private Verdict tls13Fingerprint(Input in) {
        if (!Sessions.tlsCompleted(in.s) || !Sessions.chain(in.s).isEmpty() || !baseline.warm(in.st)) return null;
        var t = in.s.getTls();
        List<String> problems = new ArrayList<>();
        List<String> ja3s = baseline.establishedValues(in.st, Baseline.JA3S);
        if (t.getJa3s() != null && !ja3s.isEmpty() && !ja3s.contains(t.getJa3s())) problems.add("its JA3S " + t.getJa3s() + " is new");
        Map<String, String> f = Baseline.features(in.s);
        List<String> sizes = baseline.establishedValues(in.st, Baseline.FIRST_FLIGHT);
        String size = f.get(Baseline.FIRST_FLIGHT);
        if (size != null && !sizes.isEmpty() && !near(sizes, size, baseline.config().firstFlightTolerance())) {
            problems.add("its first encrypted flight is " + size + " bytes instead of " + String.join("/", sizes)
                    + " (a different certificate chain)");
        }
        if (problems.isEmpty()) return null;
        Expectation g = in.a.governing();
        boolean auth = g != null && g.enforced() && g.strength().requiresAuthentication();
        String reason = "the TLS 1.3 handshake with " + in.server() + " differs from its baseline: " + String.join(" and ", problems)
                + (g == null ? "" : ", and " + Phrases.policy(g));
        return new Verdict("tls_fingerprint_changed", auth ? Severity.HIGH : Severity.MEDIUM, reason, g, List.of(), Map.of(), baselineFacts(in));
    }

    private static List<String> findingTypes(SessionRecord s) {
        List<String> out = new ArrayList<>();
        for (Finding f : s.getFindings()) if (!out.contains(f.getType())) out.add(f.getType());
        return out;
    }
}
