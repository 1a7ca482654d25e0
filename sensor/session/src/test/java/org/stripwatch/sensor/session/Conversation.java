package org.stripwatch.sensor.session;

import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.smtp.SmtpCapability;

/**
 * A scripted TCP connection through the real flow table and session layer: each {@code client} or
 * {@code server} call sends that side's bytes, cut into segments of {@code segmentSize} bytes (or
 * at {@code splitAt} within each message), with sequence numbers, ACKs, TTLs and IP IDs like a
 * real stack's.
 */
final class Conversation {
    static final IpAddress CLIENT = IpAddress.parse("192.0.2.10");
    static final IpAddress SERVER = IpAddress.parse("203.0.113.25");

    final List<SessionRecord> records = new ArrayList<>();
    private final FlowTable table;
    private final SessionAnalysis analysis;
    private long clock = 1_700_000_000_000_000_000L;
    private int cSeq = 1000, sSeq = 90000;
    private int cIpId = 100, sIpId = 5000;
    int segmentSize = Integer.MAX_VALUE;
    int splitAt = -1;
    int clientTtl = 64, serverTtl = 52;
    long stepNanos = 20_000_000; // 20 ms between packets: the server RTT is 20 ms

    Conversation() {
        analysis = new SessionAnalysis(SessionConfig.DEFAULTS, records::add);
        table = new FlowTable(ReassemblyConfig.DEFAULTS, new org.stripwatch.sensor.reassembly.ConnectionListener() {
            @Override
            public org.stripwatch.sensor.reassembly.ConnectionHandler onOpen(
                    org.stripwatch.sensor.reassembly.Connection c) {
                return analysis.open(c);
            }

            @Override
            public void onClose(org.stripwatch.sensor.reassembly.ConnectionSummary s) {}
        });
    }

    Conversation handshake() {
        segment(true, cSeq - 1, 0, TcpSegment.SYN, new byte[0], clientTtl, cIpId++);
        segment(false, sSeq - 1, cSeq, TcpSegment.SYN | TcpSegment.ACK, new byte[0], serverTtl, sIpId++);
        segment(true, cSeq, sSeq, TcpSegment.ACK, new byte[0], clientTtl, cIpId++);
        return this;
    }

    Conversation client(String text) {
        return send(true, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Conversation server(String text) {
        return send(false, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Conversation send(boolean fromClient, byte[] data) {
        int size = segmentSize;
        for (int off = 0; off < data.length; ) {
            int n = Math.min(size, data.length - off);
            if (splitAt > 0 && off == 0 && splitAt < data.length) n = Math.min(n, splitAt);
            byte[] part = java.util.Arrays.copyOfRange(data, off, off + n);
            if (fromClient) {
                segment(true, cSeq, sSeq, TcpSegment.ACK | TcpSegment.PSH, part, clientTtl, cIpId++);
                cSeq += n;
            } else {
                segment(false, sSeq, cSeq, TcpSegment.ACK | TcpSegment.PSH, part, serverTtl, sIpId++);
                sSeq += n;
            }
            off += n;
        }
        return this;
    }

    /** Sends {@code text} from the server with a chosen TTL and IP ID, at the next sequence number. */
    Conversation forgedServer(String text, int ttl, int ipId, boolean advance) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        segment(false, sSeq, cSeq, TcpSegment.ACK | TcpSegment.PSH, b, ttl, ipId);
        if (advance) sSeq += b.length;
        return this;
    }

    Conversation rst(boolean fromClient, int ttl, int ipId) {
        segment(fromClient, fromClient ? cSeq : sSeq, 0, TcpSegment.RST, new byte[0], ttl, ipId);
        return this;
    }

    Conversation fin() {
        segment(true, cSeq, sSeq, TcpSegment.ACK | TcpSegment.FIN, new byte[0], clientTtl, cIpId++);
        cSeq++;
        segment(false, sSeq, cSeq, TcpSegment.ACK | TcpSegment.FIN, new byte[0], serverTtl, sIpId++);
        sSeq++;
        segment(true, cSeq, sSeq, TcpSegment.ACK, new byte[0], clientTtl, cIpId++);
        return this;
    }

    /** Replays the Google TLS 1.2 handshake of zeek's smtp-starttls.pcap (both directions, in order). */
    Conversation googleTls() throws IOException {
        for (String[] line : googleTlsLines()) send(line[0].equals("C"), HexFormat.of().parseHex(line[1]));
        return this;
    }

    static List<String[]> googleTlsLines() throws IOException {
        try (InputStream in = Conversation.class.getResourceAsStream(
                "/org/stripwatch/sensor/tls/smtp-starttls-google.hex")) {
            if (in == null) throw new IOException("TLS fixture missing from the tls module's test resources");
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            List<String[]> out = new ArrayList<>();
            for (String l : text.split("\n")) {
                l = l.trim();
                if (l.length() > 2 && (l.startsWith("C ") || l.startsWith("S "))) out.add(l.split(" ", 2));
            }
            return out;
        }
    }

    SessionRecord end() {
        table.finishAll();
        if (records.size() != 1) throw new AssertionError("expected one session, got " + records.size());
        return records.get(0);
    }

    private void segment(boolean fromClient, int seq, int ack, int flags, byte[] payload, int ttl, int ipId) {
        clock += stepNanos;
        TcpSegment s = new TcpSegment();
        s.timestampNanos(clock).ipVersion(4).frameLength(54 + payload.length)
                .src(fromClient ? CLIENT : SERVER).dst(fromClient ? SERVER : CLIENT)
                .ports(fromClient ? 40001 : 25, fromClient ? 25 : 40001)
                .seq(seq).ack(ack).flags(flags).ttl(ttl).ipId(ipId).window(65535)
                .payload(payload.length, Unpooled.wrappedBuffer(payload));
        table.onSegment(s);
    }

    /** Everything about a record except times: what must not change with segmentation. */
    static String describe(SessionRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.mode()).append('|').append(r.greetingCode()).append('|').append(r.bannerHost()).append('|')
                .append(r.heloVerb()).append(' ').append(r.heloName()).append('|')
                .append(r.ehloCapabilities().stream().map(SmtpCapability::toString).collect(Collectors.joining(",")))
                .append('|').append(r.ehloReplyComplete()).append('|').append(r.starttls()).append('|')
                .append(r.mail()).append('|').append(r.smtpHistory()).append('|').append(r.anomalies()).append('|');
        if (r.tls() != null) {
            var t = r.tls();
            sb.append(t.version()).append(' ').append(t.ja3()).append(' ').append(t.ja3s()).append(' ')
                    .append(t.ja4()).append(' ').append(t.completed()).append(' ').append(t.history()).append(' ')
                    .append(t.certificates().stream().map(c -> c.sha256()).collect(Collectors.joining(",")));
        }
        for (Finding f : r.findings()) {
            sb.append('|').append(f.type()).append(' ').append(f.detail()).append(' ');
            f.evidence().forEach((k, v) -> {
                // Timing evidence depends on how many packets a message took, not on the content.
                if (!k.endsWith("_us") && !k.equals("faster_than_server_rtt") && !k.contains("ip_id")) {
                    sb.append(k).append('=').append(v).append(';');
                }
            });
        }
        return sb.toString();
    }
}
