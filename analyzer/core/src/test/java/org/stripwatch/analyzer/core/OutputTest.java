package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.alert.JsonlAlertSink;
import org.stripwatch.analyzer.core.alert.SyslogFormatter;
import org.stripwatch.analyzer.core.alert.SyslogSender;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Severity;

/** JSON lines with the issue's field names; RFC 5424 lines over UDP and TCP to loopback listeners. */
class OutputTest {
    private static Alert criticalAlert() {
        Analyzer an = Fixture.analyzer(Map.of("example.net.mta-sts.txt", Fixture.MTA_STS_ENFORCE));
        return an.process(session("192.0.2.10", "198.51.100.25", T0).clientPort(41000).banner("mx1.example.net").ehlo(false)
                .cleartextMail("example.net").build()).get(0);
    }

    @Test
    void jsonLineHasTheIssueFields() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonlAlertSink sink = JsonlAlertSink.of(bytes, Severity.LOW)) {
            sink.accept(criticalAlert());
            sink.accept(AlertIdsHelper.info());
            assertEquals(1, sink.skipped());
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        JsonNode j = new ObjectMapper().readTree(lines[0]);
        for (String f : List.of("id", "severity", "type", "client_ip", "client_port", "server_ip", "server_port", "domain", "policy", "reason", "findings")) {
            assertTrue(j.has(f), f);
        }
        assertEquals("critical", j.get("severity").asText());
        assertEquals("192.0.2.10", j.get("client_ip").asText());
        assertEquals(41000, j.get("client_port").asInt());
        assertEquals("198.51.100.25", j.get("server_ip").asText());
        assertEquals("example.net", j.get("domain").asText());
        assertEquals("example.net.mta-sts.txt", j.get("policy_source").asText());
        assertEquals("starttls_not_offered", j.get("findings").get(0).get("type").asText());
        assertEquals("complete EHLO reply without STARTTLS", j.get("findings").get(0).get("detail").asText());
        assertEquals("1", j.get("findings").get(1).get("evidence").get("transactions").asText());
        assertEquals("mx1.example.net", j.get("evidence").get("mx_host").asText());
    }

    @Test
    void syslogLineIsRfc5424() {
        String line = SyslogFormatter.defaults().format(criticalAlert());
        assertTrue(line.matches("<130>1 2026-03-01T00:00:00Z - stripwatch - cleartext_policy_violation \\[stripwatch@32473 id=\"[0-9a-f]{32}\""
                + " severity=\"critical\" type=\"cleartext_policy_violation\" client=\"192.0.2.10 41000\" server=\"198.51.100.25 25\""
                + " domain=\"example.net\" policy=\"mta-sts mode=enforce[^\"]*\" policy_source=\"example.net.mta-sts.txt\""
                + " findings=\"[a-z_,]+\"\\] \uFEFFmail for example.net went to .*"), line);
    }

    @Test
    void udpAndTcpToLoopback() throws Exception {
        Alert a = criticalAlert();
        String expected = SyslogFormatter.defaults().format(a);
        try (DatagramSocket listener = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            listener.setSoTimeout(5000);
            try (SyslogSender s = SyslogSender.parse("udp://127.0.0.1:" + listener.getLocalPort(), SyslogFormatter.defaults())) {
                s.accept(a);
                assertEquals(1, s.sent());
            }
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            listener.receive(p);
            assertEquals(expected, new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            try (SyslogSender s = SyslogSender.parse("tcp://127.0.0.1:" + server.getLocalPort(), SyslogFormatter.defaults())) {
                s.accept(a);
                s.accept(a);
                try (Socket c = server.accept()) {
                    DataInputStream in = new DataInputStream(c.getInputStream());
                    for (int i = 0; i < 2; i++) {
                        StringBuilder len = new StringBuilder();
                        for (int ch = in.read(); ch != ' '; ch = in.read()) len.append((char) ch);
                        byte[] msg = new byte[Integer.parseInt(len.toString())];
                        in.readFully(msg);
                        assertEquals(expected, new String(msg, StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Test
    void unreachableTcpCollectorIsCountedNotThrown() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (SyslogSender s = SyslogSender.parse("tcp://127.0.0.1:" + port, SyslogFormatter.defaults())) {
            s.accept(criticalAlert());
            assertEquals(1, s.failed());
        }
    }

    /** An informational alert for the severity filter. */
    static final class AlertIdsHelper {
        static Alert info() {
            return Fixture.analyzer().process(session("192.0.2.1", "198.51.100.7", T0).ehlo(false).build()).get(0);
        }
    }
}
