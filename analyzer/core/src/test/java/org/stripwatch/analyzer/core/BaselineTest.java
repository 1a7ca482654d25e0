package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Fixture.none;
import static org.stripwatch.analyzer.core.Fixture.one;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.baseline.Baseline;
import org.stripwatch.analyzer.core.baseline.BaselineConfig;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/** Baselines with long synthetic histories: warm-up, stripping, poisoning bursts, rollover, expiry, TLS 1.3 and TTL. */
class BaselineTest {
    private static final String SERVER = "198.51.100.25";
    private static final String[] CLIENTS = {"192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"};

    private final InMemoryStateStore store = new InMemoryStateStore();
    private final Analyzer an = new Analyzer(PolicyStore.empty(), store, AnalyzerConfig.DEFAULTS);
    private Rec.TestCert certA;
    private KeyPair caKey;

    BaselineTest() throws Exception {
        caKey = Rec.ecKey();
        certA = Rec.cert("mx.example.org", Rec.ecKey(), "Lab CA", caKey.getPrivate(), 100, "mx.example.org");
    }

    /** {@code n} sessions evenly over {@code span} from rotating clients; asserts none alerts. Returns the end time. */
    private Instant history(Instant from, int n, Duration span, BiFunction<String, Instant, SessionRecord> make) {
        long step = span.toMillis() / n;
        Instant t = from;
        for (int i = 0; i < n; i++) {
            t = from.plusMillis(step * i);
            List<Alert> out = an.process(make.apply(CLIENTS[i % CLIENTS.length], t));
            int idx = i;
            assertTrue(out.isEmpty(), () -> "history session " + idx + " alerted: " + out);
        }
        return t;
    }

    private SessionRecord normal(String client, Instant t) {
        return session(client, SERVER, t).banner("mx.example.org").ttl(52).ehlo(true).tls("TLSv1.2", "ja3s-1", certA.avro()).build();
    }

    private SessionRecord stripped(String client, Instant t) {
        return session(client, SERVER, t).banner("mx.example.org").ttl(52).ehlo(false).cleartextMail("example.org").build();
    }

    @Test
    void strippedStarttlsAfterALongHistoryIsHighAndCountsTheHistory() {
        Instant end = history(T0, 4000, Duration.ofDays(20), this::normal);
        Alert a = one(an, stripped("192.0.2.1", end.plusSeconds(60)));
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("starttls_stripped", a.getType());
        assertEquals("the EHLO reply from 198.51.100.25 (mx.example.org) had no STARTTLS, although this server offered STARTTLS in 4000"
                + " of the last 4000 sessions; mail for example.org then went in cleartext", a.getReason());
        assertEquals("4000/4000", a.getBaseline().get("starttls_offered"));
    }

    @Test
    void duringWarmUpAMissingStarttlsIsNotAnAttack() {
        Instant end = history(T0, 15, Duration.ofMinutes(15), this::normal);
        Alert a = one(an, stripped("192.0.2.1", end.plusSeconds(60)));
        assertEquals(Severity.LOW, a.getSeverity());
        assertTrue(a.getReason().contains("offered STARTTLS in only 15 of 15 sessions"), a.getReason());
    }

    @Test
    void aBurstOfStrippedSessionsDoesNotTeachTheBaselineThatStrippingIsNormal() {
        Instant end = history(T0, 3000, Duration.ofDays(10), this::normal);
        for (int i = 0; i < 2000; i++) {
            assertEquals(Severity.HIGH, one(an, stripped("203.0.113.66", end.plusMillis(300L * (i + 1)))).getSeverity());
        }
        Alert later = one(an, stripped("192.0.2.2", end.plus(Duration.ofHours(2))));
        assertEquals(Severity.HIGH, later.getSeverity());
        assertEquals(2000, an.stats().notLearned() - 1);
    }

    @Test
    void aBurstOfSubstitutedCertificatesNeverBecomesNormal() throws Exception {
        Instant end = history(T0, 3000, Duration.ofDays(10), this::normal);
        Rec.TestCert evil = Rec.selfSigned("mx.example.org", "mx.example.org");
        // 2000 sessions in 10 minutes from one address: capped influence, no persistence, one client
        for (int i = 0; i < 2000; i++) {
            Alert a = one(an, session("203.0.113.66", SERVER, end.plusMillis(300L * (i + 1))).banner("mx.example.org").ttl(52).ehlo(true)
                    .tls("TLSv1.2", "ja3s-1", evil.avro()).build());
            assertEquals("certificate_changed", a.getType());
        }
        Alert again = one(an, session("192.0.2.3", SERVER, end.plus(Duration.ofHours(3))).banner("mx.example.org").ttl(52).ehlo(true)
                .tls("TLSv1.2", "ja3s-1", evil.avro()).build());
        assertEquals(Severity.MEDIUM, again.getSeverity());
        assertTrue(again.getReason().contains("self-signed"), again.getReason());
        none(an, normal("192.0.2.4", end.plus(Duration.ofHours(3))));
        ServerState st = store.get("198.51.100.25/25");
        assertTrue(st.features.get(Baseline.CERT).get(evil.avro().getSha256()).counted <= 40, "influence is capped per window");
    }

    @Test
    void renewalWithTheSameKeyOrTheSameIssuerIsNotAnAttack() throws Exception {
        Instant end = history(T0, 2000, Duration.ofDays(10), this::normal);
        Rec.TestCert sameKey = Rec.cert("mx.example.org", certA.key(), "Lab CA", caKey.getPrivate(), 101, "mx.example.org");
        none(an, session("192.0.2.1", SERVER, end.plusSeconds(10)).banner("mx.example.org").ttl(52).ehlo(true).tls("TLSv1.2", "ja3s-1", sameKey.avro()).build());
        Rec.TestCert newKey = Rec.cert("mx.example.org", Rec.ecKey(), "Lab CA", caKey.getPrivate(), 102, "mx.example.org");
        none(an, session("192.0.2.1", SERVER, end.plusSeconds(20)).banner("mx.example.org").ttl(52).ehlo(true).tls("TLSv1.2", "ja3s-1", newKey.avro()).build());
    }

    @Test
    void aNewCertificateFromANewIssuerIsAcceptedOnceItPersists() throws Exception {
        Instant end = history(T0, 2000, Duration.ofDays(10), this::normal);
        Rec.TestCert moved = Rec.cert("mx.example.org", Rec.ecKey(), "Other CA", Rec.ecKey().getPrivate(), 5, "mx.example.org");
        int alerts = 0, quietAfter = -1;
        for (int i = 0; i < 300; i++) { // one session every 10 minutes for ~2 days, from five clients
            SessionRecord s = session(CLIENTS[i % 5], SERVER, end.plus(Duration.ofMinutes(10L * (i + 1)))).banner("mx.example.org").ttl(52).ehlo(true)
                    .tls("TLSv1.2", "ja3s-1", moved.avro()).build();
            List<Alert> out = an.process(s);
            if (!out.isEmpty()) {
                assertEquals(Severity.MEDIUM, out.get(0).getSeverity());
                alerts++;
            } else if (quietAfter < 0) {
                quietAfter = i;
            }
        }
        assertTrue(alerts > 0, "a new certificate from a new CA is reported at first");
        assertTrue(quietAfter > 0 && quietAfter <= 80, "accepted after ~12 h of persistence, quiet from session " + quietAfter);
        assertEquals(quietAfter, alerts, "and quiet from then on");
    }

    @Test
    void aDaneMatchingNewCertificateIsARolloverNotAnAttack() throws Exception {
        Rec.TestCert next = Rec.cert("mx.example.org", Rec.ecKey(), "Other CA", Rec.ecKey().getPrivate(), 6, "mx.example.org");
        String zone = "_25._tcp.mx.example.org. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(certA.der()))) + "\n"
                + "_25._tcp.mx.example.org. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(next.der()))) + "\n";
        Analyzer dane = new Analyzer(Fixture.policies(Map.of("dane.zone", zone)), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS);
        for (int i = 0; i < 2000; i++) {
            assertTrue(dane.process(normal(CLIENTS[i % 5], T0.plus(Duration.ofMinutes(10L * i)))).isEmpty());
        }
        none(dane, session("192.0.2.1", SERVER, T0.plus(Duration.ofDays(15))).banner("mx.example.org").ttl(52).ehlo(true)
                .tls("TLSv1.2", "ja3s-1", next.avro()).build());
    }

    @Test
    void valuesNotSeenForTheExpiryAreForgotten() throws Exception {
        Instant end = history(T0, 1000, Duration.ofDays(5), this::normal);
        Rec.TestCert b = Rec.cert("mx.example.org", Rec.ecKey(), "Lab CA", caKey.getPrivate(), 103, "mx.example.org");
        Instant t = end;
        for (int i = 0; i < 400; i++) {
            t = end.plus(Duration.ofHours(3L * (i + 1)));
            an.process(session(CLIENTS[i % 5], SERVER, t).banner("mx.example.org").ttl(52).ehlo(true).tls("TLSv1.2", "ja3s-1", b.avro()).build());
        }
        ServerState st = store.get("198.51.100.25/25");
        assertNull(st.features.get(Baseline.CERT).get(certA.avro().getSha256()), "not seen for 50 days");
        assertNotNull(st.features.get(Baseline.CERT).get(b.avro().getSha256()));
        assertTrue(st.features.get(Baseline.CERT).size() <= BaselineConfig.DEFAULTS.maxValues());
    }

    @Test
    void tls13FirstFlightChangeIsMediumAndASmallRenewalDifferenceIsNot() {
        BiFunction<String, Instant, SessionRecord> tls13 = (c, t) -> session(c, SERVER, t).ttl(52).ehlo(true).tls("TLSv1.3", "ja3s-13").firstFlight(36, 2980, 286, 74).build();
        Instant end = history(T0, 2000, Duration.ofDays(10), tls13);
        Alert a = one(an, session("192.0.2.1", SERVER, end.plusSeconds(5)).ttl(52).ehlo(true).tls("TLSv1.3", "ja3s-13").firstFlight(36, 1210, 286, 74).build());
        assertEquals(Severity.MEDIUM, a.getSeverity());
        assertEquals("tls_fingerprint_changed", a.getType());
        assertTrue(a.getReason().contains("first encrypted flight is 1606 bytes instead of 3376"), a.getReason());
        none(an, session("192.0.2.1", SERVER, end.plusSeconds(6)).ttl(52).ehlo(true).tls("TLSv1.3", "ja3s-13").firstFlight(36, 3001, 286, 74).build());
        assertEquals("tls_fingerprint_changed", one(an, session("192.0.2.1", SERVER, end.plusSeconds(7)).ttl(52).ehlo(true)
                .tls("TLSv1.3", "ja3s-other").firstFlight(36, 2980, 286, 74).build()).getType());
    }

    @Test
    void tlsVersionBelowTheBaselineIsMedium() {
        Instant end = history(T0, 2000, Duration.ofDays(10), this::normal);
        Alert a = one(an, session("192.0.2.1", SERVER, end.plusSeconds(5)).ttl(52).ehlo(true).tls("TLSv1.0", "ja3s-1", certA.avro()).build());
        assertEquals("tls_version_downgrade", a.getType());
        assertEquals(Severity.MEDIUM, a.getSeverity());
    }

    @Test
    void aRejectionWhoseTtlDiffersFromTheLearnedTtlIsInjected() {
        Instant end = history(T0, 2000, Duration.ofDays(10), this::normal);
        // the sensor saw no in-session difference (only a few packets), but the learned TTL is 52
        SessionRecord s = session("192.0.2.1", SERVER, end.plusSeconds(5)).ttl(52).ehlo(true).rejected(454, 61, 61).build();
        Alert a = one(an, s);
        assertEquals(Severity.HIGH, a.getSeverity());
        assertTrue(a.getReason().contains("its TTL 61 differs from the 52 this server's packets usually arrive with"), a.getReason());
    }

    @Test
    void shortCapturePresetLearnsWithinMinutes() {
        Analyzer lab = new Analyzer(PolicyStore.empty(), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS.withBaseline(BaselineConfig.SHORT_CAPTURES));
        for (int i = 0; i < 6; i++) assertTrue(lab.process(normal("192.0.2.1", T0.plusSeconds(i))).isEmpty());
        Alert a = one(lab, stripped("192.0.2.1", T0.plusSeconds(30)));
        assertEquals(Severity.HIGH, a.getSeverity());
        assertTrue(a.getReason().contains("offered STARTTLS in 6 of the last 6 sessions"), a.getReason());
    }
}
