package org.stripwatch.analyzer.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.core.attribution.Attribution;
import org.stripwatch.analyzer.core.attribution.DomainAttributor;
import org.stripwatch.analyzer.core.correlation.CertificateCheck;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.analyzer.policy.MxPattern;
import org.stripwatch.analyzer.policy.PolicyKind;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.analyzer.policy.TlsaRecord;
import org.stripwatch.schemas.SessionRecord;

/**
 * RFC 8460 SMTP TLS reports from passively observed sessions: what every sender would report to a receiving
 * domain, per policy domain and UTC day. Feed sessions with {@link #add}, then take {@link #reports()}.
 *
 * <p>Per session (port 25 only): the domain is attributed as for alerts ({@link DomainAttributor}); the policy
 * applied is DANE if TLSA records exist for the MX (RFC 8461 §2: DANE takes precedence), else MTA-STS, else
 * {@code no-policy-found} (local lists such as Postfix maps or the EFF list are not published policies, so they
 * are not reported as such). Outcome: a missing or garbled STARTTLS is {@code starttls-not-supported}; a refused,
 * reset or unfinished upgrade is {@code validation-failure} with the sensor's finding as
 * {@code failure-reason-code}; a completed handshake whose certificate fails the policy gets the certificate result
 * type (DANE: {@code tlsa-invalid}); a completed handshake otherwise is a success. A cleartext delivery after an
 * offered STARTTLS counts as a failure only where a policy applies. Sessions with no EHLO reply, no STARTTLS and
 * no mail say nothing about TLS and are skipped ({@link #skipped()}).
 *
 * <p>Passive limits: DNSSEC and policy-fetch results ({@code dnssec-invalid}, {@code sts-policy-fetch-error},
 * {@code sts-policy-invalid}, {@code sts-webpki-invalid}) are never observed on the SMTP wire and never produced.
 */
public final class TlsRptBuilder {
    private static final Pattern MAX_AGE = Pattern.compile("max_age=(\\d+)");

    private final TlsRptConfig config;
    private final DomainAttributor attributor;
    /** policy domain → day → policy key → aggregate, all sorted for deterministic output. */
    private final Map<String, Map<LocalDate, Map<String, PolicyAgg>>> aggs = new TreeMap<>();
    private long added, skipped;

    public TlsRptBuilder(PolicyStore policies, TlsRptConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.attributor = new DomainAttributor(policies, config.serverDomains(), java.util.Set.of());
    }

    private record FailureKey(String resultType, String sendingIp, String mxHostname, String mxHelo, String receivingIp, String reasonCode) {
    }

    private static final class PolicyAgg {
        final Map<String, Object> policy;
        long success, failure;
        final Map<FailureKey, Long> failures = new LinkedHashMap<>();

        PolicyAgg(Map<String, Object> policy) {
            this.policy = policy;
        }
    }

    private record Outcome(ResultType type, String reasonCode) {
    }

    public void add(SessionRecord s) {
        if (!config.ports().contains(s.getServerPort())) {
            skipped++;
            return;
        }
        Attribution a = attributor.attribute(s);
        Expectation applied = applied(a);
        String domain = a.domain() != null ? a.domain() : applied != null && applied.kind() == PolicyKind.DANE ? applied.subject() : null;
        Outcome o = outcome(s, a, applied, domain);
        if (domain == null || o == null || (applied == null && !config.includeNoPolicy())) {
            skipped++;
            return;
        }
        added++;
        LocalDate day = s.getStart().atZone(ZoneOffset.UTC).toLocalDate();
        Map<String, Object> policy = policyObject(applied, domain, a.mxHost());
        PolicyAgg agg = aggs.computeIfAbsent(domain, k -> new TreeMap<>()).computeIfAbsent(day, k -> new TreeMap<>())
                .computeIfAbsent(policy.toString(), k -> new PolicyAgg(policy));
        if (o.type == null) {
            agg.success++;
        } else {
            agg.failure++;
            FailureKey k = new FailureKey(o.type.wireName(), Sessions.ip(s.getClientIp()), a.mxHost(), s.getServerBannerHost(),
                    Sessions.ip(s.getServerIp()), o.reasonCode);
            agg.failures.merge(k, 1L, Long::sum);
        }
    }

    /** Sessions counted in some report. */
    public long added() {
        return added;
    }

    /** Sessions not counted: other ports, no domain, or nothing about TLS to say. */
    public long skipped() {
        return skipped;
    }

    private static Expectation applied(Attribution a) {
        Expectation sts = null;
        for (Expectation e : a.expectations()) {
            if (e.kind() == PolicyKind.DANE && e.tlsa().stream().anyMatch(TlsaRecord::usable)) return e;
            if (e.kind() == PolicyKind.MTA_STS && sts == null) sts = e;
        }
        return sts;
    }

    /** null = nothing to report; type null = success. */
    private static Outcome outcome(SessionRecord s, Attribution a, Expectation applied, String domain) {
        for (String f : List.of("starttls_capability_garbled", "starttls_not_offered", "ehlo_downgraded_to_helo")) {
            if (Sessions.has(s, f)) return new Outcome(ResultType.STARTTLS_NOT_SUPPORTED, f);
        }
        for (String f : List.of("starttls_command_garbled", "starttls_rejected", "tls_handshake_reset", "tls_not_started_after_220",
                "tls_handshake_incomplete")) {
            if (Sessions.has(s, f)) {
                String code = Sessions.ev(Sessions.first(s, f), "reply_code");
                return new Outcome(ResultType.VALIDATION_FAILURE, code == null ? f : f + " " + code);
            }
        }
        if (Sessions.tlsCompleted(s)) {
            if (applied != null) {
                CertificateCheck c = CertificateCheck.check(s, applied, a.mxHost(), domain);
                if (c != null && c.failed()) {
                    ResultType t = applied.kind() == PolicyKind.DANE && c.result().equals("tlsa-invalid") ? ResultType.TLSA_INVALID
                            : ResultType.ofWireName(c.result());
                    return new Outcome(t == null ? ResultType.VALIDATION_FAILURE : t, c.detail());
                }
            }
            return new Outcome(null, null);
        }
        if (Sessions.mailInCleartext(s) && applied != null) return new Outcome(ResultType.VALIDATION_FAILURE, "starttls_offered_not_used");
        return null;
    }

    /** The RFC 8460 §4.4 "policy" object. */
    private static Map<String, Object> policyObject(Expectation e, String domain, String mxHost) {
        Map<String, Object> p = new LinkedHashMap<>();
        List<String> mx = new ArrayList<>();
        if (e == null) {
            p.put("policy-type", "no-policy-found");
            p.put("policy-string", List.of());
            if (mxHost != null) mx.add(mxHost);
        } else if (e.kind() == PolicyKind.DANE) {
            p.put("policy-type", "tlsa");
            List<String> lines = new ArrayList<>();
            for (TlsaRecord r : e.tlsa()) lines.add(r.usage() + " " + r.selector() + " " + r.matchingType() + " " + r.dataHex());
            p.put("policy-string", lines);
            mx.add(e.subject());
        } else {
            p.put("policy-type", "sts");
            List<String> lines = new ArrayList<>();
            lines.add("version: STSv1");
            lines.add("mode: " + mode(e));
            for (MxPattern m : e.mxPatterns()) {
                lines.add("mx: " + m);
                mx.add(m.toString());
            }
            Matcher ma = MAX_AGE.matcher(e.summary());
            if (ma.find()) lines.add("max_age: " + ma.group(1));
            p.put("policy-string", lines);
        }
        p.put("policy-domain", domain);
        if (!mx.isEmpty()) p.put("mx-host", mx);
        return p;
    }

    private static String mode(Expectation e) {
        if (e.summary().contains("mode=none")) return "none";
        return e.enforced() ? "enforce" : "testing";
    }

    /** One report per policy domain and UTC day, sorted by domain then day. */
    public List<TlsReport> reports() {
        List<TlsReport> out = new ArrayList<>();
        aggs.forEach((domain, days) -> days.forEach((day, policies) -> out.add(report(domain, day, policies))));
        return out;
    }

    private TlsReport report(String domain, LocalDate day, Map<String, PolicyAgg> policies) {
        String start = day + "T00:00:00Z", end = day + "T23:59:59Z";
        String id = UUID.nameUUIDFromBytes((config.organizationName() + "|" + domain + "|" + day).getBytes(StandardCharsets.UTF_8)).toString();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("organization-name", config.organizationName());
        r.put("date-range", Map.of("start-datetime", start, "end-datetime", end));
        r.put("contact-info", config.contactInfo());
        r.put("report-id", id);
        List<Object> ps = new ArrayList<>();
        for (PolicyAgg a : policies.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("policy", a.policy);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("total-successful-session-count", a.success);
            summary.put("total-failure-session-count", a.failure);
            p.put("summary", summary);
            if (!a.failures.isEmpty()) {
                List<Object> fd = new ArrayList<>();
                a.failures.forEach((k, n) -> fd.add(failure(k, n)));
                p.put("failure-details", fd);
            }
            ps.add(p);
        }
        r.put("policies", ps);
        long begin = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String sender = config.organizationName().replaceAll("[^A-Za-z0-9.-]", "_");
        String file = sender + "!" + domain + "!" + begin + "!" + (begin + 86399) + "!" + id.substring(0, 8) + ".json";
        return new TlsReport(domain, day, id, r, file);
    }

    private static Map<String, Object> failure(FailureKey k, long n) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("result-type", k.resultType());
        f.put("sending-mta-ip", k.sendingIp());
        if (k.mxHostname() != null) f.put("receiving-mx-hostname", k.mxHostname());
        if (k.mxHelo() != null) f.put("receiving-mx-helo", k.mxHelo());
        f.put("receiving-ip", k.receivingIp());
        f.put("failed-session-count", n);
        if (k.reasonCode() != null) f.put("failure-reason-code", k.reasonCode());
        return f;
    }

    /** Writes every report as {@code DIR/<fileName>}; returns the files written. */
    public List<Path> writeAll(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (TlsReport r : reports()) {
            Path p = dir.resolve(r.fileName());
            Files.writeString(p, r.toJson() + "\n", StandardCharsets.UTF_8);
            out.add(p);
        }
        return out;
    }
}
