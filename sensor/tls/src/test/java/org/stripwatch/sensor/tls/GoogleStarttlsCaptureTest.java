package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.EndReason;

/**
 * The TLS 1.2 handshake after STARTTLS with mx.google.com in Zeek's public
 * {@code testing/btest/Traces/smtp-starttls.pcap}. The resource holds both directions' TCP
 * payloads after the "220 2.0.0 Ready to start TLS" reply, one segment per line, extracted with
 * {@code tshark -q -z follow,tcp,raw,0}. Expected values come from tshark 4.0.17
 * ({@code tls.handshake.ja3}, {@code ja3s}) and {@code openssl x509 -outform der | sha256sum} on
 * the certificates tshark extracted; the JA4 value from an independent Python computation over
 * tshark's cipher, extension and signature-algorithm fields.
 */
class GoogleStarttlsCaptureTest {
    static final Trace TRACE = Trace.resource("smtp-starttls-google.hex");

    @Test
    void clientHelloFingerprintsMatchTshark() {
        ClientHelloInfo ch = TRACE.replay().clientHello();
        assertEquals("771,49200-49196-49192-49188-49172-49162-49186-49185-163-159-107-106-57-56-136-135-"
                + "49202-49198-49194-49190-49167-49157-157-61-53-132-49170-49160-49180-49179-22-19-49165-"
                + "49155-10-49199-49195-49191-49187-49171-49161-49183-49182-162-158-103-64-51-50-154-153-"
                + "69-68-49201-49197-49193-49189-49166-49156-156-60-47-150-65-7-49169-49159-49164-49154-5-"
                + "4-21-18-9-20-17-8-6-3-255,11-10-35-13-15-21,14-13-25-11-12-24-9-10-22-23-8-6-7-20-21-4-"
                + "5-18-19-1-2-3-15-16-17,0-1-2", ch.ja3());
        assertEquals("13020a4ccb11b2d3c9c0e6c285c3c415", ch.ja3Md5());
        assertEquals("t12i800600_15c493246000_4446390ac224", ch.ja4());
        assertEquals(0x0303, ch.legacyVersion());
        assertNull(ch.sni());
        assertEquals(80, ch.cipherSuites().size());
        assertEquals(List.of(0, 1, 2), ch.ecPointFormats());
        assertFalse(ch.greaseSeen());
        assertFalse(ch.malformed());
    }

    @Test
    void serverHelloMatchesTshark() {
        ServerHelloInfo sh = TRACE.replay().serverHello();
        assertEquals("771,49199,65281-11-35", sh.ja3s());
        assertEquals("ccc514751b175866924439bdbb5bba34", sh.ja3sMd5());
        assertEquals(0x0303, sh.negotiatedVersion());
        assertEquals(0xc02f, sh.cipherSuite());
        assertFalse(sh.helloRetryRequest());
        assertNull(sh.downgradeSentinel());
    }

    @Test
    void certificateChainMatchesOpenssl() {
        List<CertificateInfo> chain = TRACE.replay().certificates();
        assertEquals(3, chain.size());
        CertificateInfo leaf = chain.get(0);
        assertEquals("CN=mx.google.com,O=Google Inc,L=Mountain View,ST=California,C=US", leaf.subject());
        assertEquals("CN=Google Internet Authority G2,O=Google Inc,C=US", leaf.issuer());
        assertEquals("4f0a1ac1c6e873c8805fe2fc56c7aac77025f1dcbbbf907e768f1ec88c3485db", leaf.sha256());
        assertEquals("85bdea892f71ecfed3257d5784f4dae886047f58b49b4f4d5c7a8c4ef4b1d578", leaf.spkiSha256());
        assertEquals(Instant.parse("2013-09-09T11:32:35Z"), leaf.notBefore());
        assertEquals(Instant.parse("2014-09-09T11:32:35Z"), leaf.notAfter());
        assertTrue(leaf.sanDns().contains("mx.google.com"), leaf.sanDns().toString());
        assertEquals("RSA", leaf.keyAlgorithm());
        assertFalse(leaf.selfIssued());
        assertFalse(leaf.selfSigned());
        assertTrue(leaf.derKept());
        assertEquals(leaf.derLength(), leaf.der().length);
        assertEquals(leaf.sha256(), Fingerprints.sha256Hex(leaf.der()));

        assertEquals("CN=Google Internet Authority G2,O=Google Inc,C=US", chain.get(1).subject());
        assertEquals("CN=GeoTrust Global CA,O=GeoTrust Inc.,C=US", chain.get(1).issuer());
        assertEquals("a047a37fa2d2e118a4f5095fe074d6cfe0e352425a7632bf8659c03919a6c81d", chain.get(1).sha256());
        assertEquals("ec722969cb64200ab6638f68ac538e40abab5b19a6485661042a1061c4612776", chain.get(1).spkiSha256());
        assertEquals("CN=GeoTrust Global CA,O=GeoTrust Inc.,C=US", chain.get(2).subject());
        assertEquals("OU=Equifax Secure Certificate Authority,O=Equifax,C=US", chain.get(2).issuer());
        assertEquals("3c35cc963eb004451323d3275d05b353235053490d9cd83729a2faf5e7ca1cc0", chain.get(2).sha256());
        assertEquals("87af34d66fb3f2fdf36e09111e9aba2f6f44b207f3863f3d0b54b25023909aa5", chain.get(2).spkiSha256());
        assertEquals(Instant.parse("2018-08-21T04:00:00Z"), chain.get(2).notAfter());
        assertEquals(2048, chain.get(2).keyBits());
    }

    @Test
    void handshakeCompletesAndHistoryReadsLikeZeek() {
        TlsHandshake hs = TRACE.replay();
        assertTrue(hs.completed());
        assertEquals("CsxknGIFtifDdDdD", hs.history());
        assertTrue(hs.anomalies().isEmpty(), hs.anomalies().toString());
        assertTrue(hs.alerts().isEmpty());
        assertEquals(FirstFlight.EMPTY, hs.serverFirstFlight());
    }

    @Test
    void withMoreRecordsAfterCompletionTheEncryptedCloseAlertIsSeen() {
        TlsConfig c = TlsConfig.builder().recordsAfterCompletion(100).build();
        TlsHandshake hs = TRACE.replay(c, new TlsCounters(), TlsListener.NONE, EndReason.FIN);
        assertTrue(hs.history().endsWith("L"), hs.history());
        TlsAlert last = hs.alerts().get(hs.alerts().size() - 1);
        assertTrue(last.encrypted());
        assertEquals("encrypted", last.descriptionName());
    }
}
