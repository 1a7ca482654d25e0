package org.stripwatch.analyzer.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stripwatch.analyzer.core.attribution.Attribution;
import org.stripwatch.analyzer.core.attribution.DomainAttributor;
import org.stripwatch.analyzer.core.baseline.Baseline;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.core.baseline.ServerState.PendingAttempt;
import org.stripwatch.analyzer.core.baseline.StateStore;
import org.stripwatch.analyzer.core.correlation.Incidents;
import org.stripwatch.analyzer.core.correlation.Rules;
import org.stripwatch.analyzer.core.correlation.Verdict;
import org.stripwatch.analyzer.ingest.AlertIds;
import org.stripwatch.analyzer.ingest.RecordProcessor;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.SessionRef;

/**
 * The analyzer: session record + policies + the server's state → at most one alert per session, plus the state
 * update. The logic is a function of (record, policy store, state before); the state lives behind
 * {@link StateStore}, so the embedded file store and a Kafka Streams store are two homes for the same code.
 *
 * <p>Per session: attribute the domain ({@link DomainAttributor}), judge ({@link Rules}), keep the most severe
 * verdict (the others are named in the evidence), turn a cleartext retry after a tampered attempt into the
 * incident verdict ({@link Incidents}), then learn: the session updates the baselines of its server address and of
 * its MX name, unless it was judged high or critical (an attack teaches nothing) or it was seen before
 * (redelivery: same alerts, no second update).
 *
 * <p>Thread-safety: one record at a time ({@code process} is synchronized); the Kafka consumer calls it from one
 * thread per partition set.
 */
public final class Analyzer implements RecordProcessor, AutoCloseable {
    private final StateStore state;
    private final AnalyzerConfig config;
    /** Replaced whole on a policy reload, under the lock {@code process} holds: a record sees one policy set. */
    private DomainAttributor attributor;
    private final Baseline baseline;
    private final Rules rules;
    private final AnalyzerStats stats = new AnalyzerStats();

    public Analyzer(PolicyStore policies, StateStore state, AnalyzerConfig config) {
        this.state = Objects.requireNonNull(state, "state");
        this.config = Objects.requireNonNull(config, "config");
        this.attributor = new DomainAttributor(policies, config.serverDomains(), config.submissionPorts());
        this.baseline = new Baseline(config.baseline());
        this.rules = new Rules(baseline);
    }

    /**
     * Puts a new policy store in force from the next record on; baselines and held attempts are kept.
     * Called by {@link AnalyzerRuntime#reload()} only with a store that loaded without errors.
     */
    public synchronized void replacePolicies(PolicyStore policies) {
        this.attributor = new DomainAttributor(Objects.requireNonNull(policies, "policies"), config.serverDomains(),
                config.submissionPorts());
    }

    public AnalyzerStats stats() {
        return stats;
    }

    @Override
    public synchronized List<Alert> process(SessionRecord s) {
        stats.records.incrementAndGet();
        Attribution a = attributor.attribute(s);
        String ipKey = serverKey(s), mxKey = a.mxHost() == null ? null : "mx:" + a.mxHost() + "/" + s.getServerPort();
        ServerState ipSt = state.get(ipKey), mxSt = mxKey == null ? null : state.get(mxKey);
        ServerState judged = baseline.warm(ipSt) || !baseline.warm(mxSt) ? ipSt : mxSt;

        List<Verdict> verdicts = rules.judge(new Rules.Input(s, a, judged));
        Verdict top = top(verdicts);
        long window = config.retryWindow().toNanos() / 1000;
        PendingAttempt att = Incidents.match(ipSt, s, window);
        if (att != null) top = Incidents.incident(s, a, att, top);

        List<Alert> out = new ArrayList<>(1);
        long t = Sessions.micros(s.getStart());
        if (config.holdAttempts() && ipSt != null) out.addAll(releaseHeld(ipSt, a0 -> t - a0.start > window));
        Alert alert = null;
        if (top != null) {
            alert = build(s, a, top, verdicts, att);
            stats.alerts.incrementAndGet();
            if (att != null) stats.incidents.incrementAndGet();
            if (att != null) att.heldAlert = null; // the incident alert replaces the held attempt alert
        }
        boolean hold = config.holdAttempts() && att == null && Incidents.tamperedAttempt(s);
        if (alert != null && !hold) out.add(alert);
        out.addAll(learn(s, ipKey, ipSt, mxKey, mxSt, top, alert, hold));
        return out;
    }

    /** State key of the receiving server: address and port (ports differ in behaviour: 25 vs 587). */
    public static String serverKey(SessionRecord s) {
        return Sessions.ip(s.getServerIp()) + "/" + s.getServerPort();
    }

    private static Verdict top(List<Verdict> vs) {
        Verdict best = null;
        for (Verdict v : vs) if (best == null || Verdict.rank(v.severity()) > Verdict.rank(best.severity())) best = v;
        return best;
    }

    /** Updates the state; returns held alerts that had to be released (attempt list full). */
    private List<Alert> learn(SessionRecord s, String ipKey, ServerState ipSt, String mxKey, ServerState mxSt, Verdict top, Alert alert,
                              boolean hold) {
        String key = AlertIds.of(AlertIds.ref(s), "");
        if (ipSt != null && ipSt.seenRecently(key)) {
            stats.redelivered.incrementAndGet();
            state.put(ipKey, ipSt);
            return List.of();
        }
        if (ipSt == null) ipSt = new ServerState();
        boolean attack = top != null && Verdict.rank(top.severity()) >= Verdict.rank(org.stripwatch.schemas.Severity.HIGH);
        String client = Sessions.ip(s.getClientIp());
        if (attack) {
            stats.notLearned.incrementAndGet();
        } else {
            baseline.observe(ipSt, s, client);
            if (mxKey != null) {
                if (mxSt == null) mxSt = new ServerState();
                baseline.observe(mxSt, s, client);
                state.put(mxKey, mxSt);
            }
        }
        List<Alert> released = rememberAttempt(ipSt, s, top, alert, hold);
        ipSt.rememberRecent(key, config.recentSessionKeys());
        state.put(ipKey, ipSt);
        return released;
    }

    private List<Alert> rememberAttempt(ServerState st, SessionRecord s, Verdict top, Alert alert, boolean hold) {
        long t = Sessions.micros(s.getStart()), window = config.retryWindow().toNanos() / 1000;
        List<Alert> released = new ArrayList<>(releaseHeld(st, x -> t - x.start > window));
        st.attempts.removeIf(x -> t - x.start > window);
        if (!Incidents.tamperedAttempt(s)) return released;
        PendingAttempt p = new PendingAttempt();
        p.clientIp = Sessions.ip(s.getClientIp());
        p.sensorId = s.getSensorId();
        p.connectionId = s.getConnectionId();
        p.clientPort = s.getClientPort();
        p.start = t;
        p.alertId = alert == null ? "" : alert.getAlertId();
        p.alertType = top == null ? "" : top.type();
        p.what = Incidents.what(s);
        if (hold && alert != null) p.heldAlert = encode(alert);
        st.attempts.add(p);
        while (st.attempts.size() > config.maxPendingAttempts()) {
            PendingAttempt dropped = st.attempts.remove(0);
            if (dropped.heldAlert != null) released.add(decode(dropped.heldAlert));
            stats.attemptsDropped.incrementAndGet();
        }
        return released;
    }

    /** Emits (and clears) the held attempt alerts that {@code due} selects, oldest first. */
    private static List<Alert> releaseHeld(ServerState st, java.util.function.Predicate<PendingAttempt> due) {
        List<Alert> out = new ArrayList<>();
        for (PendingAttempt p : st.attempts) {
            if (p.heldAlert != null && due.test(p)) {
                out.add(decode(p.heldAlert));
                p.heldAlert = null;
            }
        }
        return out;
    }

    /**
     * With {@link AnalyzerConfig#holdAttempts()}: the attempt alerts still held (no retry seen) at the end of the input,
     * ordered by time then id. Call before the final flush of a replay.
     */
    public synchronized List<Alert> drainHeld() {
        List<Alert> out = new ArrayList<>();
        for (String k : state.keys()) {
            ServerState st = state.get(k);
            if (st == null || st.attempts.isEmpty()) continue;
            List<Alert> r = releaseHeld(st, x -> true);
            if (!r.isEmpty()) {
                out.addAll(r);
                state.put(k, st);
            }
        }
        out.sort(java.util.Comparator.comparing(Alert::getTime).thenComparing(Alert::getAlertId));
        return out;
    }

    private static String encode(Alert a) {
        try {
            java.nio.ByteBuffer b = Alert.getEncoder().encode(a);
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return java.util.Base64.getEncoder().encodeToString(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("encoding an alert in memory cannot fail", e);
        }
    }

    private static Alert decode(String b64) {
        try {
            return Alert.getDecoder().decode(java.util.Base64.getDecoder().decode(b64));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("held alert in the state is unreadable (state file damaged?)", e);
        }
    }

    private Alert build(SessionRecord s, Attribution a, Verdict v, List<Verdict> all, PendingAttempt att) {
        if (att != null && att.heldAlert != null) v = escalate(v, decode(att.heldAlert));
        Alert.Builder b = AlertIds.newAlert(s, v.type(), v.severity());
        String id = b.getAlertId();
        List<String> types = v.findingTypes().isEmpty() ? allFindingTypes(s) : v.findingTypes();
        Map<String, String> evidence = new LinkedHashMap<>();
        String detail = "";
        for (Finding f : s.getFindings()) {
            if (!types.contains(f.getType())) continue;
            if (detail.isEmpty()) detail = f.getDetail();
            evidence.put(f.getType(), f.getDetail());
            f.getEvidence().forEach((k, val) -> evidence.put(f.getType() + "." + k, val));
        }
        evidence.putAll(v.evidence());
        if (a.mxHost() != null) evidence.put("mx_host", a.mxHost());
        List<String> others = new ArrayList<>();
        for (Verdict o : all) if (!o.type().equals(v.type())) others.add(o.type());
        if (!others.isEmpty()) evidence.put("other_verdicts", String.join(",", others));
        Expectation p = v.policy();
        b.setDomain(a.domain()).setDomainAttribution(a.method()).setDetail(detail).setEvidence(evidence).setFindingTypes(types)
                .setReason(v.reason()).setPolicy(p == null ? null : p.summary()).setPolicySource(p == null ? null : p.source().toString())
                .setClientIp(s.getClientIp()).setClientPort(s.getClientPort()).setBaseline(v.baseline())
                .setIncidentId(att != null ? (att.alertId.isEmpty() ? id : att.alertId) : Incidents.tamperedAttempt(s) ? id : "");
        if (att != null) {
            b.setRelatedSessions(List.of(SessionRef.newBuilder().setSensorId(att.sensorId).setConnectionId(att.connectionId)
                    .setClientIp(s.getClientIp()).setClientPort(att.clientPort).setServerIp(s.getServerIp()).setServerPort(s.getServerPort())
                    .setStart(java.time.Instant.ofEpochSecond(att.start / 1_000_000L, (att.start % 1_000_000L) * 1000)).build()));
        }
        return b.build();
    }

    /** A held attempt alert more severe than the incident verdict lends it its severity (one line carries the worst). */
    private static Verdict escalate(Verdict v, Alert held) {
        if (held.getSeverity().ordinal() <= v.severity().ordinal()) return v;
        return new Verdict(v.type(), held.getSeverity(), v.reason(), v.policy(), v.findingTypes(), v.evidence(), v.baseline());
    }

    private static List<String> allFindingTypes(SessionRecord s) {
        List<String> out = new ArrayList<>();
        for (Finding f : s.getFindings()) if (!out.contains(f.getType())) out.add(f.getType());
        return out;
    }

    /** Makes the state durable (the embedded file store writes its file). Call at the end of a replay and periodically. */
    public synchronized void flush() throws IOException {
        state.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        state.close();
    }
}
