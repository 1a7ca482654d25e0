package org.stripwatch.sensor.reassembly;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;

/** Test harness: a flow table whose handlers record everything, and a segment builder. */
final class Recorder implements ConnectionListener {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    static final IpAddress SERVER = IpAddress.parse("203.0.113.25");

    final List<String> log = new ArrayList<>();
    final List<TcpEvent> events = new ArrayList<>();
    final List<ConnectionSummary> summaries = new ArrayList<>();
    final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    final List<Connection> connections = new ArrayList<>();
    final FlowTable table;
    boolean attach = true;
    /** Called on every delivery, to let a test steer the reassembler (skip, stopPayload). */
    java.util.function.BiConsumer<Direction, ByteBuf> onData = (d, b) -> {};
    private long clock = 1_000_000_000_000L;

    Recorder() {
        this(ReassemblyConfig.DEFAULTS);
    }

    Recorder(ReassemblyConfig config) {
        table = new FlowTable(config, this);
    }

    @Override
    public ConnectionHandler onOpen(Connection connection) {
        connections.add(connection);
        if (!attach) return null;
        return new ConnectionHandler() {
            @Override
            public StreamConsumer consumer(Direction d) {
                String who = d == Direction.CLIENT_TO_SERVER ? "C" : "S";
                ByteArrayOutputStream out = d == Direction.CLIENT_TO_SERVER ? toServer : toClient;
                return new StreamConsumer() {
                    @Override
                    public void onData(ByteBuf data, long ts) {
                        byte[] b = new byte[data.readableBytes()];
                        data.getBytes(data.readerIndex(), b);
                        out.writeBytes(b);
                        log.add(who + " data " + new String(b, StandardCharsets.ISO_8859_1));
                        onData.accept(d, data);
                    }

                    @Override
                    public void onGap(long length, long ts) {
                        log.add(who + " gap " + length);
                    }

                    @Override
                    public void onEnd(EndReason reason, long ts) {
                        log.add(who + " end " + reason.wireName());
                    }
                };
            }

            @Override
            public void onTcpEvent(TcpEvent event) {
                events.add(event);
            }
        };
    }

    @Override
    public void onClose(ConnectionSummary summary) {
        summaries.add(summary);
    }

    <T extends TcpEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    // ---- segment builder --------------------------------------------------------------------

    Seg fromClient() {
        return new Seg(true);
    }

    Seg fromServer() {
        return new Seg(false);
    }

    final class Seg {
        private final boolean client;
        private int seq, ack, flags = TcpSegment.ACK, ttl = 64, ipId = -1, window = 65535, declared = -1;
        private int wscale = -1, urgent;
        private byte[] data = new byte[0];
        private int captured = -1;
        private int srcPort, dstPort;

        Seg(boolean client) {
            this.client = client;
            srcPort = client ? 40000 : 25;
            dstPort = client ? 25 : 40000;
        }

        Seg seq(long v) { seq = (int) v; return this; }
        Seg ack(long v) { ack = (int) v; return this; }
        Seg flags(int v) { flags = v; return this; }
        Seg ttl(int v) { ttl = v; return this; }
        Seg ipId(int v) { ipId = v; return this; }
        Seg window(int v) { window = v; return this; }
        Seg wscale(int v) { wscale = v; return this; }
        Seg urgent(int v) { urgent = v; return this; }
        Seg ports(int src, int dst) { srcPort = src; dstPort = dst; return this; }
        Seg data(String s) { data = s.getBytes(StandardCharsets.ISO_8859_1); return this; }
        Seg data(byte[] b) { data = b; return this; }
        /** Only the first {@code n} payload bytes were captured (snaplen). */
        Seg captured(int n) { captured = n; return this; }
        Seg at(long nanosLater) { clock += nanosLater; return this; }

        void send() {
            TcpSegment s = new TcpSegment();
            clock += 1_000_000; // 1 ms between packets unless told otherwise
            int cap = captured < 0 ? data.length : captured;
            ByteBuf payload = Unpooled.wrappedBuffer(data, 0, cap);
            s.timestampNanos(clock).ipVersion(4).frameLength(54 + data.length)
                    .src(client ? CLIENT : SERVER).dst(client ? SERVER : CLIENT).ports(srcPort, dstPort)
                    .seq(seq).ack(ack).flags(flags).ttl(ttl).ipId(ipId).window(window).windowScale(wscale)
                    .urgentPointer(urgent).payload(declared < 0 ? data.length : declared, payload);
            table.onSegment(s);
        }
    }

    /** A three-way handshake with client ISN {@code c} and server ISN {@code s}. */
    void handshake(long c, long s) {
        fromClient().seq(c).flags(TcpSegment.SYN).wscale(7).send();
        fromServer().seq(s).ack(c + 1).flags(TcpSegment.SYN | TcpSegment.ACK).wscale(7).send();
        fromClient().seq(c + 1).ack(s + 1).send();
    }

    String clientStream() {
        return toServer.toString(StandardCharsets.ISO_8859_1);
    }

    String serverStream() {
        return toClient.toString(StandardCharsets.ISO_8859_1);
    }
}
