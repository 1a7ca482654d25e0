package org.stripwatch.sensor.reassembly;

import static org.junit.jupiter.api.Assertions.*;
import static org.stripwatch.sensor.decode.TcpSegment.*;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlowTableTest {
    private static final long C = 1000, S = 5000; // initial sequence numbers

    @Test
    void inOrderConversationWithFinBothWays() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromServer().seq(S + 1).ack(C + 1).data("220 mx ESMTP\r\n").send();
        r.fromClient().seq(C + 1).ack(S + 15).data("QUIT\r\n").send();
        r.fromServer().seq(S + 15).ack(C + 7).data("221 bye\r\n").flags(ACK | FIN).send();
        r.fromClient().seq(C + 7).ack(S + 25).flags(ACK | FIN).send();
        r.fromServer().seq(S + 25).ack(C + 8).send();
        r.table.finishAll();

        assertEquals(List.of("S data 220 mx ESMTP\r\n", "C data QUIT\r\n", "S data 221 bye\r\n", "S end fin",
                "C end fin"), r.log);
        ConnectionSummary s = r.summaries.get(0);
        assertEquals(EndReason.FIN, s.endReason());
        assertTrue(s.established());
        assertEquals("ShAdDfF", s.history()); // the last ACK after both FINs is normal
        assertEquals(6, s.clientToServer().streamBytes());
        assertEquals(23, s.serverToClient().streamBytes());
        assertEquals(4, s.clientToServer().packets());
        assertEquals(0, s.clientToServer().gapBytes());
        assertEquals(Recorder.CLIENT, s.client().address());
        assertEquals(25, s.server().port());
    }

    @Test
    void outOfOrderSegmentsAreDeliveredInOrder() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 6).ack(S + 1).data("world").send();
        r.fromClient().seq(C + 11).ack(S + 1).data("!").send();
        assertEquals("", r.clientStream());
        r.fromClient().seq(C + 1).ack(S + 1).data("hello").send();
        assertEquals("helloworld!", r.clientStream());
        assertEquals(2, r.table.stats().outOfOrderSegments());
        assertEquals(0, r.table.stats().bufferedBytes());
    }

    @Test
    void identicalRetransmissionIsCountedNotConflicting() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromServer().seq(S + 1).ack(C + 1).data("220 ready\r\n").send();
        r.fromServer().seq(S + 1).ack(C + 1).data("220 ready\r\n").send();
        assertEquals("220 ready\r\n", r.serverStream());
        assertEquals(1, r.table.stats().retransmissions());
        assertTrue(r.events(TcpEvent.OverlapConflict.class).isEmpty());
    }

    /** An injected 454 wins the race; the real 220 arrives later at the same offset with other bytes. */
    @Test
    void conflictingRetransmissionIsReportedWithBothCarriers() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromServer().seq(S + 1).ack(C + 1).ttl(64).ipId(100).data("220 mx\r\n").send();
        r.fromClient().seq(C + 1).ack(S + 9).data("STARTTLS\r\n").send();
        r.fromServer().seq(S + 9).ack(C + 11).ttl(61).ipId(7).data("454 TLS not available\r\n").send();
        r.fromServer().seq(S + 9).ack(C + 11).ttl(64).ipId(101).data("220 2.0.0 Ready to start TLS\r\n").send();

        assertTrue(r.serverStream().startsWith("220 mx\r\n454 TLS not available\r\n"), r.serverStream());
        TcpEvent.OverlapConflict o = r.events(TcpEvent.OverlapConflict.class).get(0);
        assertEquals(1_000_000, r.connections.get(0).serverRttNanos()); // packets are 1 ms apart
        assertEquals(1_000_000, r.connections.get(0).clientRttNanos());
        assertEquals(Direction.SERVER_TO_CLIENT, o.direction());
        assertEquals(8, o.streamOffset());
        assertEquals(61, o.firstTtl());
        assertEquals(7, o.firstIpId());
        assertEquals(64, o.laterTtl());
        assertEquals(101, o.laterIpId());
        assertEquals(1, r.table.stats().overlapConflicts());
        r.table.finishAll();
        assertTrue(r.summaries.get(0).history().contains("o"), r.summaries.get(0).history());
    }

    @Test
    void partialOverlapDeliversOnlyNewBytesAndChecksTheOldOnes() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("EHLO a").send();
        r.fromClient().seq(C + 3).ack(S + 1).data("LO a.example\r\n").send();
        assertEquals("EHLO a.example\r\n", r.clientStream());
        assertTrue(r.events(TcpEvent.OverlapConflict.class).isEmpty());
        r.fromClient().seq(C + 3).ack(S + 1).data("XO").send();
        assertEquals(1, r.events(TcpEvent.OverlapConflict.class).size());
        assertEquals(2, r.events(TcpEvent.OverlapConflict.class).get(0).streamOffset());
    }

    @Test
    void conflictBetweenBufferedSegmentsFirstArrivalWins() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 4).ack(S + 1).ttl(50).data("AAAA").send();
        r.fromClient().seq(C + 4).ack(S + 1).ttl(64).data("BBBB").send();
        r.fromClient().seq(C + 1).ack(S + 1).data("xyz").send();
        assertEquals("xyzAAAA", r.clientStream());
        TcpEvent.OverlapConflict o = r.events(TcpEvent.OverlapConflict.class).get(0);
        assertEquals(50, o.firstTtl());
        assertEquals(64, o.laterTtl());
    }

    @Test
    void ackAboveAHoleDeclaresAGap() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("MAIL FROM:<a@b>\r\n").send(); // 17 bytes
        // Segment at C+18 (10 bytes) lost before the sensor; the next one is buffered.
        r.fromClient().seq(C + 28).ack(S + 1).data("DATA\r\n").send();
        r.fromServer().seq(S + 1).ack(C + 34).data("250 ok\r\n").send();
        assertEquals(List.of("C data MAIL FROM:<a@b>\r\n", "C gap 10", "C data DATA\r\n", "S data 250 ok\r\n"),
                r.log);
        TcpEvent.Gap g = r.events(TcpEvent.Gap.class).get(0);
        assertEquals(17, g.streamOffset());
        assertEquals(10, g.length());
        r.table.finishAll();
        assertEquals(10, r.summaries.get(0).clientToServer().gapBytes());
        assertTrue(r.summaries.get(0).history().contains("G"));
    }

    /** Merged captures can show the ACK of a FIN before the FIN itself: no phantom gap, a clean close. */
    @Test
    void ackOfAFinNotYetSeenIsNotAGap() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("QUIT\r\n").send();
        r.fromServer().seq(S + 1).ack(C + 8).flags(ACK | FIN).send(); // acks the client's FIN at C+7
        r.fromClient().seq(C + 7).ack(S + 2).flags(ACK | FIN).send();
        assertTrue(r.events(TcpEvent.Gap.class).isEmpty(), r.events.toString());
        assertTrue(r.log.contains("C end fin"), r.log.toString());
        r.table.finishAll();
        assertEquals(EndReason.FIN, r.summaries.get(0).endReason());
    }

    /**
     * The client acknowledges bytes the server never sent (it received a longer forged reply): the
     * sensor must not skip ahead, or the server's real reply would never reach the parsers.
     */
    @Test
    void ackBeyondAnythingSentIsNoGap() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("STARTTLS\r\n").send();
        r.fromClient().seq(C + 11).ack(S + 1 + 30).send(); // acks a 30-byte forged 454 the capture never saw
        r.fromServer().seq(S + 1).ack(C + 11).data("220 2.0.0 Ready\r\n").send();
        assertEquals("220 2.0.0 Ready\r\n", r.serverStream());
        assertTrue(r.events(TcpEvent.Gap.class).isEmpty());
        assertTrue(r.events(TcpEvent.Anomaly.class).stream().anyMatch(a -> a.kind() == TcpAnomaly.ACKED_UNSEEN_DATA));
    }

    @Test
    void holeAtEndOfInputBecomesAGap() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("ab").send();
        r.fromClient().seq(C + 5).ack(S + 1).data("ef").send();
        r.table.finishAll();
        assertEquals(List.of("C data ab", "C gap 2", "C data ef", "C end end_of_input", "S end end_of_input"),
                r.log);
        assertEquals(EndReason.END_OF_INPUT, r.summaries.get(0).endReason());
    }

    @Test
    void sequenceNumbersWrapAround() {
        Recorder r = new Recorder();
        long c = 0xffff_fff8L;
        r.handshake(c, S);
        r.fromClient().seq(c + 1 + 8).ack(S + 1).data("89abcdef").send(); // crosses 2^32, sent first
        r.fromClient().seq(c + 1).ack(S + 1).data("01234567").send();
        r.fromClient().seq(c + 1 + 4).ack(S + 1).data("4567").send(); // old: a retransmission
        assertEquals("0123456789abcdef", r.clientStream());
        assertEquals(1, r.table.stats().retransmissions());
        r.fromClient().seq(c + 17).ack(S + 1).flags(ACK | FIN).send();
        r.fromServer().seq(S + 1).ack(c + 18).flags(ACK | FIN).send();
        assertTrue(r.log.contains("C end fin"));
        r.table.finishAll();
        assertEquals(16, r.summaries.get(0).clientToServer().streamBytes());
    }

    @Test
    void midStreamPickupChoosesServerByPort() {
        Recorder r = new Recorder();
        // The first packet seen goes from the server (port 25) to the client: no SYN anywhere.
        r.fromServer().seq(777).ack(333).data("250 ok\r\n").send();
        r.fromClient().seq(333).ack(785).data("QUIT\r\n").send();
        r.table.finishAll();
        ConnectionSummary s = r.summaries.get(0);
        assertTrue(s.midStream());
        assertEquals(25, s.server().port());
        assertEquals(Recorder.CLIENT, s.client().address());
        assertTrue(s.history().startsWith("^"));
        assertEquals("QUIT\r\n", r.clientStream());
        assertEquals("250 ok\r\n", r.serverStream());
        assertEquals(TcpAnomaly.MID_STREAM_START, r.events(TcpEvent.Anomaly.class).get(0).kind());
    }

    @Test
    void oneSidedCaptureStillDeliversTheSeenDirection() {
        Recorder r = new Recorder();
        r.fromClient().seq(C).flags(SYN).send();
        r.fromClient().seq(C + 1).ack(S + 1).data("EHLO x\r\n").send();
        r.fromClient().seq(C + 9).ack(S + 40).data("QUIT\r\n").send();
        r.table.finishAll();
        // The client's ACK says it received 39 server bytes the sensor never saw.
        assertEquals("EHLO x\r\nQUIT\r\n", r.clientStream());
        ConnectionSummary s = r.summaries.get(0);
        assertEquals(0, s.serverToClient().packets());
        assertFalse(s.established());
    }

    @Test
    void snaplenCutPayloadBecomesAGap() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("0123456789").captured(4).send();
        r.fromClient().seq(C + 11).ack(S + 1).data("ab").send();
        assertEquals(List.of("C data 0123", "C gap 6", "C data ab"), r.log);
        assertEquals(TcpEvent.GapCause.SNAPLEN, r.events(TcpEvent.Gap.class).get(0).cause());
    }

    @Test
    void exactRstEndsTheConnectionWithEvidence() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        for (int i = 0; i < 5; i++) {
            r.fromServer().seq(S + 1 + i).ack(C + 1).ttl(57).ipId(200 + i).data("x").send();
        }
        // Forged: TTL far from the server's 57, IP ID out of sequence.
        r.fromServer().seq(S + 6).ack(C + 1).flags(RST).ttl(64).ipId(1).send();
        TcpEvent.Reset rst = r.events(TcpEvent.Reset.class).get(0);
        assertEquals(TcpEvent.RstSeqMatch.EXACT, rst.seqMatch());
        assertEquals(57, rst.medianTtl());
        assertEquals(64, rst.ttl());
        assertEquals(204, rst.lastIpId());
        assertEquals(1, rst.ipId());
        assertEquals(5, rst.streamOffset());
        assertTrue(rst.accepted());
        assertEquals(List.of("C end rst", "S end rst"), r.log.subList(r.log.size() - 2, r.log.size()));
        r.table.finishAll();
        assertEquals(EndReason.RST, r.summaries.get(0).endReason());
    }

    @Test
    void outOfWindowRstIsIgnoredLikeTheReceiverWould() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).window(100).send();
        r.fromServer().seq(S + 1 + 50_000).ack(C + 1).flags(RST).send(); // window is 100 << 7
        TcpEvent.Reset rst = r.events(TcpEvent.Reset.class).get(0);
        assertEquals(TcpEvent.RstSeqMatch.OUT_OF_WINDOW, rst.seqMatch());
        assertFalse(rst.accepted());
        r.fromServer().seq(S + 1).ack(C + 1).data("220 still here\r\n").send();
        assertEquals("220 still here\r\n", r.serverStream());
        r.fromServer().seq(S + 17 + 50).ack(C + 1).flags(RST).send();
        assertEquals(TcpEvent.RstSeqMatch.IN_WINDOW, r.events(TcpEvent.Reset.class).get(1).seqMatch());
        assertEquals(2, r.table.stats().resetsIgnored()); // the out-of-window one and the inexact one (RFC 5961)
    }

    @Test
    void packetsAfterCloseAreCountedAndPortReuseStartsANewConnection() {
        Recorder r = new Recorder();
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).flags(RST).send();
        r.fromServer().seq(S + 1).ack(C + 1).data("late").send();
        assertEquals(1, r.table.stats().packetsAfterClose());
        r.handshake(C + 100_000, S + 100_000);
        r.table.finishAll();
        assertEquals(2, r.summaries.size());
        assertEquals(EndReason.RST, r.summaries.get(0).endReason());
        assertTrue(r.summaries.get(1).established());
    }

    @Test
    void skipAndStopPayloadAvoidDelivery() {
        Recorder r = new Recorder();
        r.onData = (d, b) -> {
            if (b.toString(java.nio.charset.StandardCharsets.US_ASCII).startsWith("BDAT 6")) {
                r.connections.get(0).control(d).skip(6);
            }
            if (b.toString(java.nio.charset.StandardCharsets.US_ASCII).startsWith("STOP")) {
                r.connections.get(0).control(d).stopPayload();
            }
        };
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("BDAT 6\r\n").send(); // 8 bytes
        r.fromClient().seq(C + 9).ack(S + 1).data("abc").send();
        r.fromClient().seq(C + 15).ack(S + 1).data("STOP\r\n").send(); // arrives before the hole fills
        r.fromClient().seq(C + 12).ack(S + 1).data("def").send();
        r.fromClient().seq(C + 21).ack(S + 1).data("encrypted").send();
        assertEquals("BDAT 6\r\nSTOP\r\n", r.clientStream());
        assertEquals(29, r.connections.get(0).control(Direction.CLIENT_TO_SERVER).offset());
        assertEquals(0, r.table.stats().gapBytes());
    }

    @Test
    void carrierFactsAreKnownDuringDelivery() {
        Recorder r = new Recorder();
        int[] seen = new int[3];
        r.onData = (d, b) -> {
            StreamControl c = r.connections.get(0).control(d);
            seen[0] = c.carrierTtl();
            seen[1] = c.carrierIpId();
            seen[2] = c.medianTtl();
        };
        r.handshake(C, S);
        r.fromServer().seq(S + 1).ack(C + 1).ttl(50).ipId(10).data("220 a\r\n").send();
        r.fromServer().seq(S + 8).ack(C + 1).ttl(50).ipId(11).data("250 b\r\n").send();
        r.fromServer().seq(S + 15).ack(C + 1).ttl(61).ipId(999).data("454 c\r\n").send();
        assertArrayEquals(new int[] {61, 999, 50}, seen);
        assertEquals(-1, r.connections.get(0).control(Direction.SERVER_TO_CLIENT).carrierTtl());
    }

    @Test
    void skipAbsorbsAGapInsideTheSkippedRegion() {
        Recorder r = new Recorder();
        r.onData = (d, b) -> r.connections.get(0).control(d).skip(10);
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("x").send();
        r.fromClient().seq(C + 8).ack(S + 1).data("zzzzY").send(); // bytes 2-6 of the skip are lost
        r.fromServer().seq(S + 1).ack(C + 13).send();
        assertEquals("x", r.clientStream().substring(0, 1));
        assertTrue(r.events(TcpEvent.Gap.class).isEmpty()); // the consumer skipped them anyway
        assertEquals(6, r.table.stats().gapBytes()); // but the connection log says they were never seen
        assertEquals("xY", r.clientStream().replace("\n", ""));
    }

    @Test
    void unhandledConnectionsAreTrackedWithoutPayload() {
        Recorder r = new Recorder();
        r.attach = false;
        r.handshake(C, S);
        r.fromClient().seq(C + 1 + 100).ack(S + 1).data("later").send();
        r.fromClient().seq(C + 1).ack(S + 1).data("x".repeat(100)).send();
        r.table.finishAll();
        assertEquals(0, r.table.stats().peakBufferedBytes());
        assertEquals(105, r.summaries.get(0).clientToServer().streamBytes());
    }

    @Test
    void outOfOrderLimitsGiveUpWithAGap() {
        Recorder r = new Recorder(ReassemblyConfig.DEFAULTS.withBuffers(10, 1 << 20, 2));
        r.handshake(C, S);
        r.fromClient().seq(C + 3).ack(S + 1).data("cd").send();
        r.fromClient().seq(C + 5).ack(S + 1).data("ef").send();
        r.fromClient().seq(C + 7).ack(S + 1).data("gh").send(); // third segment: over the limit
        assertEquals(List.of("C gap 2", "C data cd", "C data ef", "C gap 2"), r.log);
        assertEquals(1, r.table.stats().outOfOrderDropped());
        r.fromClient().seq(C + 9).ack(S + 1).data("ij").send();
        assertTrue(r.clientStream().endsWith("ij"));
    }

    @Test
    void globalBufferLimitIsShared() {
        Recorder r = new Recorder(ReassemblyConfig.DEFAULTS.withBuffers(1000, 5, 100));
        r.handshake(C, S);
        r.fromClient().seq(C + 10).ack(S + 1).data("1234").send();
        r.fromServer().seq(S + 10).ack(C + 1).data("5678").send();
        assertEquals(1, r.table.stats().globalBufferLimitHits());
        assertTrue(r.table.stats().bufferedBytes() <= 5);
    }

    @Test
    void evictionPrefersUnestablishedConnections() {
        Recorder r = new Recorder(ReassemblyConfig.DEFAULTS.withMaxFlows(3));
        r.handshake(C, S); // established, oldest
        r.fromClient().ports(40001, 25).seq(1).flags(SYN).send();
        r.fromClient().ports(40002, 25).seq(1).flags(SYN).send();
        r.fromClient().ports(40003, 25).seq(1).flags(SYN).send();
        assertEquals(1, r.table.stats().flowsEvicted());
        assertEquals(1, r.table.stats().evictedUnestablished());
        assertEquals(40001, r.summaries.get(0).client().port());
        assertEquals(3, r.table.stats().flowsActive());
    }

    @Test
    void idleConnectionsExpireByCaptureTime() {
        Recorder r = new Recorder(ReassemblyConfig.DEFAULTS.withTimeouts(10_000_000_000L, 2_000_000_000L, 1));
        r.handshake(C, S);
        r.fromClient().ports(40009, 25).seq(1).flags(SYN).send(); // never answered
        r.fromClient().seq(C + 1).ack(S + 1).at(3_000_000_000L).data("x").send();
        assertEquals(1, r.table.stats().flowsTimedOut());
        assertEquals(EndReason.IDLE_TIMEOUT, r.summaries.get(0).endReason());
        r.fromClient().ports(40010, 25).seq(1).flags(SYN).at(11_000_000_000L).send();
        assertEquals(2, r.table.stats().flowsTimedOut());
        assertTrue(r.log.contains("C end idle_timeout"));
    }

    @Test
    void serverPortsAreConfigurable() {
        Recorder r = new Recorder(ReassemblyConfig.DEFAULTS.withServerPorts(Set.of(40000)));
        r.fromClient().seq(1).ack(1).data("x").send(); // 40000 -> 25, 40000 is the "server" now
        r.table.finishAll();
        assertEquals(40000, r.summaries.get(0).server().port());
    }

    @Test
    void failingConsumerIsDetachedNotFatal() {
        Recorder r = new Recorder();
        r.onData = (d, b) -> { throw new IllegalStateException("parser bug"); };
        r.handshake(C, S);
        r.fromClient().seq(C + 1).ack(S + 1).data("boom").send();
        r.fromClient().seq(C + 5).ack(S + 1).data("more").send();
        r.table.finishAll();
        assertEquals(1, r.table.stats().consumerFailures());
        assertEquals("boom", r.clientStream());
        assertEquals(8, r.summaries.get(0).clientToServer().streamBytes());
    }
}
