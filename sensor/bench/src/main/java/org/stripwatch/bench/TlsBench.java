package org.stripwatch.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.decode.PacketDecoder;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;
import org.stripwatch.sensor.tls.TlsConfig;
import org.stripwatch.sensor.tls.TlsConnection;
import org.stripwatch.sensor.tls.TlsCounters;
import org.stripwatch.sensor.tls.TlsListener;

/**
 * A real Postfix TLS handshake (the first STARTTLS connection of the benchmark capture whose TLS
 * version is {@code version}) through the TLS record and handshake parsers: ClientHello with JA3/JA4,
 * ServerHello with JA3S, and for TLS 1.2 the certificate chain. {@code freshCache=true} gives each
 * handshake new sensor-wide state, so the X.509 parse is paid every time (the certificate cache's
 * cold case). Microseconds per handshake.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TlsBench {
    @Param({"1.2", "1.3"})
    public String version;

    @Param({"false", "true"})
    public boolean freshCache;

    private ByteBuf clientFlight;
    private ByteBuf serverFlight;
    private final TlsCounters shared = new TlsCounters();
    private static final StreamControl NO_CONTROL = new StreamControl() {
        @Override
        public void skip(long bytes) {}

        @Override
        public void stopPayload() {}

        @Override
        public long offset() {
            return 0;
        }
    };

    @Setup
    public void extract() throws Exception {
        // 1.2: server flight carries a Certificate (type 11); 1.3: ServerHello then ChangeCipherSpec/encrypted.
        List<byte[][]> conns = streams();
        for (byte[][] c : conns) {
            int ci = after(c[0], "STARTTLS\r\n"), si = after(c[1], "220 2.0.0");
            if (ci < 0 || si < 0 || ci >= c[0].length || si >= c[1].length) continue;
            si = after(java.util.Arrays.copyOfRange(c[1], si, c[1].length), "\r\n") + si;
            if (si >= c[1].length || c[1][si] != 0x16) continue;
            boolean tls12 = c[1].length - si > 1200 && indexOf(c[1], si, new byte[] {0x0b, 0x00}) > 0
                    && !containsVersion13(c[1], si);
            if (tls12 != version.equals("1.2")) continue;
            clientFlight = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(c[0], ci, c[0].length));
            serverFlight = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(c[1], si, c[1].length));
            return;
        }
        throw new IllegalStateException("no TLS " + version + " handshake in " + Frames.capture());
    }

    /** TLS 1.3 ServerHellos carry supported_versions (43) = 0x0304. */
    private static boolean containsVersion13(byte[] b, int from) {
        return indexOf(b, from, new byte[] {0x00, 0x2b, 0x00, 0x02, 0x03, 0x04}) > 0;
    }

    private static int indexOf(byte[] b, int from, byte[] needle) {
        outer:
        for (int i = from; i + needle.length <= Math.min(b.length, from + 4000); i++) {
            for (int k = 0; k < needle.length; k++) if (b[i + k] != needle[k]) continue outer;
            return i;
        }
        return -1;
    }

    private static int after(byte[] b, String s) {
        int i = indexOf(b, 0, s.getBytes(StandardCharsets.US_ASCII));
        return i < 0 ? -1 : i + s.length();
    }

    /** The first 200 port-25 connections' client and server byte streams (first 64 KiB each). */
    private static List<byte[][]> streams() throws Exception {
        List<byte[][]> out = new ArrayList<>();
        Frames frames = Frames.load();
        FlowTable t = new FlowTable(ReassemblyConfig.DEFAULTS, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                if (out.size() >= 200) return null;
                Map<Direction, ByteArrayOutputStream> s = new EnumMap<>(Direction.class);
                byte[][] slot = new byte[2][];
                out.add(slot);
                return new ConnectionHandler() {
                    @Override
                    public StreamConsumer consumer(Direction d) {
                        ByteArrayOutputStream o = new ByteArrayOutputStream();
                        s.put(d, o);
                        return new StreamConsumer() {
                            @Override
                            public void onData(ByteBuf data, long ts) {
                                if (o.size() < 65536) {
                                    byte[] b = new byte[data.readableBytes()];
                                    data.getBytes(data.readerIndex(), b);
                                    o.writeBytes(b);
                                }
                            }

                            @Override
                            public void onGap(long length, long ts) {}

                            @Override
                            public void onEnd(EndReason reason, long ts) {
                                slot[d == Direction.CLIENT_TO_SERVER ? 0 : 1] = o.toByteArray();
                            }
                        };
                    }
                };
            }

            @Override
            public void onClose(ConnectionSummary summary) {}
        });
        frames.replay(new PacketDecoder(DecoderConfig.DEFAULTS, t));
        t.finishAll();
        out.removeIf(s -> s[0] == null || s[1] == null);
        return out;
    }

    @Benchmark
    public Object handshake() {
        TlsCounters counters = freshCache ? new TlsCounters() : shared;
        TlsConnection c = new TlsConnection(TlsConfig.DEFAULTS, counters, TlsListener.NONE, NO_CONTROL, NO_CONTROL);
        clientFlight.setIndex(0, clientFlight.capacity());
        serverFlight.setIndex(0, serverFlight.capacity());
        c.client().onData(clientFlight, 1);
        c.server().onData(serverFlight, 2);
        c.client().onEnd(EndReason.FIN, 3);
        c.server().onEnd(EndReason.FIN, 3);
        return c.result();
    }
}
