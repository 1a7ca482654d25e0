package org.stripwatch.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.decode.PacketDecoder;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * Heap bytes per tracked idle connection: opens N port-25 connections in one flow table with the
 * full session analysis attached and measures the heap after a full GC, before and after.
 * Modes: {@code syn} (a SYN only), {@code greeted} (handshake, the server's 220 greeting and the
 * client's EHLO: an SMTP session waiting for the EHLO reply). Run with the heap to test, e.g.
 * {@code java -Xmx2g -cp benchmarks.jar org.stripwatch.bench.IdleConnections 1000000 greeted}.
 */
public final class IdleConnections {
    /** Keeps the table reachable while a histogram is taken. */
    static volatile Object keep;

    private IdleConnections() {}

    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args.length > 0 ? args[0] : "1000000");
        boolean greeted = args.length > 1 && args[1].equals("greeted");
        long[] closed = {0};
        SessionAnalysis sessions = new SessionAnalysis(SessionConfig.DEFAULTS, r -> closed[0]++);
        FlowTable table = new FlowTable(ReassemblyConfig.DEFAULTS.withMaxFlows(Math.max(n, 1)), new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                return sessions.open(connection);
            }

            @Override
            public void onClose(ConnectionSummary summary) {
                closed[0]++;
            }
        });
        PacketDecoder decoder = new PacketDecoder(DecoderConfig.DEFAULTS, table);
        long before = usedAfterGc();
        long ts = 1_800_000_000_000_000_000L;
        byte[] greeting = "220 mx.example.net ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] ehlo = "EHLO mta.sender.example\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            int client = 0xC6336400 | (i & 0xFF) | ((i >>> 8 & 0x01) << 8); // 198.51.100.0/23-ish: 198.51.100-101.x
            int port = 1024 + (i >>> 9) % 64000;
            int server = 0xCB007100 | (1 + (i >>> 9) / 64000 % 254); // 203.0.113.x
            ts += 1000;
            decoder.onPacket(1, ts, frame(client, server, port, 25, 1000, 0, 0x02, null), 0);
            if (greeted) {
                decoder.onPacket(1, ts + 10, frame(server, client, 25, port, 5000, 1001, 0x12, null), 0);
                decoder.onPacket(1, ts + 20, frame(client, server, port, 25, 1001, 5001, 0x10, null), 0);
                decoder.onPacket(1, ts + 30, frame(server, client, 25, port, 5001, 1001, 0x18, greeting), 0);
                decoder.onPacket(1, ts + 40, frame(client, server, port, 25, 1001, 5001 + greeting.length, 0x18, ehlo), 0);
            }
        }
        keep = table;
        long after = usedAfterGc();
        long active = table.stats().flowsActive();
        System.out.printf("%s: %,d connections tracked (%,d closed early), heap %,d -> %,d bytes: %,.0f bytes per connection%n",
                greeted ? "greeted (SMTP session waiting for the EHLO reply)" : "SYN only", active, closed[0],
                before, after, (after - before) / (double) Math.max(1, active));
        if (Boolean.getBoolean("pause")) Thread.sleep(30_000); // time for jcmd GC.class_histogram
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static ByteBuf frame(int src, int dst, int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        int pay = payload == null ? 0 : payload.length;
        ByteBuf b = Unpooled.buffer(14 + 20 + 20 + pay);
        b.writeZero(12).writeShort(0x0800);
        b.writeByte(0x45).writeByte(0).writeShort(40 + pay).writeShort(1).writeShort(0x4000).writeByte(64).writeByte(6)
                .writeShort(0).writeInt(src).writeInt(dst);
        b.writeShort(sport).writeShort(dport).writeInt((int) seq).writeInt((int) ack).writeByte(0x50).writeByte(flags)
                .writeShort(65535).writeShort(0).writeShort(0);
        if (payload != null) b.writeBytes(payload);
        return b;
    }
}
