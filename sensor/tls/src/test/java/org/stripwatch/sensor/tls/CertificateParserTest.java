package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

class CertificateParserTest {
    static byte[] der;

    @BeforeAll
    static void certificate() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        KeyPair kp = kpg.generateKeyPair();
        der = JdkTlsTraces.selfSigned(kp, "mx.example.net").getEncoded();
    }

    static byte[] certificateRecord(byte[]... certs) {
        TlsBytes list = new TlsBytes();
        for (byte[] c : certs) {
            list.vec24(c);
        }
        return TlsBytes.record(22, TlsBytes.handshake(11, new TlsBytes().vec24(list.bytes()).bytes()));
    }

    static TlsHandshake replay(TlsConfig config, TlsCounters counters, byte[] serverBytes) {
        return new Trace(List.of(new Trace.Event(Direction.SERVER_TO_CLIENT, serverBytes)))
                .replay(config, counters, TlsListener.NONE, EndReason.FIN);
    }

    @Test
    void garbageCertificateIsAValueNotAnException() {
        byte[] garbage = {0x30, (byte) 0x82, 0x01, 0x00, 0x02, 0x01};
        TlsHandshake hs = replay(TlsConfig.DEFAULTS, new TlsCounters(), certificateRecord(garbage, der));
        assertEquals(2, hs.certificates().size());
        CertificateInfo bad = hs.certificates().get(0);
        assertNotNull(bad.parseError());
        assertNull(bad.subject());
        assertEquals(Fingerprints.sha256Hex(garbage), bad.sha256());
        assertNull(hs.certificates().get(1).parseError());
        TlsAnomalyEvent e = hs.anomalies().get(0);
        assertEquals(TlsAnomaly.MALFORMED_CERTIFICATE, e.anomaly());
        assertTrue(e.detail().startsWith("certificate 0: "), e.detail());
    }

    @Test
    void selfIssuedWithABrokenSignatureIsNotSelfSigned() {
        byte[] tampered = der.clone();
        tampered[tampered.length - 3] ^= 0x01; // inside the ECDSA signature value
        CertificateInfo c = replay(TlsConfig.DEFAULTS, new TlsCounters(), certificateRecord(tampered))
                .certificates().get(0);
        assertNull(c.parseError(), c.parseError());
        assertTrue(c.selfIssued());
        assertFalse(c.selfSigned());
    }

    @Test
    void aCachedCertificateGivesTheSameFactsAtItsOwnPosition() {
        TlsCounters counters = new TlsCounters();
        byte[] garbage = {0x30, (byte) 0x82, 0x01, 0x00, 0x02, 0x01};
        TlsHandshake first = replay(TlsConfig.DEFAULTS, counters, certificateRecord(der, garbage));
        TlsHandshake second = replay(TlsConfig.DEFAULTS, counters, certificateRecord(garbage, der));
        assertEquals(2, counters.get("certificate_cache_hits"));
        assertEquals(first.certificates().get(0).sha256(), second.certificates().get(1).sha256());
        CertificateInfo a = first.certificates().get(0), b = second.certificates().get(1);
        assertEquals(1, b.index());
        assertEquals(a.subject(), b.subject());
        assertEquals(a.selfSigned(), b.selfSigned());
        assertTrue(b.derKept());
        assertEquals(first.certificates().get(1).parseError(), second.certificates().get(0).parseError());
        assertEquals(2, counters.get("malformed"));
        TlsHandshake fresh = replay(TlsConfig.DEFAULTS, new TlsCounters(), certificateRecord(garbage, der));
        assertEquals(fresh.certificates(), second.certificates());
    }

    @Test
    void chainLengthAndDerBudgetAreBoundedAndCounted() {
        TlsCounters counters = new TlsCounters();
        TlsConfig config = TlsConfig.builder().maxCertificates(2).maxCertificateDerBytes(der.length + 10).build();
        TlsHandshake hs = replay(config, counters, certificateRecord(der, der, der));
        assertEquals(2, hs.certificates().size());
        assertTrue(hs.certificates().get(0).derKept());
        assertFalse(hs.certificates().get(1).derKept());
        assertEquals(hs.certificates().get(0).sha256(), hs.certificates().get(1).sha256());
        assertEquals(1, counters.get("certificates_over_limit"));
        assertEquals(1, counters.get("certificate_der_over_budget"));
    }

    @Test
    void badMessageFramingIsAnAnomaly() {
        byte[] body = new TlsBytes().u24(50).u24(3).u8(1).bytes();
        TlsHandshake hs = replay(TlsConfig.DEFAULTS, new TlsCounters(),
                TlsBytes.record(22, TlsBytes.handshake(11, body)));
        assertTrue(hs.hasAnomaly(TlsAnomaly.MALFORMED_CERTIFICATE_MESSAGE));
    }

    @Test
    void derIsACopy() {
        CertificateInfo c = replay(TlsConfig.DEFAULTS, new TlsCounters(), certificateRecord(der))
                .certificates().get(0);
        byte[] a = c.der();
        a[0] = 0;
        assertEquals(0x30, c.der()[0]);
    }
}
