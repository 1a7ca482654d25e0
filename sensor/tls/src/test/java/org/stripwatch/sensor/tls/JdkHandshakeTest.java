package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/** The JDK's own TLS 1.2 and 1.3 bytes, parsed. */
class JdkHandshakeTest {
    static JdkTlsTraces.Result tls12;
    static JdkTlsTraces.Result tls13;

    @BeforeAll
    static void handshakes() throws Exception {
        tls12 = JdkTlsTraces.handshake("TLSv1.2", "mx.example.net");
        tls13 = JdkTlsTraces.handshake("TLSv1.3", "mx.example.net");
    }

    @Test
    void tls12CertificateIsParsedAndSelfSigned() throws Exception {
        TlsHandshake hs = tls12.trace().replay();
        assertTrue(hs.anomalies().isEmpty(), hs.anomalies().toString());
        assertEquals(0x0303, hs.version());
        assertEquals("mx.example.net", hs.sni());
        assertTrue(hs.completed(), hs.history());
        assertTrue(hs.history().startsWith("CsxknGIFtif"), hs.history());
        assertEquals(1, hs.certificates().size());
        CertificateInfo c = hs.certificates().get(0);
        assertEquals(Fingerprints.sha256Hex(tls12.certificate().getEncoded()), c.sha256());
        assertEquals(Fingerprints.sha256Hex(tls12.certificate().getPublicKey().getEncoded()), c.spkiSha256());
        assertEquals("CN=mx.example.net,O=Stripwatch Test,C=XX", c.subject());
        assertEquals(c.subject(), c.issuer());
        assertEquals(List.of("mx.example.net"), c.sanDns());
        assertEquals(List.of("192.0.2.25"), c.sanIp());
        assertEquals(JdkTlsTraces.NOT_BEFORE, c.notBefore());
        assertEquals(JdkTlsTraces.NOT_AFTER, c.notAfter());
        assertTrue(c.selfIssued());
        assertTrue(c.selfSigned());
        assertEquals("EC", c.keyAlgorithm());
        assertEquals(256, c.keyBits());
        assertEquals(FirstFlight.EMPTY, hs.serverFirstFlight());
    }

    @Test
    void tls13HidesTheCertificateButShowsTheFlight() throws Exception {
        TlsHandshake hs = tls13.trace().replay();
        assertTrue(hs.anomalies().isEmpty(), hs.anomalies().toString());
        assertEquals(0x0304, hs.version());
        assertEquals(0x0304, hs.clientHello().maxVersion());
        assertTrue(hs.completed(), hs.history());
        assertTrue(hs.certificates().isEmpty());
        FirstFlight f = hs.serverFirstFlight();
        assertTrue(f.recordCount() >= 1, f.toString());
        assertEquals(f.totalBytes(), f.recordLengths().stream().mapToLong(Integer::longValue).sum());
        // The flight carries the certificate: it must be at least the DER's size.
        assertTrue(f.totalBytes() > tls13.certificate().getEncoded().length, f + " vs cert");
        assertTrue(hs.ja4().startsWith("t13d"), hs.ja4());
    }

    @Test
    void anotherCertificateChangesTheTls13Flight() throws Exception {
        JdkTlsTraces.Result other = JdkTlsTraces.handshake("TLSv1.3",
                "a-considerably-longer-host-name.mail.example.org");
        long a = tls13.trace().replay().serverFirstFlight().totalBytes();
        long b = other.trace().replay().serverFirstFlight().totalBytes();
        assertNotEquals(a, b);
        assertTrue(b > a + 60, a + " vs " + b);
    }

    @Test
    void listenerSeesEventsInOrderAndParsersStopAfterCompletion() {
        List<String> events = new ArrayList<>();
        TlsListener l = new TlsListener() {
            @Override
            public void onClientHello(ClientHelloInfo hello, long ts) {
                events.add("client_hello");
            }

            @Override
            public void onServerHello(ServerHelloInfo hello, long ts) {
                events.add("server_hello");
            }

            @Override
            public void onCertificates(List<CertificateInfo> chain, long ts) {
                events.add("certificates");
            }

            @Override
            public void onHandshakeComplete(long ts) {
                events.add("complete");
            }
        };
        FakeControl cc = new FakeControl();
        FakeControl sc = new FakeControl();
        TlsConfig oneMore = TlsConfig.builder().recordsAfterCompletion(1).build();
        TlsConnection conn = new TlsConnection(oneMore, new TlsCounters(), l, cc, sc);
        long ts = 0;
        for (Trace.Event e : tls12.trace().events()) {
            boolean client = e.direction() == Direction.CLIENT_TO_SERVER;
            Trace.deliver(client ? conn.client() : conn.server(), client ? cc : sc, e.bytes(), ts++);
        }
        assertEquals(List.of("client_hello", "server_hello", "certificates", "complete"), events);
        assertTrue(cc.stopped && sc.stopped, "both directions stop payload after completion");
    }

    @Test
    void resetRightAfterClientHelloLeavesAnIncompleteHistory() {
        Trace.Event first = tls13.trace().events().get(0);
        TlsHandshake hs = new Trace(List.of(first)).replay(TlsConfig.DEFAULTS, new TlsCounters(),
                TlsListener.NONE, EndReason.RST);
        assertEquals("C", hs.history());
        assertTrue(!hs.completed() && hs.serverHello() == null);
    }

    /** The fingerprint cache gives the values a fresh computation gives, for both protocol versions. */
    @Test
    void cachedFingerprintsEqualFreshOnes() {
        TlsCounters shared = new TlsCounters();
        for (JdkTlsTraces.Result r : List.of(tls12, tls13, tls12, tls13)) {
            ClientHelloInfo cached = r.trace().replay(TlsConfig.DEFAULTS, shared, TlsListener.NONE, EndReason.FIN)
                    .clientHello();
            ClientHelloInfo fresh = r.trace().replay().clientHello();
            assertEquals(fresh.ja3(), cached.ja3());
            assertEquals(fresh.ja3Md5(), cached.ja3Md5());
            assertEquals(fresh.ja4(), cached.ja4());
        }
        assertNotEquals(tls12.trace().replay().clientHello().ja4(), tls13.trace().replay().clientHello().ja4());
    }
}
