package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.attribution.Attribution;
import org.stripwatch.analyzer.core.attribution.DomainAttributor;
import org.stripwatch.analyzer.policy.PolicyStore;

/** RCPT in cleartext, then SNI, banner, certificate names against the MX patterns, then the configured map. */
class AttributionTest {
    private final PolicyStore store = Fixture.policies(Map.of("example.net.mta-sts.txt", Fixture.MTA_STS_ENFORCE,
            "testing.example.mta-sts.txt", Fixture.MTA_STS_TESTING));
    private final DomainAttributor attr = new DomainAttributor(store, Map.of("198.51.100.99", "configured.example"), Set.of(587));

    @Test
    void cleartextRcptWinsAndThePolicyDomainIsPreferred() {
        Attribution a = attr.attribute(session("192.0.2.1", "198.51.100.25", T0).banner("mx1.testing.example").ehlo(false)
                .cleartextMail("nopolicy.example", "example.net").build());
        assertEquals("example.net", a.domain());
        assertEquals(Attribution.RCPT, a.method());
        assertEquals("mx1.testing.example", a.mxHost());
        assertEquals("mta-sts mode=enforce", a.governing().summary().substring(0, 20));
    }

    @Test
    void sniBeforeBannerBeforeCertificate() throws Exception {
        var cert = Rec.cert("x", Rec.ecKey(), "CA", Rec.ecKey().getPrivate(), 1, "*.mail.example.net");
        var s = session("192.0.2.1", "198.51.100.25", T0).banner("mx1.testing.example").ehlo(true).tls("TLSv1.2", "j", cert.avro());
        assertEquals(Attribution.BANNER, attr.attribute(s.build()).method());
        assertEquals("testing.example", attr.attribute(s.build()).domain());
        assertEquals(Attribution.SNI, attr.attribute(s.sni("a.mail.example.net").build()).method());
        Attribution byCert = attr.attribute(session("192.0.2.1", "198.51.100.25", T0).ehlo(true).tls("TLSv1.2", "j", cert.avro()).build());
        assertEquals(Attribution.CERTIFICATE, byCert.method());
        assertEquals("example.net", byCert.domain());
    }

    @Test
    void configuredMapIsTheLastResortAndNoneOtherwise() {
        Attribution c = attr.attribute(session("192.0.2.1", "198.51.100.99", T0).banner("unknown.example").ehlo(true).build());
        assertEquals("configured.example", c.domain());
        assertEquals(Attribution.CONFIGURED, c.method());
        Attribution n = attr.attribute(session("192.0.2.1", "198.51.100.98", T0).ehlo(true).build());
        assertNull(n.domain());
        assertEquals(Attribution.NONE, n.method());
    }

    @Test
    void submissionPortSessionsGetNoMxPolicies() {
        Attribution a = attr.attribute(session("192.0.2.1", "198.51.100.25", 587, T0).ehlo(false).cleartextMail("example.net").build());
        assertEquals("example.net", a.domain());
        assertTrue(a.expectations().isEmpty());
    }
}
