package org.stripwatch.analyzer.core.baseline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.EhloCapability;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.TlsHandshake;

/**
 * What is normal for one receiving server, learned from its sessions. Reads and updates a {@link ServerState};
 * keeps no state of its own. Poisoning resistance: see {@link BaselineConfig} (influence caps per window,
 * persistence over time and across clients before a value is established). Deviations are judged against the
 * state <em>before</em> the session is observed.
 */
public final class Baseline {
    public static final String STARTTLS = "starttls", CAPABILITIES = "capabilities", TLS_VERSION = "tls_version",
            JA3S = "ja3s", CERT = "cert", SPKI = "spki", ISSUER = "issuer", FIRST_FLIGHT = "first_flight", TTL = "ttl",
            HANDSHAKE = "handshake";
    public static final String OFFERED = "offered", NOT_OFFERED = "not_offered", COMPLETED = "completed", FAILED = "failed";

    private final BaselineConfig config;

    public Baseline(BaselineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public BaselineConfig config() {
        return config;
    }

    /** The feature values one session shows (feature name to value); features the session does not show are absent. */
    public static Map<String, String> features(SessionRecord s) {
        Map<String, String> f = new LinkedHashMap<>();
        if (s.getEhloReplyComplete()) {
            f.put(STARTTLS, s.getStarttls().getOffered() ? OFFERED : NOT_OFFERED);
            TreeSet<String> caps = new TreeSet<>();
            for (EhloCapability c : s.getEhloCapabilities()) {
                String k = c.getKeyword().toUpperCase(java.util.Locale.ROOT);
                if (!k.equals("STARTTLS")) caps.add(k);
            }
            f.put(CAPABILITIES, String.join(" ", caps));
        }
        if (s.getStarttls().getAttempted() && s.getStarttls().getReplyCode() != null && s.getStarttls().getReplyCode() == 220) {
            f.put(HANDSHAKE, Sessions.tlsCompleted(s) ? COMPLETED : FAILED);
        }
        TlsHandshake t = s.getTls();
        if (t != null && t.getCompleted()) {
            if (t.getVersion() != null) f.put(TLS_VERSION, t.getVersion());
            if (t.getJa3s() != null) f.put(JA3S, t.getJa3s());
            if (!t.getCertificates().isEmpty()) {
                Certificate leaf = t.getCertificates().get(0);
                f.put(CERT, leaf.getSha256());
                f.put(SPKI, leaf.getSpkiSha256());
                f.put(ISSUER, leaf.getIssuer());
            }
            if (!t.getFirstFlightRecordSizes().isEmpty()) {
                long sum = 0;
                for (int n : t.getFirstFlightRecordSizes()) sum += n;
                f.put(FIRST_FLIGHT, Long.toString(sum));
            }
        }
        if (s.getTtlServerToClient() != null) f.put(TTL, Integer.toString(s.getTtlServerToClient()));
        return f;
    }

    /** Enough history (capped sessions and time) for deviations to count. */
    public boolean warm(ServerState st) {
        return st != null && st.counted >= config.warmupSessions() && st.lastSeen - st.firstSeen >= config.warmupSpan().toNanos() / 1000;
    }

    public ValueStats stats(ServerState st, String feature, String value) {
        if (st == null || value == null) return null;
        Map<String, ValueStats> m = st.features.get(feature);
        return m == null ? null : m.get(value);
    }

    public boolean established(ServerState st, String feature, String value) {
        ValueStats v = stats(st, feature, value);
        return v != null && v.established(config);
    }

    /** Established values of a feature, most sessions first. */
    public List<String> establishedValues(ServerState st, String feature) {
        List<String> out = new ArrayList<>();
        if (st == null) return out;
        Map<String, ValueStats> m = st.features.getOrDefault(feature, Map.of());
        m.entrySet().stream().filter(e -> e.getValue().established(config))
                .sorted((a, b) -> Long.compare(b.getValue().sessions, a.getValue().sessions)).forEach(e -> out.add(e.getKey()));
        return out;
    }

    /** Raw sessions with a complete EHLO reply that offered STARTTLS, and all such sessions: {offered, total}. */
    public long[] offerCounts(ServerState st) {
        ValueStats o = stats(st, STARTTLS, OFFERED), n = stats(st, STARTTLS, NOT_OFFERED);
        long off = o == null ? 0 : o.sessions, not = n == null ? 0 : n.sessions;
        return new long[] {off, off + not};
    }

    /** The server normally offers STARTTLS: established, and offered in at least {@code offerRate} of the capped sessions. */
    public boolean normallyOffers(ServerState st) {
        ValueStats o = stats(st, STARTTLS, OFFERED), n = stats(st, STARTTLS, NOT_OFFERED);
        if (o == null || !o.established(config)) return false;
        long not = n == null ? 0 : n.counted;
        return o.counted >= config.offerRate() * (o.counted + not);
    }

    /** The server has never been seen offering STARTTLS (in a complete EHLO reply). */
    public boolean neverOffered(ServerState st) {
        return stats(st, STARTTLS, OFFERED) == null;
    }

    /** Updates the state with one session (call after judging it). */
    public void observe(ServerState st, SessionRecord s, String clientKey) {
        long t = Sessions.micros(s.getStart());
        if (st.sessions == 0) st.firstSeen = t;
        st.sessions++;
        st.lastSeen = Math.max(st.lastSeen, t);
        if (t - st.windowStart >= config.windowMicros() || t < st.windowStart) {
            st.windowStart = t;
            st.windowCount = 0;
        }
        if (st.windowCount < config.maxPerWindow()) {
            st.windowCount++;
            st.counted++;
        }
        for (Map.Entry<String, String> e : features(s).entrySet()) {
            Map<String, ValueStats> m = st.features.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
            expire(m, t);
            ValueStats v = m.get(e.getValue());
            if (v == null) {
                makeRoom(m);
                v = new ValueStats();
                m.put(e.getValue(), v);
            }
            v.observe(t, clientKey, config);
        }
    }

    private void expire(Map<String, ValueStats> m, long now) {
        long max = config.valueExpiry().toNanos() / 1000;
        m.values().removeIf(v -> now - v.lastSeen > max);
    }

    /** Bounded: drop the least recently seen non-established value (or, if all are established, the least recent). */
    private void makeRoom(Map<String, ValueStats> m) {
        if (m.size() < config.maxValues()) return;
        String victim = null;
        boolean victimEstablished = true;
        for (Iterator<Map.Entry<String, ValueStats>> it = m.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ValueStats> e = it.next();
            boolean est = e.getValue().established(config);
            if (victim == null || (victimEstablished && !est)
                    || (est == victimEstablished && e.getValue().lastSeen < m.get(victim).lastSeen)) {
                victim = e.getKey();
                victimEstablished = est;
            }
        }
        m.remove(victim);
    }
}
