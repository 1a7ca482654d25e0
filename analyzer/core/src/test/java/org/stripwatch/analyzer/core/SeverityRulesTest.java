package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Fixture.none;
import static org.stripwatch.analyzer.core.Fixture.one;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Severity;

/** Each severity rule of issue 6, with policies like the ones in analyzer/policy's test resources. */
class SeverityRulesTest {
    private static final String CLIENT = "192.0.2.10", SERVER = "198.51.100.25";

    private static Analyzer withPolicies() {
        return Fixture.analyzer(Map.of("example.net.mta-sts.txt", Fixture.MTA_STS_ENFORCE, "testing.example.mta-sts.txt", Fixture.MTA_STS_TESTING,
                "tls_policy", Fixture.POSTFIX));
    }

    @Test
    void mtaStsEnforceAndCleartextDeliveryIsCritical() {
        Alert a = one(withPolicies(), session(CLIENT, SERVER, T0).banner("mx1.example.net").ehlo(false).cleartextMail("example.net").build());
        assertEquals(Severity.CRITICAL, a.getSeverity());
        assertEquals("cleartext_policy_violation", a.getType());
        assertEquals("example.net", a.getDomain());
        assertEquals("rcpt", a.getDomainAttribution());
        assertEquals("example.net.mta-sts.txt", a.getPolicySource());
        assertTrue(a.getPolicy().startsWith("mta-sts mode=enforce"), a.getPolicy());
        assertEquals("mail for example.net went to 198.51.100.25 (mx1.example.net) in cleartext: the EHLO reply had no STARTTLS,"
                + " although example.net's MTA-STS policy is enforce", a.getReason());
        assertTrue(a.getFindingTypes().contains("starttls_not_offered"));
        assertEquals(CLIENT, Sessions.ip(a.getClientIp()));
    }

    @Test
    void mtaStsTestingIsReportOnlyAndSaysSo() {
        Alert a = one(withPolicies(), session(CLIENT, SERVER, T0).ehlo(false).cleartextMail("testing.example").build());
        assertEquals(Severity.MEDIUM, a.getSeverity());
        assertTrue(a.getReason().contains("MTA-STS policy is testing") && a.getReason().contains("report-only"), a.getReason());
    }

    @Test
    void postfixEncryptAndSecureDemandTls() {
        Analyzer an = withPolicies();
        assertEquals(Severity.CRITICAL, one(an, session(CLIENT, SERVER, T0).ehlo(false).cleartextMail("encrypt.example").build()).getSeverity());
        Alert sub = one(an, session(CLIENT, "198.51.100.26", T0).ehlo(false).cleartextMail("a.secure.example").build());
        assertEquals(Severity.CRITICAL, sub.getSeverity());
        assertTrue(sub.getReason().contains("the Postfix TLS policy for secure.example says secure"), sub.getReason());
    }

    @Test
    void garbledCapabilityIsHighWithoutPolicy() {
        Alert a = one(Fixture.analyzer(), session(CLIENT, SERVER, T0).garbledCapability("XXXXXXXA").cleartextMail("nopolicy.example").build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("starttls_capability_garbled", a.getType());
        assertTrue(a.getReason().contains("\"XXXXXXXA\" where STARTTLS belongs"), a.getReason());
        assertNull(a.getPolicy());
    }

    @Test
    void garbledCommandIsHigh() {
        Alert a = one(Fixture.analyzer(), session(CLIENT, SERVER, T0).ehlo(true)
                .finding("starttls_command_garbled", "client sent \"XXXXXXXX\", server answered 500", "command", "XXXXXXXX", "reply_code", "500").build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("starttls_command_garbled", a.getType());
    }

    @Test
    void injected454WithTtlEvidenceIsHighWithoutPolicy() {
        Alert a = one(Fixture.analyzer(), session(CLIENT, SERVER, T0).ehlo(true).rejected(454, 61, 52).build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("starttls_reply_injected", a.getType());
        assertTrue(a.getReason().contains("TTL 61 where the server's packets have 52"), a.getReason());
        assertEquals("61", a.getEvidence().get("starttls_rejected.ttl"));
    }

    @Test
    void rejectionWithoutEvidenceOrPolicyIsLow() {
        assertEquals(Severity.LOW, one(Fixture.analyzer(), session(CLIENT, SERVER, T0).ehlo(true).rejected(454, 52, 52).build()).getSeverity());
    }

    @Test
    void injectedResetIsHigh() {
        Alert a = one(Fixture.analyzer(), session(CLIENT, SERVER, T0).ehlo(true).reset(58, 49).build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("tls_handshake_reset_injected", a.getType());
    }

    @Test
    void neverOfferedWithoutPolicyIsInformational() {
        Alert a = one(Fixture.analyzer(), session(CLIENT, SERVER, T0).ehlo(false).cleartextMail("nopolicy.example").build());
        assertEquals(Severity.INFO, a.getSeverity());
        assertEquals("starttls_not_offered", a.getType());
        assertTrue(a.getReason().contains("no policy requires TLS for nopolicy.example"), a.getReason());
    }

    @Test
    void offeredNotUsedOnSubmissionIsNotAnAlertEvenForPolicyDomains() {
        none(withPolicies(), session(CLIENT, SERVER, 587, T0).ehlo(true).cleartextMail("example.net").build());
    }

    @Test
    void cleanTlsSessionRaisesNothing() throws Exception {
        KeyPair k = Rec.ecKey();
        var c = Rec.cert("mx1.example.net", k, "Lab CA", Rec.ecKey().getPrivate(), 7, "mx1.example.net");
        none(withPolicies(), session(CLIENT, SERVER, T0).banner("mx1.example.net").ehlo(true).tls("TLSv1.2", "j1", c.avro()).build());
    }

    @Test
    void mtaStsCertificateNameMismatchSelfSignedAndExpiredAreHigh() throws Exception {
        Analyzer an = withPolicies();
        var wrongName = Rec.cert("evil.example", Rec.ecKey(), "Lab CA", Rec.ecKey().getPrivate(), 8, "evil.example");
        Alert a = one(an, session(CLIENT, SERVER, T0).banner("mx1.example.net").ehlo(true).tls("TLSv1.2", "j1", wrongName.avro()).build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("certificate_policy_violation", a.getType());
        assertEquals("certificate-host-mismatch", a.getEvidence().get("result_type"));
        assertEquals("banner", a.getDomainAttribution());

        var self = Rec.selfSigned("mx1.example.net", "mx1.example.net");
        assertEquals("certificate-not-trusted", one(an, session(CLIENT, SERVER, T0).banner("mx1.example.net").ehlo(true)
                .tls("TLSv1.2", "j1", self.avro()).build()).getEvidence().get("result_type"));

        KeyPair k = Rec.ecKey();
        var expired = Rec.cert("mx1.example.net", k, "Lab CA", Rec.ecKey().getPrivate(), 9, T0.minusSeconds(86400 * 400), T0.minusSeconds(86400),
                "mx1.example.net");
        assertEquals("certificate-expired", one(an, session(CLIENT, SERVER, T0).sni("mx1.example.net").ehlo(true)
                .tls("TLSv1.2", "j1", expired.avro()).sni("mx1.example.net").build()).getEvidence().get("result_type"));
    }

    @Test
    void daneMatchIsQuietAndMismatchIsHigh() throws Exception {
        KeyPair k = Rec.ecKey();
        var good = Rec.cert("mx.dane.example", k, "Some CA", Rec.ecKey().getPrivate(), 10, "mx.dane.example");
        String zone = "_25._tcp.mx.dane.example. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(good.der()))) + "\n";
        Analyzer an = Fixture.analyzer(Map.of("dane.zone", zone));
        none(an, session(CLIENT, SERVER, T0).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j1", good.avro()).build());
        // the same names, another key: substituted certificate
        var evil = Rec.cert("mx.dane.example", Rec.ecKey(), "Some CA", Rec.ecKey().getPrivate(), 11, "mx.dane.example");
        Alert a = one(an, session(CLIENT, SERVER, T0).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j1", evil.avro()).build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("tlsa-invalid", a.getEvidence().get("result_type"));
        assertTrue(a.getReason().contains("mx.dane.example publishes DANE TLSA records"), a.getReason());
        assertEquals("dane.zone:1", a.getPolicySource());
    }

    @Test
    void pinMismatchIsHighAndPinMatchIsQuiet() throws Exception {
        KeyPair k = Rec.ecKey();
        var good = Rec.cert("mx.partner.example", k, "CA", Rec.ecKey().getPrivate(), 12, "mx.partner.example");
        String pol = "pin partner.example spki-sha256=" + Rec.hex(Rec.sha256(Rec.spki(good.der()))) + " mx=mx.partner.example\n";
        Analyzer an = Fixture.analyzer(Map.of("partners.policy", pol));
        none(an, session(CLIENT, SERVER, T0).ehlo(true).tls("TLSv1.2", "j1", good.avro()).sni("mx.partner.example").build());
        var evil = Rec.cert("mx.partner.example", Rec.ecKey(), "CA", Rec.ecKey().getPrivate(), 13, "mx.partner.example");
        Alert a = one(an, session(CLIENT, SERVER, T0).ehlo(true).tls("TLSv1.2", "j1", evil.avro()).sni("mx.partner.example").build());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertEquals("sni", a.getDomainAttribution());
        assertFalse(a.getReason().isEmpty());
    }

    @Test
    void tlsVersionBelowThePolicyMinimumIsHigh() throws Exception {
        var c = Rec.cert("mx.partner.example", Rec.ecKey(), "CA", Rec.ecKey().getPrivate(), 14, "mx.partner.example");
        Analyzer an = Fixture.analyzer(Map.of("partners.policy", "require-tls partner.example min-tls=TLSv1.2 mx=mx.partner.example\n"));
        Alert a = one(an, session(CLIENT, SERVER, T0).banner("mx.partner.example").ehlo(true).tls("TLSv1.0", "j", c.avro()).build());
        assertEquals("tls_version_below_policy", a.getType());
        assertEquals(Severity.HIGH, a.getSeverity());
        assertTrue(a.getReason().contains("below the TLSv1.2 that the stripwatch policy requires TLS for partner.example demands"), a.getReason());
        none(an, session(CLIENT, SERVER, T0).banner("mx.partner.example").ehlo(true).tls("TLSv1.2", "j", c.avro()).build());
    }
}
