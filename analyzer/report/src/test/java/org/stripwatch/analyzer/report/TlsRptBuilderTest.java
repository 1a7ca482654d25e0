package org.stripwatch.analyzer.report;

import org.stripwatch.analyzer.core.Rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.policy.LoadResult;
import org.stripwatch.analyzer.policy.PolicyLoader;

/** TLSRPT reports per policy domain and day, validated against RFC 8460's structure. */
class TlsRptBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STS = "version: STSv1\nmode: enforce\nmx: mx1.example.net\nmax_age: 604800\n";

    @TempDir
    Path dir;

    private TlsRptBuilder builder() throws Exception {
        KeyPair k = Rec.ecKey();
        good = Rec.cert("mx1.example.net", k, "CA", Rec.ecKey().getPrivate(), 1, "mx1.example.net");
        daneCert = Rec.cert("mx.dane.example", Rec.ecKey(), "CA", Rec.ecKey().getPrivate(), 2, "mx.dane.example");
        String zone = "_25._tcp.mx.dane.example. IN TLSA 3 1 1 " + Rec.hex(Rec.sha256(Rec.spki(daneCert.der()))) + "\n";
        LoadResult r = new PolicyLoader().loadTexts(Map.of("example.net.mta-sts.txt", STS, "dane.zone", zone));
        assertTrue(r.ok(), r.errors().toString());
        return new TlsRptBuilder(r.store(), TlsRptConfig.of("sensor.example.org", "mailto:tlsrpt@example.org"));
    }

    private Rec.TestCert good, daneCert;

    @Test
    void reportsPerDomainAndDayWithRfcResultTypes() throws Exception {
        TlsRptBuilder b = builder();
        for (int i = 0; i < 3; i++) b.add(session("192.0.2.1", "198.51.100.25", T0.plusSeconds(i)).banner("mx1.example.net").ehlo(true)
                .tls("TLSv1.2", "j", good.avro()).build());
        b.add(session("192.0.2.1", "198.51.100.25", T0.plusSeconds(10)).banner("mx1.example.net").ehlo(false).cleartextMail("example.net").build());
        b.add(session("192.0.2.2", "198.51.100.25", T0.plusSeconds(20)).banner("mx1.example.net").ehlo(true).reset(58, 49).build());
        var evil = Rec.selfSigned("mx1.example.net", "mx1.example.net");
        b.add(session("192.0.2.2", "198.51.100.25", T0.plusSeconds(30)).banner("mx1.example.net").ehlo(true).tls("TLSv1.2", "j", evil.avro()).build());
        b.add(session("192.0.2.1", "198.51.100.25", T0.plus(Duration.ofDays(1))).banner("mx1.example.net").ehlo(true).tls("TLSv1.2", "j", good.avro()).build());
        b.add(session("192.0.2.1", "198.51.100.30", T0).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j", daneCert.avro()).build());
        b.add(session("192.0.2.1", "198.51.100.30", T0).banner("mx.dane.example").ehlo(true).tls("TLSv1.2", "j", evil.avro()).build());
        b.add(session("192.0.2.1", "198.51.100.40", T0).ehlo(false).cleartextMail("nopolicy.example").build());
        b.add(session("192.0.2.1", "198.51.100.40", 587, T0).ehlo(true).cleartextMail("nopolicy.example").build());

        List<TlsReport> reports = b.reports();
        assertEquals(List.of("example.net", "example.net", "mx.dane.example", "nopolicy.example"), reports.stream().map(TlsReport::policyDomain).toList());
        assertEquals(1, b.skipped(), "the submission session");
        for (TlsReport r : reports) {
            JsonNode j = JSON.readTree(r.toJson());
            assertEquals(List.of(), Rfc8460Validator.validate(j), r.toJson());
        }
        JsonNode day1 = JSON.readTree(reports.get(0).toJson());
        assertEquals("2026-03-01T00:00:00Z", day1.at("/date-range/start-datetime").asText());
        assertEquals("2026-03-01T23:59:59Z", day1.at("/date-range/end-datetime").asText());
        JsonNode p = day1.at("/policies/0");
        assertEquals("sts", p.at("/policy/policy-type").asText());
        assertEquals("[\"version: STSv1\",\"mode: enforce\",\"mx: mx1.example.net\",\"max_age: 604800\"]", p.at("/policy/policy-string").toString());
        assertEquals(3, p.at("/summary/total-successful-session-count").asLong());
        assertEquals(3, p.at("/summary/total-failure-session-count").asLong());
        assertEquals("starttls-not-supported", p.at("/failure-details/0/result-type").asText());
        assertEquals("validation-failure", p.at("/failure-details/1/result-type").asText());
        assertEquals("tls_handshake_reset", p.at("/failure-details/1/failure-reason-code").asText());
        assertEquals("192.0.2.2", p.at("/failure-details/1/sending-mta-ip").asText());
        assertEquals("198.51.100.25", p.at("/failure-details/1/receiving-ip").asText());
        assertEquals("mx1.example.net", p.at("/failure-details/1/receiving-mx-hostname").asText());
        assertEquals("certificate-not-trusted", p.at("/failure-details/2/result-type").asText(), "self-signed");

        JsonNode dane = JSON.readTree(reports.get(2).toJson()).at("/policies/0");
        assertEquals("tlsa", dane.at("/policy/policy-type").asText());
        assertEquals(1, dane.at("/summary/total-successful-session-count").asLong());
        assertEquals("tlsa-invalid", dane.at("/failure-details/0/result-type").asText());
        JsonNode none = JSON.readTree(reports.get(3).toJson()).at("/policies/0");
        assertEquals("no-policy-found", none.at("/policy/policy-type").asText());

        List<Path> files = b.writeAll(dir);
        assertEquals(4, files.size());
        assertTrue(files.get(0).getFileName().toString().matches("sensor\\.example\\.org!example\\.net!1772323200!1772409599![0-9a-f]{8}\\.json"),
                files.get(0).toString());
        assertEquals(reports.get(0).toJson() + "\n", Files.readString(files.get(0)));
    }

    @Test
    void theValidatorCanFail() throws Exception {
        TlsRptBuilder b = builder();
        b.add(session("192.0.2.1", "198.51.100.40", T0).ehlo(false).cleartextMail("nopolicy.example").build());
        ObjectNode j = (ObjectNode) JSON.readTree(b.reports().get(0).toJson());
        j.remove("contact-info");
        ((ObjectNode) j.at("/date-range")).put("start-datetime", "2026-03-01 00:00");
        ((ObjectNode) j.at("/policies/0/policy")).put("policy-type", "mta-sts");
        ((ObjectNode) j.at("/policies/0/failure-details/0")).put("result-type", "starttls-stripped");
        ((ObjectNode) j.at("/policies/0/summary")).put("total-failure-session-count", -1);
        List<String> problems = Rfc8460Validator.validate(j);
        assertEquals(6, problems.size(), problems.toString());
        assertFalse(problems.isEmpty());
    }

    @Test
    void deterministicReportIds() throws Exception {
        TlsRptBuilder a = builder(), b = builder();
        a.add(session("192.0.2.1", "198.51.100.40", T0).ehlo(false).cleartextMail("nopolicy.example").build());
        b.add(session("192.0.2.1", "198.51.100.40", T0.plusSeconds(5)).ehlo(false).cleartextMail("nopolicy.example").build());
        assertEquals(a.reports().get(0).reportId(), b.reports().get(0).reportId());
    }
}
