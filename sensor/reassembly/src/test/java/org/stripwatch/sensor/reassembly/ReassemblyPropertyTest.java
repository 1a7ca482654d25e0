package org.stripwatch.sensor.reassembly;

import static org.junit.jupiter.api.Assertions.*;
import static org.stripwatch.sensor.decode.TcpSegment.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties that must hold whatever the segmentation, order and duplication of the packets. */
class ReassemblyPropertyTest {
    private record Piece(int offset, byte[] data) {}

    /** Buffers large enough that full shuffles never hit a limit (limits are tested elsewhere). */
    private static final ReassemblyConfig ROOMY = ReassemblyConfig.DEFAULTS.withBuffers(1 << 20, 1 << 26, 10_000);

    @Test
    void anySegmentationOrderAndDuplicationDeliversTheOriginalStream() {
        Random rnd = new Random(20261123);
        for (int round = 0; round < 300; round++) {
            byte[] stream = randomBytes(rnd, 1 + rnd.nextInt(3000));
            long isn = rnd.nextLong() & 0xffff_ffffL; // wraps around in some rounds
            List<Piece> pieces = cut(rnd, stream);
            // Duplicates (identical retransmissions, possibly re-cut) and a bounded reordering.
            List<Piece> wire = new ArrayList<>(pieces);
            for (int i = 0; i < pieces.size() / 3; i++) wire.add(pieces.get(rnd.nextInt(pieces.size())));
            Collections.shuffle(wire, rnd);

            Recorder r = new Recorder(ROOMY);
            r.handshake(isn, 9);
            for (Piece p : wire) r.fromClient().seq(isn + 1 + p.offset()).ack(10).data(p.data()).send();
            r.fromClient().seq(isn + 1 + stream.length).ack(10).flags(ACK | FIN).send();
            r.table.finishAll();

            assertArrayEquals(stream, r.toServer.toByteArray(), "round " + round);
            assertTrue(r.events(TcpEvent.OverlapConflict.class).isEmpty(), "round " + round);
            assertTrue(r.events(TcpEvent.Gap.class).isEmpty(), "round " + round);
            assertEquals(stream.length, r.summaries.get(0).clientToServer().streamBytes());
            assertEquals(0, r.table.stats().bufferedBytes());
        }
    }

    @Test
    void lostSegmentsBecomeGapsAndEverythingElseLandsAtItsOffset() {
        Random rnd = new Random(7);
        for (int round = 0; round < 200; round++) {
            byte[] stream = randomBytes(rnd, 200 + rnd.nextInt(2000));
            List<Piece> pieces = cut(rnd, stream);
            List<Piece> kept = new ArrayList<>();
            long lost = 0;
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0 && rnd.nextInt(5) == 0) lost += pieces.get(i).data().length;
                else kept.add(pieces.get(i));
            }
            Collections.shuffle(kept, rnd);
            Recorder r = new Recorder(ROOMY);
            byte[] seen = new byte[stream.length];
            long[] at = {0};
            r.handshake(1, 9);
            for (Piece p : kept) r.fromClient().seq(2 + p.offset()).ack(10).data(p.data()).send();
            r.fromClient().seq(2 + stream.length).ack(10).flags(ACK | FIN).send();
            r.table.finishAll();
            for (String line : r.log) {
                if (line.startsWith("C data ")) {
                    byte[] b = line.substring(7).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    System.arraycopy(b, 0, seen, (int) at[0], b.length);
                    at[0] += b.length;
                } else if (line.startsWith("C gap ")) {
                    at[0] += Long.parseLong(line.substring(6));
                }
            }
            assertEquals(stream.length, at[0], "round " + round);
            long gaps = r.events(TcpEvent.Gap.class).stream().mapToLong(TcpEvent.Gap::length).sum();
            assertEquals(lost, gaps, "round " + round);
            for (TcpEvent.Gap g : r.events(TcpEvent.Gap.class)) {
                for (long o = g.streamOffset(); o < g.streamOffset() + g.length(); o++) stream[(int) o] = 0;
            }
            assertArrayEquals(stream, seen, "round " + round);
        }
    }

    /** Hostile input: arbitrary flags, sequence numbers and sizes never throw and stay bounded. */
    @Test
    void randomSegmentsNeverThrowAndStayWithinLimits() {
        Random rnd = new Random(99);
        ReassemblyConfig cfg = ReassemblyConfig.DEFAULTS.withMaxFlows(50).withBuffers(4096, 64 * 1024, 16);
        Recorder r = new Recorder(cfg);
        int[] flagChoices = {SYN, SYN | ACK, ACK, ACK | PSH, FIN | ACK, RST, RST | ACK, ACK | URG, 0, 0xff};
        for (int i = 0; i < 100_000; i++) {
            Recorder.Seg s = rnd.nextBoolean() ? r.fromClient() : r.fromServer();
            int port = 40000 + rnd.nextInt(80);
            if (rnd.nextBoolean()) s.ports(port, 25); else s.ports(25, port);
            s.seq(rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(5000)).ack(rnd.nextInt(5000))
                    .flags(flagChoices[rnd.nextInt(flagChoices.length)]).window(rnd.nextInt(65536))
                    .ttl(rnd.nextInt(256)).ipId(rnd.nextInt(65536)).urgent(rnd.nextInt(3));
            byte[] d = randomBytes(rnd, rnd.nextInt(4) == 0 ? rnd.nextInt(1500) : 0);
            s.data(d);
            if (d.length > 0 && rnd.nextInt(10) == 0) s.captured(rnd.nextInt(d.length));
            s.at(rnd.nextInt(3) == 0 ? rnd.nextInt(2_000_000_000) : 0).send();
            assertTrue(r.table.stats().bufferedBytes() <= cfg.maxBufferedBytesGlobal());
            assertTrue(r.table.stats().flowsActive() <= cfg.maxFlows());
        }
        r.table.finishAll();
        assertEquals(0, r.table.stats().consumerFailures());
        assertEquals(0, r.table.stats().bufferedBytes());
        assertEquals(0, r.table.stats().flowsActive());
    }

    private static List<Piece> cut(Random rnd, byte[] stream) {
        List<Piece> pieces = new ArrayList<>();
        for (int off = 0; off < stream.length; ) {
            int n = Math.min(stream.length - off, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 600));
            byte[] d = new byte[n];
            System.arraycopy(stream, off, d, 0, n);
            pieces.add(new Piece(off, d));
            off += n;
        }
        return pieces;
    }

    private static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
