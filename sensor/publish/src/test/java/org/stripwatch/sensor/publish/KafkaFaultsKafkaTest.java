package org.stripwatch.sensor.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;

/**
 * Issue 9, faults on the sensor's Kafka path against a real in-JVM broker: a slow broker (the proxy
 * adds latency to every chunk) and a full disk under the spool (a 512 KiB tmpfs). Nothing accepted
 * is lost, the pipeline is never blocked for long, and each condition is loud (log) and counted.
 */
@Tag("kafka")
class KafkaFaultsKafkaTest {
    private static KafkaClusterTestKit cluster;
    private static String bootstrap;
    private static TcpProxy proxy;

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        TestLogging.init();
        int port = TestCluster.freePort();
        cluster = TestCluster.formatted(port);
        proxy = new TcpProxy(port);
        bootstrap = "127.0.0.1:" + port;
        TestCluster.start(cluster);
        proxy.up(TestCluster.boundPort(cluster));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) proxy.close();
        if (cluster != null) cluster.close();
    }

    /** Collects the publisher's log records. */
    private static final class Captured extends Handler {
        final List<LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() {}
        @Override public void close() {}

        boolean has(Level level, String text) {
            return records.stream().anyMatch(r -> r.getLevel().intValue() >= level.intValue()
                    && String.valueOf(r.getMessage()).contains(text));
        }
    }

    @Test
    void slowBrokerDelaysButLosesNothingAndNeverBlocksThePipelineLong() throws Exception {
        int n = 400;
        PublisherConfig c = PublisherConfig.builder(bootstrap, "slow", tmp.resolve("spool"))
                .sessionsTopic("sessions-slow").heartbeatsTopic("heartbeats-slow")
                .maxBlock(Duration.ofMillis(200)).deliveryTimeout(Duration.ofSeconds(3)).linger(Duration.ofMillis(5))
                .drainBackoffMax(Duration.ofMillis(300)).build();
        long slowestCall = 0;
        try (KafkaPublisher p = KafkaPublisher.create(c)) {
            proxy.delayMillis = 400; // every request and response 400 ms late each way
            try {
                for (int i = 0; i < n; i++) {
                    long t0 = System.nanoTime();
                    p.publish(Sessions.session(i, 4));
                    slowestCall = Math.max(slowestCall, System.nanoTime() - t0);
                    if (i % 50 == 49) Thread.sleep(200);
                }
                Thread.sleep(2000);
            } finally {
                proxy.delayMillis = 0;
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> p.stats().inFlight() == 0
                    && p.stats().spoolRecords() == 0 && !p.stats().spooling());
            System.err.printf("[faults] slow broker (+400 ms per chunk each way): %d records, slowest publish() call "
                    + "%d ms, %s%n", n, TimeUnit.NANOSECONDS.toMillis(slowestCall), p.stats());
            assertEquals(0, p.stats().dropped());
        }
        assertTrue(slowestCall < TimeUnit.SECONDS.toNanos(2), "publish blocked " + slowestCall / 1_000_000 + " ms");
        assertEquals(n, distinct(readAll("sessions-slow", n)), "every record arrived");
    }

    @Test
    void diskFullUnderTheSpoolIsLoudCountedAndLosesNothingAccepted() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Path mnt = Files.createDirectories(tmp.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mnt.toString()) == 0, "mount failed");
        Logger log = Logger.getLogger("org.stripwatch.sensor.publish");
        Captured captured = new Captured();
        log.addHandler(captured);
        try {
            Path spool = mnt.resolve("spool");
            int n = 12_000; // about 1.4 MB of spool frames: well over the 512 KiB disk
            // The spool's own limit (1 GiB) is far above the disk: the disk fills first.
            PublisherConfig c = PublisherConfig.builder(bootstrap, "diskfull", spool)
                    .sessionsTopic("sessions-diskfull").heartbeatsTopic("heartbeats-diskfull")
                    .maxBlock(Duration.ofMillis(200)).deliveryTimeout(Duration.ofSeconds(2))
                    .linger(Duration.ofMillis(5)).drainBackoffMax(Duration.ofMillis(300))
                    .spool(SpoolConfig.defaults(spool).withSegmentBytes(64 * 1024)).build();
            long accepted;
            try (KafkaPublisher p = KafkaPublisher.create(c)) {
                proxy.down(); // broker unreachable: everything goes to the spool, which hits the full disk
                for (int i = 0; i < n; i++) p.publish(Sessions.session(i, 4));
                await().atMost(Duration.ofSeconds(30)).until(() -> p.stats().inFlight() == 0
                        && p.stats().spooled() + p.stats().dropped() + p.stats().acked() >= n);
                PublisherStats full = p.stats();
                accepted = full.acked() + full.spooled();
                System.err.printf("[faults] disk full (512 KiB tmpfs) with the broker down: %d records, %d acked "
                        + "before the cut, %d spooled, %d dropped (counted), spool %d bytes%n", n, full.acked(),
                        full.spooled(), full.dropped(), full.spoolBytes());
                assertTrue(full.dropped() > 0, "the disk was not full: " + full);
                assertTrue(full.spooled() > 0, full.toString());
                assertTrue(captured.has(Level.SEVERE, "DROPPED"), "no loud report of the drops");

                proxy.up(TestCluster.boundPort(cluster));
                await().atMost(Duration.ofSeconds(90)).until(() -> p.stats().spoolRecords() == 0
                        && !p.stats().spooling());
                // The disk has room again: the spool works on.
                proxy.down();
                for (int i = n; i < n + 50; i++) p.publish(Sessions.session(i, 4));
                proxy.up(TestCluster.boundPort(cluster));
                await().atMost(Duration.ofSeconds(60)).until(() -> p.stats().spoolRecords() == 0
                        && !p.stats().spooling() && p.stats().inFlight() == 0);
                accepted += 50 - (p.stats().dropped() - full.dropped());
            }
            Set<Integer> got = new HashSet<>();
            for (SessionRecord s : readAll("sessions-diskfull", (int) accepted)) got.add(Sessions.index(s));
            assertEquals(accepted, got.size(), "every accepted record arrived");
        } finally {
            log.removeHandler(captured);
            if (!proxyUp()) proxy.up(TestCluster.boundPort(cluster));
            run("umount", mnt.toString());
        }
    }

    private static boolean proxyUp() {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.port())) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static int distinct(List<SessionRecord> rs) {
        Set<Integer> s = new HashSet<>();
        for (SessionRecord r : rs) s.add(Sessions.index(r));
        return s.size();
    }

    private static List<SessionRecord> readAll(String topic, int n) {
        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<SessionRecord> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    SessionRecord s = codec.decode(r.value()).value().orElseThrow();
                    out.add(s);
                    seen.add(Sessions.index(s));
                }
                return seen.size() >= n;
            });
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                out.add(codec.decode(r.value()).value().orElseThrow());
            }
        }
        return out;
    }
}
