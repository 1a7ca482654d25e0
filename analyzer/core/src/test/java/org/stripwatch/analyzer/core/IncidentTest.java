package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Fixture.one;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.ingest.DedupAlertSink;
import org.stripwatch.analyzer.ingest.EmbeddedIngest;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/** A tampered attempt and the same client's cleartext retry are one incident; redelivery adds nothing. */
class IncidentTest {
    private static final String CLIENT = "192.0.2.10", SERVER = "198.51.100.25";

    private static SessionRecord attempt(int secondsAfterT0) {
        return session(CLIENT, SERVER, T0.plusSeconds(secondsAfterT0)).banner("mx1.example.net").ehlo(true).reset(58, 49).build();
    }

    private static SessionRecord retry(String client, int secondsAfterT0) {
        return session(client, SERVER, T0.plusSeconds(secondsAfterT0)).banner("mx1.example.net").ehlo(true).cleartextMail("example.org").build();
    }

    @Test
    void attemptThenCleartextRetryIsOneIncident() {
        Analyzer an = Fixture.analyzer();
        Alert first = one(an, attempt(0));
        assertEquals("tls_handshake_reset_injected", first.getType());
        assertEquals(first.getAlertId(), first.getIncidentId());
        Alert incident = one(an, retry(CLIENT, 42));
        assertEquals("mail_exposed_after_tls_tampering", incident.getType());
        assertEquals(Severity.HIGH, incident.getSeverity());
        assertEquals(first.getAlertId(), incident.getIncidentId());
        assertEquals(1, incident.getRelatedSessions().size());
        assertEquals(first.getSession(), incident.getRelatedSessions().get(0));
        assertEquals("mail for example.org went to 198.51.100.25 (mx1.example.net) in cleartext 42 s after the same client's STARTTLS"
                + " attempt was disrupted (a RST ended the TLS handshake after client_hello, TTL 58 instead of 49): the sender fell back to"
                + " cleartext, so the mail was exposed", incident.getReason());
    }

    @Test
    void underAnEnforcedPolicyTheIncidentIsCritical() {
        Analyzer an = Fixture.analyzer(Map.of("example.net.mta-sts.txt", Fixture.MTA_STS_ENFORCE));
        one(an, attempt(0));
        Alert incident = one(an, session(CLIENT, SERVER, T0.plusSeconds(30)).banner("mx1.example.net").ehlo(true).cleartextMail("example.net").build());
        assertEquals("mail_exposed_after_tls_tampering", incident.getType());
        assertEquals(Severity.CRITICAL, incident.getSeverity());
        assertTrue(incident.getReason().endsWith("; example.net's MTA-STS policy is enforce"), incident.getReason());
    }

    @Test
    void anotherClientOrARetryAfterTheWindowIsNotTheSameIncident() {
        Analyzer an = Fixture.analyzer();
        one(an, attempt(0));
        assertTrue(an.process(retry("192.0.2.99", 30)).isEmpty(), "another client, offered-not-used without policy: a fact only");
        assertTrue(an.process(retry(CLIENT, 11 * 60)).isEmpty(), "after the 10-minute window");
    }

    @Test
    void redeliveryOfTheSameRecordsGivesTheSameAlertsAndNoSecondStateUpdate() {
        Analyzer an = Fixture.analyzer();
        List<Alert> seen = new ArrayList<>();
        DedupAlertSink sink = new DedupAlertSink(seen::add);
        EmbeddedIngest ingest = new EmbeddedIngest(an, sink);
        List<SessionRecord> records = List.of(attempt(0), retry(CLIENT, 20));
        records.forEach(ingest);
        assertEquals(2, seen.size());
        records.forEach(ingest); // at-least-once: delivered again, e.g. after a crash before the commit
        assertEquals(2, seen.size(), "no new alert downstream");
        assertEquals(2, an.stats().redelivered());
        List<Alert> again = an.process(records.get(1));
        assertEquals(seen.get(1).getAlertId(), again.get(0).getAlertId());
        assertEquals(1, an.stats().incidents() - 2);
    }

    @Test
    void holdModeGivesOneLinePerIncidentAndReleasesUnansweredAttempts() {
        Analyzer an = new Analyzer(PolicyStore.empty(), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS.withHoldAttempts(true));
        assertTrue(an.process(attempt(0)).isEmpty(), "held");
        Alert incident = one(an, retry(CLIENT, 42));
        assertEquals("mail_exposed_after_tls_tampering", incident.getType());
        assertEquals(Severity.HIGH, incident.getSeverity());
        assertEquals(1, incident.getRelatedSessions().size());
        assertTrue(an.drainHeld().isEmpty(), "consumed by the incident");

        // an attempt nobody retries: released by the server's next record after the window, or at the end
        assertTrue(an.process(attempt(100)).isEmpty());
        List<Alert> later = an.process(session("192.0.2.77", SERVER, T0.plusSeconds(100 + 11 * 60)).ehlo(true).tls("TLSv1.3", "j").build());
        assertEquals(1, later.size());
        assertEquals("tls_handshake_reset_injected", later.get(0).getType());
        SessionRecord lone = attempt(2000);
        assertTrue(an.process(lone).isEmpty());
        List<Alert> drained = an.drainHeld();
        assertEquals(1, drained.size());
        assertEquals(drained.get(0).getAlertId(), drained.get(0).getIncidentId());
        assertTrue(an.drainHeld().isEmpty());
        // redelivery of the drained attempt: already processed, nothing new
        assertTrue(an.process(lone).isEmpty());
        assertTrue(an.drainHeld().isEmpty());
    }
}
