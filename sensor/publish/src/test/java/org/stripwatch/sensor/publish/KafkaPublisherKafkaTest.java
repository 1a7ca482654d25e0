package org.stripwatch.sensor.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;

/**
 * Against a real (in-JVM, KRaft) broker. The first test runs while the broker is still down: everything
 * goes to the spool, survives a publisher restart, and arrives in order once the broker starts.
 */
@Tag("kafka")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPublisherKafkaTest {
    private static KafkaClusterTestKit cluster;
    private static String bootstrap;
    private static boolean started;
    private static TcpProxy proxy;

    /** Starts the broker and makes it reachable (through the proxy it advertises). */
    private static void ensureStarted() throws Exception {
        if (!started) {
            TestCluster.start(cluster);
            proxy.up(TestCluster.boundPort(cluster));
            started = true;
        }
    }

    @TempDir
    Path tmp;

    @BeforeAll
    static void cluster() throws Exception {
        TestLogging.init();
        int port = TestCluster.freePort();
        cluster = TestCluster.formatted(port);
        proxy = new TcpProxy(port);
        bootstrap = "127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private PublisherConfig config(String sessionsTopic) {
        return PublisherConfig.builder(bootstrap, "sensor-a", tmp.resolve("spool"))
                .sessionsTopic(sessionsTopic).heartbeatsTopic(sessionsTopic + ".hb")
                .maxBlock(Duration.ofMillis(200)).deliveryTimeout(Duration.ofSeconds(5)).linger(Duration.ofMillis(5))
                .drainBackoffMax(Duration.ofMillis(500))
                .spool(SpoolConfig.defaults(tmp.resolve("spool")).withSegmentBytes(64 * 1024))
                .build();
    }

    @Test
    @Order(1)
    void brokerDownAtStartSpoolsAcrossARestartAndDeliversInOrder() throws Exception {
        int n = 600;
        PublisherConfig c = config("sessions-down");
        KafkaPublisher first = KafkaPublisher.create(c);
        for (int i = 0; i < n / 2; i++) {
            first.publish(Sessions.session(i, 4));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> first.stats().spoolRecords() == n / 2);
        assertTrue(first.stats().spooling());
        first.close(Duration.ofSeconds(1)); // the sensor restarts while the broker is still down

        KafkaPublisher second = KafkaPublisher.create(c);
        assertEquals(n / 2, second.stats().spoolRecords(), "spool recovered from disk");
        for (int i = n / 2; i < n; i++) {
            second.publish(Sessions.session(i, 4));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> second.stats().spoolRecords() == n);

        ensureStarted();
        await().atMost(Duration.ofSeconds(60)).until(() -> second.stats().spoolRecords() == 0 && !second.stats().spooling());
        List<SessionRecord> got = readAll(c.sessionsTopic(), n);
        assertEquals(n, got.size());
        Set<Integer> seen = new HashSet<>();
        Map<ByteBuffer, Integer> lastPerServer = new HashMap<>();
        for (SessionRecord s : got) {
            int i = Sessions.index(s);
            assertTrue(seen.add(i), "duplicate " + i);
            Integer prev = lastPerServer.put(s.getServerIp(), i);
            assertTrue(prev == null || prev < i, "out of order for its server: " + prev + " then " + i);
        }
        assertEquals(0, second.stats().dropped());

        // Back in direct mode: new records go straight through.
        second.publish(Sessions.session(n, 4));
        await().atMost(Duration.ofSeconds(20)).until(() -> second.stats().acked() == 1);
        second.close();
    }

    @Test
    @Order(2)
    void directPublishingAndHeartbeats() throws Exception {
        ensureStarted();
        int n = 2000;
        PublisherConfig c = PublisherConfig.builder(bootstrap, "sensor-b", tmp.resolve("spool2"))
                .sessionsTopic("sessions-direct").heartbeatsTopic("heartbeats-direct")
                .heartbeatInterval(Duration.ofMillis(200)).build();
        try (KafkaPublisher p = KafkaPublisher.create(c)) {
            p.startHeartbeats(() -> p.heartbeat(10, 1, 5, 2, 0, Map.of("gaps", 3L)));
            for (int i = 0; i < n; i++) {
                p.publish(Sessions.session(i, 8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> p.stats().acked() >= n);
            assertEquals(0, p.stats().spooled());
            assertEquals(n, readAll("sessions-direct", n).size());
            await().atMost(Duration.ofSeconds(20)).until(() -> p.stats().heartbeats() >= 2);
        }
        List<byte[]> hb = readValues("heartbeats-direct", 1);
        Heartbeat h = AvroCodec.heartbeats().decode(hb.get(0)).value().orElseThrow();
        assertEquals("sensor-b", h.getSensorId());
        assertEquals(3L, h.getCounters().get("gaps"));
    }

    @Test
    @Order(3)
    void brokerUnreachableMidStreamLosesNothingAndKeepsPerServerOrder() throws Exception {
        ensureStarted();
        int n = 900;
        PublisherConfig c = PublisherConfig.builder(bootstrap, "sensor-c", tmp.resolve("spool3"))
                .sessionsTopic("sessions-midstream").heartbeatsTopic("heartbeats-midstream")
                .maxBlock(Duration.ofMillis(200)).deliveryTimeout(Duration.ofSeconds(3)).linger(Duration.ofMillis(5))
                .drainBackoffMax(Duration.ofMillis(300)).build();
        try (KafkaPublisher p = KafkaPublisher.create(c)) {
            for (int i = 0; i < n / 3; i++) {
                p.publish(Sessions.session(i, 6));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> p.stats().acked() == n / 3);
            proxy.down(); // the broker becomes unreachable; open connections are cut
            for (int i = n / 3; i < 2 * n / 3; i++) {
                p.publish(Sessions.session(i, 6)); // into the producer's buffer, then failed and spooled
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> p.stats().spooling() && p.stats().inFlight() == 0);
            for (int i = 2 * n / 3; i < n; i++) {
                p.publish(Sessions.session(i, 6)); // straight to the spool
            }
            proxy.up(TestCluster.boundPort(cluster));
            await().atMost(Duration.ofSeconds(60)).until(() -> p.stats().spoolRecords() == 0 && !p.stats().spooling());
            assertEquals(0, p.stats().dropped());
        }
        List<SessionRecord> got = readAll("sessions-midstream", n);
        Set<Integer> seen = new HashSet<>();
        Map<ByteBuffer, Integer> lastPerServer = new HashMap<>();
        for (SessionRecord s : got) {
            int i = Sessions.index(s);
            if (!seen.add(i)) {
                continue; // at-least-once: a record whose acknowledgement was cut may come twice
            }
            Integer prev = lastPerServer.put(s.getServerIp(), i);
            assertTrue(prev == null || prev < i, "out of order for its server: " + prev + " then " + i);
        }
        assertEquals(n, seen.size(), "nothing lost");
        assertTrue(got.size() - n <= n / 3, "duplicates bounded by what was in flight: " + (got.size() - n));
    }

    private static List<SessionRecord> readAll(String topic, int n) {
        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        List<SessionRecord> out = new ArrayList<>();
        for (byte[] v : readValues(topic, n)) {
            out.add(codec.decode(v).value().orElseThrow());
        }
        return out;
    }

    /** Reads from the beginning until at least {@code n} values arrived, then a little longer for extras. */
    private static List<byte[]> readValues(String topic, int n) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic + "-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
                return out.size() >= n;
            });
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                out.add(r.value());
            }
        }
        return out;
    }
}
