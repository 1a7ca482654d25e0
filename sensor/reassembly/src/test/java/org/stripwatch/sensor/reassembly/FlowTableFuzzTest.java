package org.stripwatch.sensor.reassembly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;

/**
 * Coverage-guided fuzzing of the flow table and stream reassembly (Jazzer): sequences of arbitrary
 * segments (flags, sequence and acknowledgment numbers, windows, TTLs, payloads) over two flows,
 * with small limits. Properties: nothing escapes; out-of-order memory stays within the global limit
 * and the per-direction limit; each consumer sees a contiguous stream (its {@code offset()} equals
 * the bytes delivered plus gapped so far), nothing after its end, and exactly one end; everything is
 * released at the end of input. In "true stream" mode every payload byte is a function of its
 * sequence number, as a real sender's retransmissions are: then every delivered byte must be the
 * right one and no overlap conflict may be reported, whatever the segmentation, order, loss and
 * duplication.
 *
 * <p>Input: byte 0 bit 0 = true-stream mode (a handshake is sent first and SYNs are masked off);
 * then segments of 11 header bytes and a payload: {@code u8 kind (bit 0 from server, bit 1 second
 * flow, bits 2-7 flags FIN SYN RST PSH ACK URG)}, {@code s16 seq offset, u8 shift}, {@code s16 ack
 * offset}, {@code u16 window}, {@code u8 length}, {@code u8 ttl}, {@code u8 time step (x 50 ms)}.
 */
class FlowTableFuzzTest {
    /** 2 flows, 512 B and 8 segments out of order per direction, 1536 B in all, 64 B of overlap memory. */
    static final ReassemblyConfig SMALL = new ReassemblyConfig(2, 512, 1536, 8, 64, 10_000_000_000L,
            2_000_000_000L, 1_000_000_000L, Set.of(25));
    private static final int CLIENT_ISN = 0xFFFF_FF00; // the client's stream wraps around 2^32
    private static final int SERVER_ISN = 1000;
    private static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    private static final IpAddress SERVER = IpAddress.parse("203.0.113.25");
    private static final int[] FLAG_BITS = {TcpSegment.FIN, TcpSegment.SYN, TcpSegment.RST, TcpSegment.PSH,
            TcpSegment.ACK, TcpSegment.URG};

    @FuzzTest
    void segments(byte[] input) {
        if (input.length == 0) {
            return;
        }
        boolean trueStream = (input[0] & 1) != 0;
        Checker checker = new Checker(trueStream);
        FlowTable table = new FlowTable(SMALL, checker);
        long[] clock = {1_000_000_000_000L};
        if (trueStream) {
            send(table, clock, false, false, TcpSegment.SYN, CLIENT_ISN, 0, 65535, 7, 64, null);
            send(table, clock, true, false, TcpSegment.SYN | TcpSegment.ACK, SERVER_ISN, CLIENT_ISN + 1, 65535, 7, 60,
                    null);
            send(table, clock, false, false, TcpSegment.ACK, CLIENT_ISN + 1, SERVER_ISN + 1, 512, -1, 64, null);
        }
        int pos = 1;
        while (pos + 11 <= input.length) {
            int kind = input[pos] & 0xff;
            boolean fromServer = (kind & 1) != 0;
            boolean second = !trueStream && (kind & 2) != 0;
            int flags = 0;
            for (int b = 0; b < FLAG_BITS.length; b++) {
                if ((kind & (4 << b)) != 0) flags |= FLAG_BITS[b];
            }
            if (trueStream) flags &= ~TcpSegment.SYN;
            int seqOff = (short) u16(input, pos + 1) << (input[pos + 3] & 15);
            int ackOff = (short) u16(input, pos + 4);
            int window = u16(input, pos + 6);
            int len = Math.min(input[pos + 8] & 0xff, input.length - pos - 11);
            int ttl = input[pos + 9] & 0xff;
            clock[0] += (input[pos + 10] & 0xff) * 50_000_000L;
            int seq = (fromServer ? SERVER_ISN + 1 : CLIENT_ISN + 1) + seqOff;
            int ack = (fromServer ? CLIENT_ISN + 1 : SERVER_ISN + 1) + ackOff;
            byte[] payload = new byte[len];
            if (trueStream) {
                for (int i = 0; i < len; i++) payload[i] = truth(fromServer, seq + i);
            } else {
                System.arraycopy(input, pos + 11, payload, 0, len);
            }
            pos += 11 + (trueStream ? 0 : len);
            sendOn(table, clock, fromServer, second, flags, seq, ack, window, ttl, payload);
            checker.assertBounded(table);
        }
        table.finishAll();
        checker.assertFinished(table);
    }

    /** The byte a consistent sender puts at sequence number {@code seq} of its direction. */
    static byte truth(boolean fromServer, int seq) {
        int x = seq * 0x9E3779B1 + (fromServer ? 0x55 : 0);
        return (byte) (x ^ (x >>> 15));
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }

    private static void send(FlowTable table, long[] clock, boolean fromServer, boolean second, int flags, int seq,
                             int ack, int window, int wscale, int ttl, byte[] payload) {
        TcpSegment s = segment(clock, fromServer, second, flags, seq, ack, window, ttl,
                payload == null ? new byte[0] : payload);
        s.windowScale(wscale);
        table.onSegment(s);
    }

    private static void sendOn(FlowTable table, long[] clock, boolean fromServer, boolean second, int flags, int seq,
                               int ack, int window, int ttl, byte[] payload) {
        table.onSegment(segment(clock, fromServer, second, flags, seq, ack, window, ttl, payload));
    }

    private static TcpSegment segment(long[] clock, boolean fromServer, boolean second, int flags, int seq, int ack,
                                      int window, int ttl, byte[] payload) {
        clock[0] += 1_000_000;
        int clientPort = second ? 40001 : 40000;
        // The payload sits inside a larger buffer: a reassembler reading outside its view fails.
        byte[] backing = new byte[payload.length + 6];
        System.arraycopy(payload, 0, backing, 3, payload.length);
        ByteBuf p = Unpooled.wrappedBuffer(backing).setIndex(3, 3 + payload.length);
        return new TcpSegment().timestampNanos(clock[0]).ipVersion(4).frameLength(54 + payload.length)
                .src(fromServer ? SERVER : CLIENT).dst(fromServer ? CLIENT : SERVER)
                .ports(fromServer ? 25 : clientPort, fromServer ? clientPort : 25).seq(seq).ack(ack).flags(flags)
                .ttl(ttl).ipId(seq & 0xffff).window(window).windowScale(-1).urgentPointer(flags & TcpSegment.URG)
                .payload(payload.length, p);
    }

    /** A listener whose consumers check the stream contract of every call. */
    private static final class Checker implements ConnectionListener {
        private final boolean trueStream;
        private final List<Stream> streams = new ArrayList<>();
        private int opened, closed;

        Checker(boolean trueStream) {
            this.trueStream = trueStream;
        }

        @Override
        public ConnectionHandler onOpen(Connection connection) {
            opened++;
            return new ConnectionHandler() {
                @Override
                public StreamConsumer consumer(Direction d) {
                    Stream s = new Stream(connection, d, trueStream);
                    streams.add(s);
                    return s;
                }

                @Override
                public void onTcpEvent(TcpEvent event) {
                    if (trueStream) {
                        assertTrue(!(event instanceof TcpEvent.OverlapConflict),
                                "a consistent sender's retransmissions reported as a conflict: " + event);
                    }
                }
            };
        }

        @Override
        public void onClose(ConnectionSummary summary) {
            closed++;
        }

        void assertBounded(FlowTable table) {
            ReassemblyStats s = table.stats();
            assertTrue(s.bufferedBytes() >= 0, "negative buffered bytes");
            assertTrue(s.bufferedBytes() <= SMALL.maxBufferedBytesGlobal(), "global buffer limit exceeded");
            assertTrue(s.bufferedBytes() <= s.flowsActive() * 2L * SMALL.maxBufferedBytesPerDirection(),
                    "per-direction buffer limit exceeded");
            assertTrue(s.flowsActive() <= SMALL.maxFlows(), "flow limit exceeded");
            assertEquals(0, s.consumerFailures(), "a consumer threw");
        }

        void assertFinished(FlowTable table) {
            ReassemblyStats s = table.stats();
            assertEquals(0, s.bufferedBytes(), "buffers not released at the end");
            assertEquals(0, s.flowsActive());
            assertEquals(0, s.consumerFailures(), "a consumer threw");
            assertEquals(opened, closed, "every connection gets its summary");
            for (Stream st : streams) assertEquals(1, st.ends, "exactly one onEnd per direction");
        }
    }

    /** One direction's consumer: contiguous offsets, nothing after the end, true bytes in true-stream mode. */
    private static final class Stream implements StreamConsumer {
        private final Connection connection;
        private final Direction direction;
        private final boolean trueStream;
        long consumed;
        int ends;

        Stream(Connection connection, Direction direction, boolean trueStream) {
            this.connection = connection;
            this.direction = direction;
            this.trueStream = trueStream;
        }

        @Override
        public void onData(ByteBuf data, long ts) {
            assertEquals(0, ends, "data after the end");
            assertTrue(data.readableBytes() > 0, "empty delivery");
            assertEquals(consumed, connection.control(direction).offset(), "offset() during onData");
            // A connection opened mid-stream (after a timeout or linger ended the first) has another base.
            if (trueStream && !connection.midStream()) {
                boolean fromServer = direction == Direction.SERVER_TO_CLIENT;
                int base = (fromServer ? SERVER_ISN : CLIENT_ISN) + 1;
                for (int i = 0; i < data.readableBytes(); i++) {
                    int seq = base + (int) (consumed + i);
                    assertEquals(truth(fromServer, seq), data.getByte(data.readerIndex() + i),
                            direction + " byte at stream offset " + (consumed + i));
                }
            }
            consumed += data.readableBytes();
        }

        @Override
        public void onGap(long length, long ts) {
            assertEquals(0, ends, "gap after the end");
            assertTrue(length > 0, "empty gap");
            consumed += length;
        }

        @Override
        public void onEnd(EndReason reason, long ts) {
            ends++;
        }
    }

    // ---- seed corpus ----------------------------------------------------------------------------

    /** Writes the seeds: {@code -Dtest=FlowTableFuzzTest#writeSeeds -Dstripwatch.fuzz.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "stripwatch.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of(System.getProperty("stripwatch.root"), "sensor/reassembly/src/test/resources",
                "org/stripwatch/sensor/reassembly/FlowTableFuzzTestInputs/segments");
        Files.createDirectories(dir);
        int syn = 4 << 1, ack = 4 << 4, fin = 4, rst = 4 << 2, psh = 4 << 3, urg = 4 << 5;
        // A full SMTP-like exchange with FINs, arbitrary mode.
        Seeds a = new Seeds(0);
        a.seg(syn, -1, 0, 0, 0, "").seg(1 | syn | ack, -1, 0, 0, 0, "").seg(ack, 0, 0, 0, 0, "")
                .seg(1 | ack | psh, 0, 0, 0, 0, "220 mx ESMTP\r\n").seg(ack | psh, 0, 0, 14, 0, "EHLO a\r\n")
                .seg(1 | ack | psh, 14, 0, 8, 0, "250-mx\r\n250 STARTTLS\r\n").seg(ack | fin, 8, 0, 37, 0, "")
                .seg(1 | ack | fin, 37, 0, 9, 0, "");
        Files.write(dir.resolve("seed-smtp"), a.bytes());
        // Out of order, a conflicting retransmission, urgent data and an in-window RST.
        Seeds b = new Seeds(0);
        b.seg(syn, -1, 0, 0, 0, "").seg(1 | syn | ack, -1, 0, 0, 0, "").seg(ack, 0, 0, 0, 0, "")
                .seg(1 | ack, 5, 0, 0, 0, "world").seg(1 | ack, 0, 0, 0, 0, "hello").seg(1 | ack, 0, 0, 0, 0, "HELLO")
                .seg(ack | urg, 0, 0, 10, 0, "x").seg(1 | rst, 20, 0, 0, 0, "");
        Files.write(dir.resolve("seed-reorder-conflict-rst"), b.bytes());
        // True-stream mode: reordered, duplicated, re-cut and lost segments, far-away and wrapped seqs.
        Seeds c = new Seeds(1);
        c.seg(ack | psh, 10, 0, 0, 10, "").seg(ack | psh, 0, 0, 0, 12, "").seg(ack, 5, 0, 0, 10, "")
                .seg(1 | ack, 0, 0, 20, 30, "").seg(ack, 300, 0, 0, 5, "").seg(ack | fin, 40, 0, 30, 0, "")
                .seg(ack, 0x7ff0, 8, 0, 3, "");
        Files.write(dir.resolve("seed-true-stream"), c.bytes());
    }

    /** Builds seed inputs in the format above; in true-stream mode {@code data} only gives the length. */
    private static final class Seeds {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final boolean trueStream;

        Seeds(int mode) {
            out.write(mode);
            trueStream = (mode & 1) != 0;
        }

        Seeds seg(int kind, int seqOff, int shift, int ackOff, int length, String data) {
            int len = trueStream ? length : data.length();
            out.write(kind);
            out.write(seqOff >>> 8);
            out.write(seqOff);
            out.write(shift);
            out.write(ackOff >>> 8);
            out.write(ackOff);
            out.write(0xff);
            out.write(0xff);
            out.write(len);
            out.write(64);
            out.write(1);
            if (!trueStream) out.writeBytes(data.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
