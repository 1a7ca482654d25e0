package org.stripwatch.sensor.session;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;

/**
 * One scripted TCP connection as a list of packets (handshake, each side's messages with their
 * sequence numbers and ACKs, FINs), to be played one packet at a time into a flow table shared
 * with other traffic: {@link #step} sends the next packet at the caller's clock.
 */
final class Wire {
    private record Packet(boolean fromClient, int seq, int ack, int flags, byte[] payload) {}

    final IpAddress client;
    final int clientPort;
    final IpAddress server;
    final int serverPort;
    private final List<Packet> packets = new ArrayList<>();
    private int cSeq = 1000, sSeq = 90000;
    private int next;
    private int ipId = 1;

    Wire(String client, int clientPort, String server, int serverPort) {
        this.client = IpAddress.parse(client);
        this.clientPort = clientPort;
        this.server = IpAddress.parse(server);
        this.serverPort = serverPort;
        packets.add(new Packet(true, cSeq - 1, 0, TcpSegment.SYN, new byte[0]));
        packets.add(new Packet(false, sSeq - 1, cSeq, TcpSegment.SYN | TcpSegment.ACK, new byte[0]));
        packets.add(new Packet(true, cSeq, sSeq, TcpSegment.ACK, new byte[0]));
    }

    Wire client(String text) {
        return send(true, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Wire server(String text) {
        return send(false, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Wire send(boolean fromClient, byte[] data) {
        int flags = TcpSegment.ACK | TcpSegment.PSH;
        if (fromClient) {
            packets.add(new Packet(true, cSeq, sSeq, flags, data));
            cSeq += data.length;
        } else {
            packets.add(new Packet(false, sSeq, cSeq, flags, data));
            sSeq += data.length;
        }
        return this;
    }

    /** The Google TLS 1.2 handshake of zeek's smtp-starttls.pcap, real bytes. */
    Wire googleTls() throws java.io.IOException {
        for (String[] line : Conversation.googleTlsLines()) send(line[0].equals("C"), HexFormat.of().parseHex(line[1]));
        return this;
    }

    Wire fin() {
        packets.add(new Packet(true, cSeq, sSeq, TcpSegment.ACK | TcpSegment.FIN, new byte[0]));
        cSeq++;
        packets.add(new Packet(false, sSeq, cSeq, TcpSegment.ACK | TcpSegment.FIN, new byte[0]));
        sSeq++;
        packets.add(new Packet(true, cSeq, sSeq, TcpSegment.ACK, new byte[0]));
        return this;
    }

    boolean done() {
        return next >= packets.size();
    }

    /** Whether the three-way handshake is still to be completed. */
    boolean inHandshake() {
        return next < 3;
    }

    int size() {
        return packets.size();
    }

    /** Sends the next packet, if any, stamped {@code nanos}. */
    void step(FlowTable table, long nanos) {
        if (done()) return;
        Packet p = packets.get(next++);
        boolean c = p.fromClient;
        TcpSegment s = new TcpSegment();
        s.timestampNanos(nanos).ipVersion(4).frameLength(54 + p.payload.length)
                .src(c ? client : server).dst(c ? server : client)
                .ports(c ? clientPort : serverPort, c ? serverPort : clientPort)
                .seq(p.seq).ack(p.ack).flags(p.flags).ttl(c ? 64 : 52).ipId(ipId++).window(65535)
                .payload(p.payload.length, Unpooled.wrappedBuffer(p.payload));
        table.onSegment(s);
    }

    /** Plays every scripted packet not yet sent, 1 ms apart from {@code nanos}; returns the clock. */
    long play(FlowTable table, long nanos) {
        while (!done()) step(table, nanos += 1_000_000);
        return nanos;
    }

    /**
     * Sends {@code len} bytes of {@code data} now as one segment, at that side's next sequence
     * number (after everything scripted): for streams too long to script packet by packet.
     */
    void now(FlowTable table, long nanos, boolean fromClient, byte[] data, int off, int len) {
        int seq = fromClient ? cSeq : sSeq;
        emit(table, nanos, fromClient, seq, fromClient ? sSeq : cSeq, TcpSegment.ACK | TcpSegment.PSH,
                Unpooled.wrappedBuffer(data, off, len), len);
        if (fromClient) cSeq += len; else sSeq += len;
    }

    /** A pure ACK of everything the other side sent: keeps the sender within the advertised window. */
    void ackNow(FlowTable table, long nanos, boolean fromClient) {
        emit(table, nanos, fromClient, fromClient ? cSeq : sSeq, fromClient ? sSeq : cSeq, TcpSegment.ACK,
                Unpooled.EMPTY_BUFFER, 0);
    }

    /** A segment at an arbitrary client sequence offset from the next expected byte (out of order). */
    void clientAt(FlowTable table, long nanos, int ahead, byte[] data) {
        emit(table, nanos, true, cSeq + ahead, sSeq, TcpSegment.ACK | TcpSegment.PSH, Unpooled.wrappedBuffer(data),
                data.length);
    }

    private final TcpSegment reused = new TcpSegment();

    private void emit(FlowTable table, long nanos, boolean c, int seq, int ack, int flags, io.netty.buffer.ByteBuf p,
                      int len) {
        reused.timestampNanos(nanos).ipVersion(4).frameLength(54 + len)
                .src(c ? client : server).dst(c ? server : client)
                .ports(c ? clientPort : serverPort, c ? serverPort : clientPort)
                .seq(seq).ack(ack).flags(flags).ttl(c ? 64 : 52).ipId(ipId++ & 0xffff).window(65535)
                .payload(len, p);
        table.onSegment(reused);
    }

    /** This connection's record when it runs alone through a fresh table: the reference. */
    SessionRecord alone() {
        List<SessionRecord> out = new ArrayList<>();
        SessionAnalysis a = new SessionAnalysis(SessionConfig.DEFAULTS, out::add);
        FlowTable t = table(ReassemblyConfig.DEFAULTS, a);
        Wire copy = this.copyForReplay();
        long clock = 1_700_000_000_000_000_000L;
        while (!copy.done()) copy.step(t, clock += 1_000_000);
        t.finishAll();
        if (out.size() != 1) throw new AssertionError("expected one record, got " + out.size());
        return out.get(0);
    }

    private Wire copyForReplay() {
        Wire w = new Wire(client.toString(), clientPort, server.toString(), serverPort);
        w.packets.clear();
        w.packets.addAll(packets);
        return w;
    }

    static FlowTable table(ReassemblyConfig config, SessionAnalysis analysis) {
        return new FlowTable(config, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection c) {
                return analysis.open(c);
            }

            @Override
            public void onClose(ConnectionSummary s) {}
        });
    }
}
