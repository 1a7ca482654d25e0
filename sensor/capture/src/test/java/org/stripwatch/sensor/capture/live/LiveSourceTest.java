package org.stripwatch.sensor.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.CaptureStats;

/**
 * Real capture on a veth pair into a namespace of our own: a client in the namespace connects to a
 * server socket in this JVM and sends SMTP-like lines; the capture must hold the handshake, the
 * bytes and sane timestamps, and stop() must end run() promptly.
 */
@Tag("live")
class LiveSourceTest {
    private static final int PORT = 2525;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;

    record Frame(int linkType, long timestampNanos, byte[] data, int wireLength) {
    }

    @BeforeAll
    static void needsRootAndLibpcap() {
        Assumptions.assumeTrue(Netns.usable(), "live capture test needs root and iproute2 (ip)");
        Assumptions.assumeTrue(PcapLibrary.available(), "live capture test needs libpcap (apt-get install libpcap0.8)");
    }

    /** Both readers: pcap_next_ex into one buffer (the default on 64-bit Linux) and pcap4j's loop. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void capturesHandshakeAndPayloadOnVethAndStopsPromptly(boolean directRead) throws Exception {
        try (Netns ns = new Netns();
             ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getByName(ns.rootAddress), PORT));
            AtomicReference<String> received = new AtomicReference<>("");
            Thread acceptor = new Thread(() -> serveOnce(server, received), "live-test-server");
            acceptor.start();

            List<Frame> frames = new CopyOnWriteArrayList<>();
            long before = System.currentTimeMillis() * 1_000_000L;
            try (LiveSource source = LiveSource.open(LiveConfig.defaults(ns.rootIf).withFilter("tcp port " + PORT)
                    .withDirectRead(directRead))) {
                assertEquals(1, source.linkType(), "LINKTYPE_ETHERNET on veth");
                assertEquals(directRead, source.directRead(), "the reader asked for is the one in use");
                AtomicReference<Exception> failure = new AtomicReference<>();
                Thread capture = new Thread(() -> {
                    try {
                        source.run((linkType, ts, frame, wire) ->
                                frames.add(new Frame(linkType, ts, ByteBufUtil.getBytes(frame), wire)));
                    } catch (CaptureException e) {
                        failure.set(e);
                    }
                }, "live-test-capture");
                capture.start();
                Thread.sleep(200); // let pcap_loop start; frames before it are buffered anyway

                int status = ns.exec("exec 3<>/dev/tcp/" + ns.rootAddress + "/" + PORT
                        + "; printf 'EHLO client.example\\r\\n' >&3; printf 'QUIT\\r\\n' >&3;"
                        + " read -t 5 reply <&3; exec 3>&-");
                assertEquals(0, status, "client in the namespace");
                acceptor.join(5000);
                assertEquals("EHLO client.example\r\nQUIT\r\n", received.get());

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!hasPayload(frames, "QUIT\r\n") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long after = System.currentTimeMillis() * 1_000_000L;

                long stopAt = System.nanoTime();
                source.stop();
                capture.join(2000);
                long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
                assertFalse(capture.isAlive(), "run() must return after stop()");
                assertTrue(stopMillis < 1000, "stop took " + stopMillis + " ms");
                assertEquals(null, failure.get());

                assertTrue(frames.stream().anyMatch(f -> tcpFlags(f, PORT, true) == SYN), "SYN to the server");
                assertTrue(frames.stream().anyMatch(f -> tcpFlags(f, PORT, false) == (SYN | ACK)), "SYN-ACK");
                assertTrue(hasPayload(frames, "EHLO client.example\r\n"), "client payload");
                assertTrue(hasPayload(frames, "220 server.example ESMTP\r\n"), "server payload");
                for (Frame f : frames) {
                    assertEquals(1, f.linkType());
                    assertTrue(f.timestampNanos() >= before - 1_000_000_000L && f.timestampNanos() <= after + 1_000_000_000L,
                            "timestamp " + f.timestampNanos() + " outside [" + before + ", " + after + "]");
                    assertTrue(f.data().length <= 1514, "offloads are off: frame of " + f.data().length);
                    assertEquals(f.data().length, f.wireLength());
                }
                CaptureStats stats = source.stats();
                assertEquals(frames.size(), stats.packets());
                assertEquals(0, stats.kernelDrops());
            }
        }
    }

    private static void serveOnce(ServerSocket server, AtomicReference<String> received) {
        try (Socket s = server.accept()) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("220 server.example ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder text = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                text.append((char) b);
            }
            received.set(text.toString());
        } catch (java.io.IOException e) {
            received.set("server failed: " + e);
        }
    }

    /** TCP flags of an Ethernet/IPv4/TCP frame whose destination (or source) port is {@code port}, else -1. */
    private static int tcpFlags(Frame f, int port, boolean toPort) {
        byte[] d = f.data();
        if (d.length < 14 + 20 + 20 || ((d[12] & 0xff) << 8 | (d[13] & 0xff)) != ETHERTYPE_IPV4 || d[14 + 9] != 6) {
            return -1;
        }
        int tcp = 14 + (d[14] & 0x0f) * 4;
        int src = (d[tcp] & 0xff) << 8 | (d[tcp + 1] & 0xff);
        int dst = (d[tcp + 2] & 0xff) << 8 | (d[tcp + 3] & 0xff);
        if ((toPort ? dst : src) != port) {
            return -1;
        }
        return d[tcp + 13] & 0x3f;
    }

    private static boolean hasPayload(List<Frame> frames, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        for (Frame f : frames) {
            ByteBuf buf = io.netty.buffer.Unpooled.wrappedBuffer(f.data());
            if (ByteBufUtil.indexOf(io.netty.buffer.Unpooled.wrappedBuffer(needle), buf) >= 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void unknownInterfaceIsAOneLineError() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> LiveSource.open(LiveConfig.defaults("swnope0")));
        assertTrue(e.getMessage().startsWith("interface swnope0: no such interface (known: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badFilterIsAOneLineError() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> LiveSource.open(LiveConfig.defaults("lo").withFilter("tcp port smtpx and (")));
        assertTrue(e.getMessage().startsWith("interface lo: bad BPF filter \"tcp port smtpx and (\": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void stopBeforeRunReturnsAtOnce() throws Exception {
        try (LiveSource source = LiveSource.open(LiveConfig.defaults("lo"))) {
            source.stop();
            long t = System.nanoTime();
            source.run((linkType, ts, frame, wire) -> { });
            assertTrue(System.nanoTime() - t < TimeUnit.SECONDS.toNanos(1));
        }
    }

    /** On a silent link libpcap's TPACKET_V3 read waits without a timeout: stop() must still end run(). */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void stopEndsRunOnASilentLink(boolean directRead) throws Exception {
        try (LiveSource source = LiveSource.open(LiveConfig.defaults("lo").withFilter("tcp port 9 and tcp port 10")
                .withDirectRead(directRead))) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread capture = new Thread(() -> {
                try {
                    source.run((linkType, ts, frame, wire) -> { });
                } catch (CaptureException e) {
                    failure.set(e);
                }
            }, "live-test-silent");
            capture.start();
            Thread.sleep(300);
            source.stop();
            capture.join(2000);
            assertFalse(capture.isAlive(), "run() must return after stop() with no packets");
            assertEquals(null, failure.get());
        }
    }
}
