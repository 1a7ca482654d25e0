package org.stripwatch.sensor.session;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.reassembly.ReassemblyStats;

/**
 * Floods against the whole sensor path below the capture (flow table, reassembly, SMTP and TLS
 * parsers, session layer): memory stays bounded, the limits' counters show what was shed, nothing
 * throws, and real SMTP sessions running at the same time still give the records they give alone.
 *
 * <p>Sizes are system properties ({@code stripwatch.flood.syns}, default 2,000,000) so a longer
 * run needs no code change. Each test prints one line of figures to stderr for the closing report.
 */
class FloodTest {
    private static final String SERVER = "203.0.113.25";
    private static final long T0 = 1_700_000_000_000_000_000L;

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String line) {
        System.err.println("[flood] " + line);
    }

    private static List<Wire> realSessions() throws Exception {
        List<Wire> w = new ArrayList<>();
        w.add(new Wire("192.0.2.10", 40001, SERVER, 25).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO client.example.org\r\n")
                .server("250-mx.example.net\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
                .client("STARTTLS\r\n").server("220 2.0.0 Ready to start TLS\r\n").googleTls().fin());
        w.add(new Wire("192.0.2.11", 40002, SERVER, 25).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO client.example.org\r\n")
                .server("250-mx.example.net\r\n250-XXXXXXXA\r\n250 8BITMIME\r\n")
                .client("MAIL FROM:<a@example.org> SIZE=100\r\nRCPT TO:<b@example.net>\r\nDATA\r\n")
                .server("250 ok\r\n250 ok\r\n354 go\r\n").client("Subject: x\r\n\r\nhello\r\n.\r\n")
                .server("250 queued\r\n").client("STARTTLS\r\n").server("454 4.7.0 not now\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").fin());
        w.add(new Wire("192.0.2.12", 40003, SERVER, 587).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO laptop.example.org\r\n")
                .server("250-mx.example.net\r\n250-STARTTLS\r\n250 SIZE 1000000\r\n")
                .client("MAIL FROM:<c@example.org>\r\n").server("250 ok\r\n")
                .client("RCPT TO:<d@example.com>\r\n").server("250 ok\r\n")
                .client("DATA\r\n").server("354 go\r\n")
                .client("Subject: y\r\n\r\nline one\r\nline two\r\n.\r\n").server("250 queued\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").fin());
        // The slow one: idle for longer than it takes the flood to fill the whole table.
        w.add(new Wire("192.0.2.13", 40004, SERVER, 25).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO slow.example.org\r\n").server("250-mx.example.net\r\n250 8BITMIME\r\n")
                .client("MAIL FROM:<e@example.org>\r\n").server("250 ok\r\n")
                .client("RCPT TO:<f@example.net>\r\n").server("250 ok\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").fin());
        return w;
    }

    /** A SYN from a random documentation address and port (IPv4 198.51.100.0/24, IPv6 2001:db8::/32). */
    private static void syn(TcpSegment s, Random rnd, long nanos, IpAddress server) {
        s.timestampNanos(nanos).flags(TcpSegment.SYN).seq(rnd.nextInt()).ack(0).window(1024).ttl(250)
                .ipId(rnd.nextInt(65536)).payload(0, Unpooled.EMPTY_BUFFER);
        int port = 1024 + rnd.nextInt(64512);
        if (rnd.nextBoolean()) {
            s.ipVersion(4).frameLength(54).src(IpAddress.ofV4(0xC6336400 | rnd.nextInt(256))).dst(server);
        } else {
            // A v6 flood against the v4 server makes no sense on the wire but costs the table the same.
            s.ipVersion(6).frameLength(74).src(0x20010db8_00000000L | (rnd.nextInt() & 0xffffffffL), rnd.nextLong())
                    .dst(server);
        }
        s.ports(port, 25);
    }

    @Test
    void synFloodWithRealSessions() throws Exception {
        int syns = Integer.getInteger("stripwatch.flood.syns", 2_000_000);
        int maxFlows = 100_000;
        List<Wire> wires = realSessions();
        List<String> expected = new ArrayList<>();
        for (Wire w : wires) expected.add(Conversation.describe(w.alone()));

        List<SessionRecord> real = new ArrayList<>();
        long[] floodRecords = {0};
        SessionAnalysis analysis = new SessionAnalysis(SessionConfig.DEFAULTS, r -> {
            if (r.connection().client().address().toString().startsWith("192.0.2.")) real.add(r);
            else floodRecords[0]++;
        });
        FlowTable table = Wire.table(ReassemblyConfig.DEFAULTS.withMaxFlows(maxFlows), analysis);
        long before = usedHeapAfterGc();
        Random rnd = new Random(0x5F100D);
        TcpSegment s = new TcpSegment();
        IpAddress server = IpAddress.parse(SERVER);
        long clock = T0, peakActive = 0, full = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < syns; i++) {
            clock += 1_000; // 1 M SYN/s
            syn(s, rnd, clock, server);
            table.onSegment(s);
            // Fast sessions take one step every 20 k SYNs, starting staggered; the slow one every 120 k.
            if (i % 20_000 == 0) {
                for (int k = 0; k < 3; k++) if (i >= k * 200_000) wires.get(k).step(table, clock);
            }
            if (i % 120_000 == 0) {
                // A real handshake takes one round trip, not the 120 ms it takes the flood to cycle the
                // table: until the ACK a real client is indistinguishable from the flood's.
                Wire slow = wires.get(3);
                do slow.step(table, clock); while (slow.inHandshake());
            }
            if (i % 50_000 == 0) peakActive = Math.max(peakActive, table.stats().flowsActive());
            if (i == syns - 1) full = usedHeapAfterGc();
        }
        long floodNanos = System.nanoTime() - t0;
        for (Wire w : wires) while (!w.done()) w.step(table, clock += 1_000_000);
        ReassemblyStats st = table.stats();
        table.finishAll();

        long perFlow = (full - before) / maxFlows;
        report(String.format("SYN flood: %,d SYNs (%.1f s, %,.0f SYN/s) into maxFlows=%,d: retained heap %,d MiB "
                        + "with the table full (%,d B/flow), flowsActive peak %,d, evicted %,d (unestablished %,d, closed and lingering %,d, live established %,d), "
                        + "flood session records %,d, real sessions %d/%d complete",
                syns, floodNanos / 1e9, syns / (floodNanos / 1e9), maxFlows, (full - before) >> 20, perFlow,
                peakActive, st.flowsEvicted(), st.evictedUnestablished(), st.evictedClosed(), st.evictedEstablished(), floodRecords[0], real.size(), wires.size()));

        for (SessionRecord r : real) {
            report("  real " + r.connection().client() + " " + r.connection().endReason() + " "
                    + r.connection().history() + " " + r.smtpHistory());
        }
        assertTrue(peakActive <= maxFlows, "flows active " + peakActive);
        // Random ports collide now and then (the same flow key again): count what was opened.
        assertTrue(st.flowsEvicted() >= st.flowsOpened() - maxFlows - wires.size(), "evicted " + st.flowsEvicted());
        assertTrue(st.flowsOpened() > syns * 0.99, "opened " + st.flowsOpened());
        assertEquals(0, st.evictedEstablished(), "a live established connection was evicted");
        assertEquals(0, st.consumerFailures());
        // Generous bound, measured ~2-3 KiB per tracked flow with its SMTP session: catches a leak or
        // a per-flow buffer, not a few fields more.
        assertTrue(perFlow < 8192, "retained " + perFlow + " bytes per flow");
        // A late ACK after a closed connection was evicted opens a new mid-stream flow without
        // payload (like Zeek's conn.log): not a lost record. Every real session is there once, whole.
        real.removeIf(r -> r.connection().midStream() && r.connection().clientToServer().payloadBytes() == 0
                && r.connection().serverToClient().payloadBytes() == 0);
        assertEquals(wires.size(), real.size(), "a real session record was lost");
        real.sort((a, b) -> Integer.compare(a.connection().client().port(), b.connection().client().port()));
        for (int k = 0; k < wires.size(); k++) {
            assertEquals(EndReason.FIN, real.get(k).connection().endReason(), "session " + k);
            assertEquals(expected.get(k), Conversation.describe(real.get(k)), "session " + k);
        }
    }

    /** Where the memory of a tracked flow goes: the flow table alone, without the SMTP session layer. */
    @Test
    void perFlowMemoryOfTheTableAlone() {
        int maxFlows = 100_000;
        FlowTable table = new FlowTable(ReassemblyConfig.DEFAULTS.withMaxFlows(maxFlows),
                new org.stripwatch.sensor.reassembly.ConnectionListener() {
                    @Override
                    public org.stripwatch.sensor.reassembly.ConnectionHandler onOpen(
                            org.stripwatch.sensor.reassembly.Connection c) {
                        return null;
                    }

                    @Override
                    public void onClose(org.stripwatch.sensor.reassembly.ConnectionSummary s) {}
                });
        long before = usedHeapAfterGc();
        Random rnd = new Random(7);
        TcpSegment s = new TcpSegment();
        IpAddress server = IpAddress.parse(SERVER);
        long clock = T0;
        for (int i = 0; i < 2 * maxFlows; i++) {
            syn(s, rnd, clock += 1_000, server);
            table.onSegment(s);
        }
        long perFlow = (usedHeapAfterGc() - before) / table.stats().flowsActive();
        report(String.format("flow table alone (no session layer): %,d B per half-open flow", perFlow));
        assertTrue(perFlow < 4096, perFlow + " B per flow");
    }

    /** A connection scripted up to the EHLO reply, on a table of its own, with its records. */
    private record Setup(Wire wire, FlowTable table, SessionAnalysis analysis, List<SessionRecord> records) {}

    private static Setup setup(int clientPort) {
        List<SessionRecord> out = new ArrayList<>();
        SessionAnalysis a = new SessionAnalysis(SessionConfig.DEFAULTS, out::add);
        FlowTable t = Wire.table(ReassemblyConfig.DEFAULTS, a);
        Wire w = new Wire("192.0.2.20", clientPort, SERVER, 25).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO client.example.org\r\n")
                .server("250-mx.example.net\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
        w.play(t, T0);
        return new Setup(w, t, a, out);
    }

    private static SessionRecord finish(Setup s, long clock) {
        s.wire.client("QUIT\r\n").server("221 bye\r\n").fin();
        s.wire.play(s.table, clock);
        assertEquals(0, s.table.stats().consumerFailures());
        s.table.finishAll();
        assertEquals(1, s.records.size());
        return s.records.get(0);
    }

    @Test
    void oneByteSegmentStorm() {
        Setup s = setup(41001);
        s.wire.client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n").client("RCPT TO:<b@example.net>\r\n")
                .server("250 ok\r\n").client("DATA\r\n").server("354 go\r\n");
        long clock = s.wire.play(s.table, T0 + 1_000_000_000L);
        byte[] line = "0123456789 the quick brown fox jumps over the lazy dog 0123456789ab\r\n".getBytes();
        // Whole lines, so that the final "." is at the start of one (RFC 5321 §4.1.1.4).
        int bodyBytes = Integer.getInteger("stripwatch.flood.bytes", 1_000_000) / line.length * line.length;
        long before = usedHeapAfterGc(), t0 = System.nanoTime();
        for (int i = 0; i < bodyBytes; i++) {
            s.wire.now(s.table, clock += 1_000, true, line, i % line.length, 1);
            if (i % 4096 == 4095) s.wire.ackNow(s.table, clock, false);
        }
        long seconds = System.nanoTime() - t0;
        long retained = usedHeapAfterGc() - before;
        s.wire.client(".\r\n").server("250 queued\r\n");
        SessionRecord r = finish(s, clock);
        ReassemblyStats st = s.table.stats();
        report(String.format("one-byte segments: %,d in order (%.1f s, %,.0f seg/s): heap retained %+,d KiB, "
                        + "body_bytes %,d", bodyBytes, seconds / 1e9, bodyBytes / (seconds / 1e9), retained >> 10,
                r.mail().bodyBytes()));
        assertEquals(1, r.mail().messages());
        assertTrue(r.mail().bodyBytes() >= bodyBytes, "body bytes " + r.mail().bodyBytes());
        assertEquals(0, st.gapBytes());
        assertTrue(retained < 8 << 20, "retained " + retained);
    }

    @Test
    void oneByteOutOfOrderStorm() {
        int segments = Integer.getInteger("stripwatch.flood.ooo", 500_000);
        Setup s = setup(41002);
        long clock = T0 + 1_000_000_000L;
        byte[] one = {'x'};
        long before = usedHeapAfterGc();
        // Every other byte: a hole before each segment, none ever filled; the first half within the
        // advertised window, the second half far beyond it (held until acknowledged: also bounded).
        for (int i = 0; i < segments / 2; i++) s.wire.clientAt(s.table, clock += 1_000, 1 + 2 * (i % 30_000), one);
        for (int i = 0; i < segments / 2; i++) s.wire.clientAt(s.table, clock += 1_000, 70_000 + 2 * i, one);
        ReassemblyStats st = s.table.stats();
        long retained = usedHeapAfterGc() - before;
        SessionRecord r = finish(s, clock);
        report(String.format("one-byte out-of-order storm: %,d segments: peak buffered %,d B, out-of-order "
                        + "segments %,d, dropped %,d, gap bytes %,d, out of window %,d, heap retained %+,d KiB",
                segments, st.peakBufferedBytes(), st.outOfOrderSegments(), st.outOfOrderDropped(), st.gapBytes(),
                st.dataOutOfWindow(), retained >> 10));
        int maxSegs = ReassemblyConfig.DEFAULTS.maxOutOfOrderSegments();
        assertTrue(st.peakBufferedBytes() <= maxSegs, "buffered " + st.peakBufferedBytes());
        // What was shed is counted: each segment was held, dropped, or turned a hole into a gap.
        assertTrue(st.outOfOrderSegments() + st.outOfOrderDropped() + st.dataOutOfWindow() >= segments / 2,
                st.toString());
        assertTrue(retained < 8 << 20, "retained " + retained);
        assertNotNull(r);
    }

    @Test
    void endlessLines() {
        long total = Long.getLong("stripwatch.flood.line", 256L << 20);
        Setup s = setup(41003);
        long clock = T0 + 1_000_000_000L;
        byte[] chunk = new byte[32 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'A');
        byte[] head = "MAIL FROM:<".getBytes();
        s.wire.now(s.table, clock, true, head, 0, head.length);
        long before = usedHeapAfterGc(), t0 = System.nanoTime();
        for (long sent = 0; sent < total; sent += chunk.length) {
            s.wire.now(s.table, clock += 10_000, true, chunk, 0, chunk.length);
            s.wire.ackNow(s.table, clock, false);
            // The server's reply line is endless too (a hostile or broken peer).
            s.wire.now(s.table, clock += 10_000, false, chunk, 0, chunk.length);
            s.wire.ackNow(s.table, clock, true);
        }
        long seconds = System.nanoTime() - t0;
        long retained = usedHeapAfterGc() - before;
        s.wire.client("@example.org>\r\nRCPT TO:<b@example.net>\r\n").server("\r\n250 ok\r\n");
        SessionRecord r = finish(s, clock);
        Map<String, Long> c = s.analysis.smtpCounters();
        report(String.format("endless lines: %,d MiB per direction (%.1f s): line_bytes_discarded %,d, "
                        + "heap retained %+,d KiB, history %s, anomalies %s", total >> 20, seconds / 1e9,
                c.get("line_bytes_discarded"), retained >> 10, r.smtpHistory(), r.anomalies()));
        int cap = SessionConfig.DEFAULTS.smtp().maxLineLength();
        assertTrue(c.get("line_bytes_discarded") >= 2 * (total - cap), "discarded " + c.get("line_bytes_discarded"));
        assertTrue(r.anomalies().contains("line_too_long"), r.anomalies().toString());
        // After the endless line ends, the parser is back in step: RCPT and QUIT are seen and answered.
        assertTrue(r.smtpHistory().endsWith("R2Q2"), r.smtpHistory());
        assertTrue(retained < 8 << 20, "retained " + retained);
    }

    @Test
    void pipelinedCommandFlood() {
        int commands = Integer.getInteger("stripwatch.flood.commands", 1_000_000);
        Setup s = setup(41004);
        long clock = T0 + 1_000_000_000L;
        StringBuilder batch = new StringBuilder();
        long before = usedHeapAfterGc(), t0 = System.nanoTime();
        s.wire.now(s.table, clock, true, "MAIL FROM:<a@example.org>\r\n".getBytes(), 0, 27);
        for (int i = 0; i < commands; i++) {
            batch.append("RCPT TO:<u").append(i).append("@d").append(i % 1000).append(".example>\r\n");
            if (batch.length() > 16_000 || i == commands - 1) {
                byte[] b = batch.toString().getBytes();
                s.wire.now(s.table, clock += 10_000, true, b, 0, b.length);
                s.wire.ackNow(s.table, clock, false);
                batch.setLength(0);
            }
        }
        long midRetained = usedHeapAfterGc() - before;
        byte[] ok = "250 2.1.5 ok\r\n".repeat(1000).getBytes();
        for (int i = 0; i <= commands; i += 1000) {
            int n = Math.min(1000, commands + 1 - i) * 14;
            s.wire.now(s.table, clock += 10_000, false, ok, 0, n);
            s.wire.ackNow(s.table, clock, true);
        }
        long seconds = System.nanoTime() - t0;
        SessionRecord r = finish(s, clock);
        Map<String, Long> c = s.analysis.smtpCounters();
        report(String.format("pipelined commands: %,d without replies, then their replies (%.1f s): "
                        + "pending_commands_dropped %,d, heap retained with all outstanding %+,d KiB, recipients %,d, "
                        + "rcpt domains kept %d", commands, seconds / 1e9, c.get("pending_commands_dropped"),
                midRetained >> 10, r.mail().recipients(), r.mail().rcptDomains().size()));
        int maxPending = SessionConfig.DEFAULTS.smtp().maxPendingCommands();
        assertEquals(commands + 1 - maxPending, c.get("pending_commands_dropped"));
        assertEquals(commands, r.mail().recipients());
        assertEquals(SessionConfig.DEFAULTS.maxDomains(), r.mail().rcptDomains().size());
        // Replies stayed aligned: one per command, none unmatched (greeting, EHLO, MAIL, RCPTs, QUIT).
        assertEquals(commands + 4L, c.get("replies"));
        assertEquals(List.of("pending_commands_overflow"), r.anomalies());
        assertEquals(SessionConfig.DEFAULTS.smtp().maxHistoryLength(), r.smtpHistory().length());
        assertTrue(midRetained < 16 << 20, "retained " + midRetained);
    }
}
