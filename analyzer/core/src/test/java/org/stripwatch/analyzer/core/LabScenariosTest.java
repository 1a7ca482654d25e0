package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

/**
 * A short lab-like capture (minutes, cold baselines) mixing every attack with clean traffic and a DANE key
 * rollover: one incident per attack, the right severity, nothing for clean sessions. The real lab captures
 * (captures/lab) are checked end to end by the lead; this is the same table on synthetic records.
 */
class LabScenariosTest {
    private record Scenario(String label, SessionRecord record) {
    }

    @Test
    void oneIncidentPerAttackAndNothingForCleanTraffic() throws Exception {
        Map<String, List<String>> table = run(AnalyzerConfig.DEFAULTS);
        assertEquals(Map.of(
                "strip+policy", List.of("cleartext_policy_violation/CRITICAL"),
                "garbled", List.of("starttls_capability_garbled/HIGH"),
                "inject454", List.of("starttls_reply_injected/HIGH", "mail_exposed_after_tls_tampering/HIGH"),
                "rst+retry", List.of("tls_handshake_reset_injected/HIGH", "mail_exposed_after_tls_tampering/CRITICAL"),
                "cert-substitution", List.of("certificate_policy_violation/HIGH"),
                "strip+testing", List.of("cleartext_policy_violation/MEDIUM"),
                "no-tls-server", List.of("starttls_not_offered/INFO")), table);
    }

    @Test
    void holdModeGivesExactlyOneLinePerIncident() throws Exception {
        Map<String, List<String>> table = run(AnalyzerConfig.DEFAULTS.withHoldAttempts(true));
        assertEquals(Map.of(
                "strip+policy", List.of("cleartext_policy_violation/CRITICAL"),
                "garbled", List.of("starttls_capability_garbled/HIGH"),
                "inject454", List.of("mail_exposed_after_tls_tampering/HIGH"),
                "rst+retry", List.of("mail_exposed_after_tls_tampering/CRITICAL"),
                "cert-substitution", List.of("certificate_policy_violation/HIGH"),
                "strip+testing", List.of("cleartext_policy_violation/MEDIUM"),
                "no-tls-server", List.of("starttls_not_offered/INFO")), table);
    }

    private static Map<String, List<String>> run(AnalyzerConfig config) throws Exception {
        var mxKey = Rec.ecKey();
        var good = Rec.cert("mx1.example.net", mxKey, "Lab CA", Rec.ecKey().getPrivate(), 1, "mx1.example.net");
        var dane1 = Rec.cert("mx.dane.example", Rec.ecKey(), "Lab CA", Rec.ecKey().getPrivate(), 2, "mx.dane.example");
        var dane2 = Rec.cert("mx.dane.example", Rec.ecKey(), "Lab CA", Rec.ecKey().getPrivate(), 3, "mx.dane.example");
        var evil = Rec.selfSigned("mx.dane.example", "mx.dane.example");
        String zone = "_25._tcp.mx.dane.example. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(dane1.der()))) + "\n"
                + "_25._tcp.mx.dane.example. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(dane2.der()))) + "\n";
        Analyzer an = new Analyzer(Fixture.policies(Map.of("example.net.mta-sts.txt", Fixture.MTA_STS_ENFORCE, "testing.example.mta-sts.txt",
                Fixture.MTA_STS_TESTING, "lab.zone", zone, "tls_policy", Fixture.POSTFIX)), new InMemoryStateStore(), config);
        String mx1 = "198.51.100.25", mxDane = "198.51.100.30", plain = "198.51.100.40";
        List<Scenario> capture = List.of(
                new Scenario("clean", session("192.0.2.1", mx1, T0).banner("mx1.example.net").ehlo(true).tls("TLSv1.2", "j", good.avro()).build()),
                new Scenario("strip+policy", session("192.0.2.2", mx1, T0.plusSeconds(10)).banner("mx1.example.net").ehlo(false).cleartextMail("example.net").build()),
                new Scenario("garbled", session("192.0.2.3", plain, T0.plusSeconds(20)).garbledCapability("XXXXXXXA").cleartextMail("nopolicy.example").build()),
                new Scenario("inject454", session("192.0.2.4", mx1, T0.plusSeconds(30)).banner("mx1.example.net").ehlo(true).rejected(454, 61, 52).build()),
                new Scenario("inject454", session("192.0.2.4", mx1, T0.plusSeconds(60)).banner("mx1.example.net").ehlo(true).cleartextMail("nopolicy.example").build()),
                new Scenario("rst+retry", session("192.0.2.5", mx1, T0.plusSeconds(70)).banner("mx1.example.net").ehlo(true).reset(58, 49).build()),
                new Scenario("rst+retry", session("192.0.2.5", mx1, T0.plusSeconds(95)).banner("mx1.example.net").ehlo(true).cleartextMail("example.net").build()),
                new Scenario("cert-substitution", session("192.0.2.6", mxDane, T0.plusSeconds(100)).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j", evil.avro()).build()),
                new Scenario("clean", session("192.0.2.6", mxDane, T0.plusSeconds(110)).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j", dane1.avro()).build()),
                new Scenario("clean", session("192.0.2.6", mxDane, T0.plusSeconds(120)).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j", dane2.avro()).build()),
                new Scenario("strip+testing", session("192.0.2.7", plain, T0.plusSeconds(130)).ehlo(false).cleartextMail("testing.example").build()),
                new Scenario("clean", session("192.0.2.8", plain, 587, T0.plusSeconds(140)).ehlo(true).cleartextMail("example.net").build()),
                new Scenario("no-tls-server", session("192.0.2.9", "198.51.100.50", T0.plusSeconds(150)).ehlo(false).cleartextMail("old.example").build()));

        Map<String, List<String>> byIncident = new LinkedHashMap<>();
        Map<String, String> labelOf = new LinkedHashMap<>();
        for (Scenario sc : capture) {
            for (Alert a : an.process(sc.record())) {
                String incident = a.getIncidentId().isEmpty() ? a.getAlertId() : a.getIncidentId();
                byIncident.computeIfAbsent(incident, k -> new ArrayList<>()).add(a.getType() + "/" + a.getSeverity());
                labelOf.putIfAbsent(incident, sc.label());
            }
        }
        List<Alert> drained = an.drainHeld();
        for (Alert a : drained) byIncident.computeIfAbsent(a.getAlertId(), k -> new ArrayList<>()).add(a.getType() + "/" + a.getSeverity());
        Map<String, List<String>> table = new LinkedHashMap<>();
        byIncident.forEach((id, alerts) -> table.put(labelOf.get(id), alerts));
        assertEquals(7, byIncident.size());
        return table;
    }
}
