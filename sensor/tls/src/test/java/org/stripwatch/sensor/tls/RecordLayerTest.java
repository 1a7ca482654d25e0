package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/** Record framing, handshake reassembly, alerts, CCS, gaps and the anomaly values. */
class RecordLayerTest {
    static final Direction C = Direction.CLIENT_TO_SERVER;
    static final Direction S = Direction.SERVER_TO_CLIENT;
    static final byte[] HRR_RANDOM = HexFormat.of().parseHex(
            "cf21ad74e59a6111be1d8c021e65b891c2a211167bbb8c5e079e09e2c8a8339c");

    static byte[] clientHelloRecord() {
        byte[] body = TlsBytes.clientHelloBody(0x0303, List.of(0xc02f, 0x1301), List.of(0, 10, 13, 43),
                "mx.example.net", List.of(), List.of(0x001d), List.of(0x0403), List.of(0x0304, 0x0303));
        return TlsBytes.record(22, TlsBytes.handshake(1, body));
    }

    static byte[] serverHello(byte[] random, int version) {
        byte[] exts = version == 0x0304
                ? TlsBytes.concat(TlsBytes.extension(43, new TlsBytes().u16(0x0304).bytes()),
                        TlsBytes.extension(51, new TlsBytes().u16(0x001d).vec16(new byte[32]).bytes()))
                : TlsBytes.extension(0xff01, new byte[] {0});
        return TlsBytes.handshake(2, TlsBytes.serverHelloBody(0x0303, random, 0x1301, exts));
    }

    static Trace trace(Object... dirAndBytes) {
        List<Trace.Event> events = new ArrayList<>();
        for (int i = 0; i < dirAndBytes.length; i += 2) {
            events.add(new Trace.Event((Direction) dirAndBytes[i], (byte[]) dirAndBytes[i + 1]));
        }
        return new Trace(events);
    }

    @Test
    void cleartextAfterStarttlsIsNotTls() {
        FakeControl cc = new FakeControl();
        TlsConnection conn = new TlsConnection(TlsConfig.DEFAULTS, new TlsCounters(), TlsListener.NONE,
                cc, new FakeControl());
        Trace.deliver(conn.client(), cc, "EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII), 1);
        assertTrue(conn.client().stopped());
        // Fewer than notTlsPrefixBytes (32) so far: the evidence is complete at the end (or a gap).
        assertTrue(conn.result().anomalies().isEmpty());
        conn.client().onEnd(org.stripwatch.sensor.reassembly.EndReason.FIN, 2);
        TlsHandshake hs = conn.result();
        assertTrue(cc.stopped);
        assertEquals(TlsAnomaly.NOT_TLS, hs.anomalies().get(0).anomaly());
        assertEquals("first bytes 45484c4f20636c69656e742e6578616d706c650d0a", hs.anomalies().get(0).detail());
        assertEquals("not_tls", TlsAnomaly.NOT_TLS.wireName());
    }

    /** Found by fuzzing: the not-TLS evidence used to be the first delivery only, so it depended on segmentation. */
    @Test
    void notTlsEvidenceDoesNotDependOnSegmentation() {
        byte[] text = "EHLO client.example.org\r\nMAIL FROM:<a@b.example>\r\n".getBytes(StandardCharsets.US_ASCII);
        Trace whole = trace(C, text);
        TlsHandshake expected = whole.replay();
        assertEquals("first bytes 45484c4f20636c69656e742e6578616d706c652e6f72670d0a4d41494c204652",
                expected.anomalies().get(0).detail());
        assertEquals(expected, whole.byteByByte().replay());
        for (int at = 1; at < text.length; at++) {
            assertEquals(expected, whole.splitAt(at).replay(), "split at " + at);
        }
    }

    @Test
    void sslv2HelloAndBadHeadersAreAnomalies() {
        assertTrue(trace(C, new byte[] {(byte) 0x80, 0x2e, 0x01, 0x00, 0x02}).replay()
                .hasAnomaly(TlsAnomaly.SSLV2_CLIENT_HELLO));
        assertTrue(trace(C, new byte[] {22, 2, 0, 0, 4}).replay().hasAnomaly(TlsAnomaly.INVALID_RECORD_VERSION));
        assertTrue(trace(C, new byte[] {22, 3, 3, 0x48, 0x01}).replay().hasAnomaly(TlsAnomaly.RECORD_TOO_LARGE));
        TlsHandshake hs = trace(C, TlsBytes.concat(clientHelloRecord(), new byte[] {99, 3, 3, 0, 1, 0})).replay();
        assertNotNull(hs.clientHello());
        assertTrue(hs.hasAnomaly(TlsAnomaly.INVALID_CONTENT_TYPE));
        assertTrue(trace(C, new byte[] {22, 3, 3, 0, 0}).replay().hasAnomaly(TlsAnomaly.EMPTY_RECORD));
    }

    @Test
    void handshakeMessagesAreReassembledAcrossRecordsAndCoalesced() {
        byte[] ch = clientHelloRecord();
        byte[] msg = java.util.Arrays.copyOfRange(ch, 5, ch.length);
        // One message in three records, then two messages in one record.
        byte[] split = TlsBytes.concat(TlsBytes.record(22, java.util.Arrays.copyOfRange(msg, 0, 3)),
                TlsBytes.record(22, java.util.Arrays.copyOfRange(msg, 3, 40)),
                TlsBytes.record(22, java.util.Arrays.copyOfRange(msg, 40, msg.length)));
        TlsHandshake hs = trace(C, split,
                S, TlsBytes.record(22, TlsBytes.concat(serverHello(new byte[32], 0x0303),
                        TlsBytes.handshake(14, new byte[0])))).replay();
        assertEquals("mx.example.net", hs.sni());
        assertEquals(List.of(0xc02f, 0x1301), hs.clientHello().cipherSuites());
        assertEquals("Csn", hs.history());
        assertEquals(0x0303, hs.version());
        assertTrue(hs.anomalies().isEmpty(), hs.anomalies().toString());
    }

    @Test
    void tls13ServerHelloWinsOverLegacyVersionAndFlightIsMeasured() {
        TlsHandshake hs = trace(C, clientHelloRecord(),
                S, TlsBytes.concat(TlsBytes.record(22, serverHello(new byte[32], 0x0304)),
                        TlsBytes.record(20, new byte[] {1}),
                        TlsBytes.record(23, new byte[40]), TlsBytes.record(23, new byte[900]),
                        TlsBytes.record(23, new byte[300])),
                C, TlsBytes.concat(TlsBytes.record(20, new byte[] {1}), TlsBytes.record(23, new byte[53])),
                S, TlsBytes.record(23, new byte[200])).replay();
        assertEquals(0x0304, hs.version());
        assertEquals(0x0303, hs.serverHello().legacyVersion());
        assertEquals("TLSv1.3", hs.serverHello().versionName());
        assertEquals(0x001d, hs.serverHello().keyShareGroup());
        assertTrue(hs.completed());
        assertEquals(new FirstFlight(List.of(40, 900, 300), 3, 1240), hs.serverFirstFlight());
        assertEquals("CsidddIDd", hs.history());
    }

    @Test
    void plaintextAlertAfterTls13ServerHelloIsStillReadable() {
        TlsHandshake hs = trace(C, clientHelloRecord(),
                S, TlsBytes.record(22, serverHello(new byte[32], 0x0304)),
                C, TlsBytes.record(21, new byte[] {2, 42})).replay();
        assertEquals("bad_certificate", hs.alerts().get(0).descriptionName());
        assertFalse(hs.alerts().get(0).encrypted());
        assertFalse(hs.completed());
        assertEquals("CsL", hs.history());
    }

    @Test
    void helloRetryRequestIsRecognised() {
        TlsHandshake hs = trace(C, clientHelloRecord(),
                S, TlsBytes.record(22, serverHello(HRR_RANDOM, 0x0304)),
                C, TlsBytes.concat(TlsBytes.record(20, new byte[] {1}), clientHelloRecord()),
                S, TlsBytes.record(22, serverHello(new byte[32], 0x0304))).replay();
        assertTrue(hs.helloRetryRequest());
        assertFalse(hs.serverHello().helloRetryRequest());
        assertEquals("CjICs", hs.history());
    }

    @Test
    void downgradeSentinelIsReported() {
        byte[] random = new byte[32];
        System.arraycopy("DOWNGRD".getBytes(StandardCharsets.US_ASCII), 0, random, 24, 7);
        random[31] = 1;
        TlsHandshake hs = trace(S, TlsBytes.record(22, serverHello(random, 0x0303))).replay();
        assertEquals("tls12", hs.serverHello().downgradeSentinel());
    }

    @Test
    void tls12CompletionNeedsBothFinishedAndAlertsAreFacts() {
        byte[] clientFinish = TlsBytes.concat(TlsBytes.record(22, TlsBytes.handshake(16, new byte[33])),
                TlsBytes.record(20, new byte[] {1}), TlsBytes.record(22, new byte[40]));
        TlsHandshake half = trace(C, clientHelloRecord(), S, TlsBytes.record(22, serverHello(new byte[32], 0x0303)),
                C, clientFinish).replay();
        assertFalse(half.completed());
        TlsHandshake full = trace(C, clientHelloRecord(), S, TlsBytes.record(22, serverHello(new byte[32], 0x0303)),
                C, clientFinish, S, TlsBytes.concat(TlsBytes.record(20, new byte[] {1}), TlsBytes.record(22, new byte[40])),
                S, TlsBytes.record(21, new byte[26])).replay();
        assertTrue(full.completed());
        assertEquals("CsGIFifl", full.history());
        assertTrue(full.alerts().get(0).encrypted());

        TlsHandshake refused = trace(C, clientHelloRecord(), S, TlsBytes.record(21, new byte[] {2, 40})).replay();
        TlsAlert alert = refused.alerts().get(0);
        assertEquals(2, alert.level());
        assertEquals("handshake_failure", alert.descriptionName());
        assertFalse(alert.encrypted());
        assertEquals(S, alert.direction());
        assertEquals("Cl", refused.history());
    }

    @Test
    void encryptedBodiesAreSkippedNotDelivered() {
        FakeControl sc = new FakeControl();
        TlsConnection conn = new TlsConnection(TlsConfig.DEFAULTS, new TlsCounters(), TlsListener.NONE,
                new FakeControl(), sc);
        byte[] rec = TlsBytes.record(23, new byte[10000]);
        Trace.deliver(conn.server(), sc, java.util.Arrays.copyOfRange(rec, 0, 100), 1);
        assertEquals(9905, sc.pendingSkip);
        assertEquals(10005, conn.server().offset());
    }

    @Test
    void oversizedHandshakeMessageIsCountedNotBuffered() {
        TlsCounters counters = new TlsCounters();
        TlsConfig small = TlsConfig.builder().maxCertificateMessageBytes(1024).build();
        byte[] big = TlsBytes.handshake(11, new byte[3000]);
        byte[] records = TlsBytes.concat(TlsBytes.record(22, java.util.Arrays.copyOfRange(big, 0, 2000)),
                TlsBytes.record(22, java.util.Arrays.copyOfRange(big, 2000, big.length)),
                TlsBytes.record(22, TlsBytes.handshake(14, new byte[0])));
        TlsHandshake hs = trace(S, records).replay(small, counters, TlsListener.NONE, EndReason.FIN);
        assertTrue(hs.hasAnomaly(TlsAnomaly.HANDSHAKE_MESSAGE_TOO_LARGE));
        assertEquals(1, counters.get("handshake_message_too_large"));
        assertEquals("xn", hs.history());
    }

    @Test
    void interleavedHandshakeFragmentIsAnAnomaly() {
        byte[] ch = clientHelloRecord();
        TlsHandshake hs = trace(C, TlsBytes.concat(TlsBytes.record(22, java.util.Arrays.copyOfRange(ch, 5, 20)),
                TlsBytes.record(21, new byte[] {1, 0}))).replay();
        assertTrue(hs.hasAnomaly(TlsAnomaly.HANDSHAKE_INTERLEAVED));
        assertNull(hs.clientHello());
    }

    @Test
    void endInsideRecordIsReportedWithTheReason() {
        byte[] ch = clientHelloRecord();
        TlsHandshake hs = trace(C, java.util.Arrays.copyOfRange(ch, 0, 30))
                .replay(TlsConfig.DEFAULTS, new TlsCounters(), TlsListener.NONE, EndReason.RST);
        TlsAnomalyEvent e = hs.anomalies().get(0);
        assertEquals(TlsAnomaly.ENDED_MID_RECORD, e.anomaly());
        assertTrue(e.detail().endsWith("rst"), e.detail());
    }

    @Test
    void gapInsideRecordKeepsFramingGapAtHeaderLosesIt() {
        FakeControl cc = new FakeControl();
        FakeControl sc = new FakeControl();
        TlsConnection conn = new TlsConnection(TlsConfig.DEFAULTS, new TlsCounters(), TlsListener.NONE, cc, sc);
        byte[] cert = TlsBytes.record(22, TlsBytes.handshake(11, new byte[500]));
        Trace.deliver(conn.server(), sc, java.util.Arrays.copyOfRange(cert, 0, 100), 1);
        conn.server().onGap(300, 2);
        Trace.deliver(conn.server(), sc, TlsBytes.concat(java.util.Arrays.copyOfRange(cert, 400, cert.length),
                TlsBytes.record(21, new byte[] {2, 40})), 3);
        TlsHandshake hs = conn.result();
        assertEquals("l", hs.history());
        assertEquals("framing kept", hs.anomalies().get(0).detail().substring(hs.anomalies().get(0).detail().length() - 12));
        assertFalse(conn.server().stopped());

        conn.client().onGap(10, 4);
        assertTrue(conn.client().stopped());
        assertTrue(cc.stopped);
    }

    @Test
    void unexpectedDirectionAndMalformedHellos() {
        TlsHandshake hs = trace(S, clientHelloRecord(),
                C, TlsBytes.record(22, TlsBytes.handshake(1, new byte[] {3, 3, 1}))).replay();
        assertTrue(hs.hasAnomaly(TlsAnomaly.UNEXPECTED_HANDSHAKE_MESSAGE));
        assertTrue(hs.hasAnomaly(TlsAnomaly.MALFORMED_CLIENT_HELLO));
        assertTrue(hs.clientHello().malformed());
    }

    @Test
    void limitsAreBoundedAndCounted() {
        TlsCounters counters = new TlsCounters();
        TlsConfig tiny = TlsConfig.builder().maxListItems(2).maxAlerts(1).maxAnomalies(1).maxHistoryChars(3)
                .maxFirstFlightRecords(1).recordsAfterCompletion(100).maxNameChars(4).build();
        byte[] alerts = new byte[0];
        for (int i = 0; i < 10; i++) {
            alerts = TlsBytes.concat(alerts, TlsBytes.record(21, new byte[] {1, 0}));
        }
        TlsHandshake hs = trace(C, clientHelloRecord(), S, alerts).replay(tiny, counters, TlsListener.NONE,
                EndReason.FIN);
        assertEquals(1, hs.alerts().size());
        assertEquals("Cll+", hs.history());
        assertEquals(2, hs.clientHello().cipherSuites().size());
        assertEquals("mx.e", hs.sni());
        assertTrue(counters.get("alerts_over_limit") > 0);
        assertTrue(counters.get("history_over_limit") > 0);
        assertTrue(counters.get("names_truncated") > 0);
    }
}
