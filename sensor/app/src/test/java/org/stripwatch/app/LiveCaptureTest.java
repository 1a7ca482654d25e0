package org.stripwatch.app;

import org.stripwatch.sensor.capture.live.Netns;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.live.LiveConfig;
import org.stripwatch.sensor.capture.live.LiveSource;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;
import org.stripwatch.sensor.session.SessionRecord;

/**
 * Real TCP across a veth pair between two network namespaces, captured live through pcap4j and
 * analysed by the whole pipeline: stripwatch must see exactly the connections that were made, with
 * exactly the bytes each side sent.
 */
@Tag("live")
class LiveCaptureTest {
    private static final int PORT = 2525;
    private static final int CONNECTIONS = 5;

    @Test
    void capturedConnectionsAreTheOnesThatWereMade() throws Exception {
        assumeTrue(Netns.usable(), "needs root and iproute2 for network namespaces");
        try (Netns ns = new Netns("sw-app", "198.51.100.")) {
            List<ConnectionSummary> seen = Collections.synchronizedList(new ArrayList<>());
            List<SessionRecord> sessions = Collections.synchronizedList(new ArrayList<>());
            SessionAnalysis analysis = new SessionAnalysis(SessionConfig.DEFAULTS.withSmtpPorts(Set.of(PORT)),
                    sessions::add);
            Pipeline pipeline = new Pipeline(DecoderConfig.DEFAULTS, ReassemblyConfig.DEFAULTS, analysis::open)
                    .addSummarySink(seen::add);
            LiveSource source = LiveSource.open(LiveConfig.defaults(ns.rootIf).withFilter("tcp port " + PORT));
            Thread capture = new Thread(() -> {
                try {
                    pipeline.run(source);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }, "capture");
            capture.start();

            AtomicInteger served = new AtomicInteger();
            List<Integer> clientBytes = Collections.synchronizedList(new ArrayList<>());
            try (ServerSocket server = new ServerSocket(PORT, 50, InetAddress.getByName(ns.rootAddress))) {
                Thread acceptor = new Thread(() -> serve(server, served, clientBytes), "server");
                acceptor.start();
                // The client side: bash's /dev/tcp in the other namespace, one line out, the reply in.
                String script = "for i in $(seq 1 " + CONNECTIONS + "); do exec 3<>/dev/tcp/" + ns.rootAddress + "/"
                        + PORT + "; printf 'EHLO client-%03d.example\\r\\n' $i >&3; cat <&3 >/dev/null; exec 3>&-; done";
                assertEquals(0, ns.exec(script));
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                        .until(() -> served.get() == CONNECTIONS);
                acceptor.interrupt();
            }
            Thread.sleep(300); // let the last FIN/ACKs cross the wire and reach the capture
            source.stop();
            capture.join(10_000);
            source.close();

            List<ConnectionSummary> ours = seen.stream().filter(s -> s.server().port() == PORT).toList();
            assertEquals(CONNECTIONS, ours.size(), ours.toString());
            for (ConnectionSummary s : ours) {
                assertEquals(ns.nsAddress, s.client().address().toString());
                assertEquals(ns.rootAddress, s.server().address().toString());
                assertTrue(s.established(), s.toString());
                assertEquals(EndReason.FIN, s.endReason(), s.toString());
                assertEquals(25, s.clientToServer().streamBytes(), s.toString()); // "EHLO client-001.example\r\n"
                assertEquals(REPLY.length, s.serverToClient().streamBytes(), s.toString());
                assertEquals(0, s.clientToServer().gapBytes() + s.serverToClient().gapBytes());
            }
            assertEquals(CONNECTIONS, ours.stream().map(s -> s.client().port()).distinct().count());
            // The SMTP layer read the same bytes: an EHLO answered with STARTTLS on offer.
            assertEquals(CONNECTIONS, sessions.size());
            for (SessionRecord s : sessions) {
                assertEquals("EHLO", s.heloVerb());
                assertTrue(s.heloName().startsWith("client-"), s.heloName());
                assertTrue(s.starttls().offered(), s.toString());
            }
        }
    }

    /**
     * The production command on a live interface: SIGTERM stops it cleanly, with every open
     * connection flushed to its outputs (nothing lost at shutdown).
     */
    @Test
    void sensorCommandFlushesEverythingOnSigterm() throws Exception {
        assumeTrue(Netns.usable(), "needs root and iproute2 for network namespaces");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sw-sigterm");
        try (Netns ns = new Netns("sw-app", "198.51.100."); ServerSocket server = new ServerSocket(PORT, 50,
                InetAddress.getByName(ns.rootAddress))) {
            java.nio.file.Path sessions = dir.resolve("sessions.jsonl"), flows = dir.resolve("flows.jsonl");
            Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sensor", "-i", ns.rootIf,
                    "--filter", "tcp port " + PORT, "--ports", Integer.toString(PORT),
                    "--sessions", sessions.toString(), "--flows", flows.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    java.nio.file.Files.readString(dir.resolve("out.txt")).contains("capturing on"));
            AtomicInteger served = new AtomicInteger();
            Thread acceptor = new Thread(() -> serve(server, served, new ArrayList<>()), "server");
            acceptor.start();
            // The connection stays open (the client keeps its socket) when the sensor is stopped.
            Process client = new ProcessBuilder("ip", "netns", "exec", ns.name, "bash", "-c",
                    "exec 3<>/dev/tcp/" + ns.rootAddress + "/" + PORT + "; printf 'EHLO late.example\\r\\n' >&3; "
                            + "head -c 10 <&3 >/dev/null; sleep 30").start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> served.get() == 1);
            Thread.sleep(300);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "sensor did not stop on SIGTERM");
            client.destroyForcibly();
            acceptor.interrupt();
            String out = java.nio.file.Files.readString(dir.resolve("out.txt"));
            List<String> s = java.nio.file.Files.readAllLines(sessions);
            assertEquals(1, s.size(), out);
            assertTrue(s.get(0).contains("\"helo_name\":\"late.example\""), s.get(0));
            assertTrue(s.get(0).contains("\"close_reason\":\"end_of_input\""), s.get(0));
            assertEquals(1, java.nio.file.Files.readAllLines(flows).size(), out);
            assertTrue(out.contains("smtp      1 sessions"), out);
        } finally {
            try (var files = java.nio.file.Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static final byte[] REPLY = "250-mx.example\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII);

    private static void serve(ServerSocket server, AtomicInteger served, List<Integer> clientBytes) {
        while (!Thread.currentThread().isInterrupted() && served.get() < CONNECTIONS) {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                int n = 0, c, last = -1;
                while ((c = in.read()) >= 0) {
                    n++;
                    if (last == '\r' && c == '\n') break;
                    last = c;
                }
                clientBytes.add(n);
                OutputStream out = s.getOutputStream();
                out.write(REPLY);
                out.flush();
                served.incrementAndGet();
            } catch (java.io.IOException e) {
                return;
            }
        }
    }
}
