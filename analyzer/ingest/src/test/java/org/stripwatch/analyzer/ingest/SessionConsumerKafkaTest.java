package org.stripwatch.analyzer.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;
import org.stripwatch.schemas.codec.DecodeFailure;

/** SessionConsumer against a real (in-JVM, KRaft) broker. */
@Tag("kafka")
class SessionConsumerKafkaTest {
    private static KafkaClusterTestKit cluster;
    private static final AvroCodec<SessionRecord> SESSIONS = AvroCodec.sessions();
    private static final AvroCodec<Alert> ALERTS = AvroCodec.alerts();

    @BeforeAll
    static void start() throws Exception {
        TestLogging.init();
        cluster = org.stripwatch.schemas.testing.KafkaTestCluster.started();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static IngestConfig.Builder config(String name) {
        return IngestConfig.builder(cluster.bootstrapServers()).groupId("g-" + name)
                .sessionsTopic(name + ".sessions").alertsTopic(name + ".alerts").pollTimeout(Duration.ofMillis(100));
    }

    @Test
    void alertsReachTheTopicAndCorruptRecordsAreCountedSkippedAndDeadLettered() throws Exception {
        int n = 200;
        produce("happy.sessions", n, true);
        IngestConfig c = config("happy").deadLetterTopic("happy.dead").build();
        List<Alert> local = Collections.synchronizedList(new ArrayList<>());
        try (SessionConsumer consumer = new SessionConsumer(c, Sessions::notOffered, local::add)) {
            consumer.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.stats().processed() == n
                    && consumer.stats().undecodable() == 3 && consumer.stats().commits() > 0);
            assertEquals(n / 2, local.size());
            assertEquals(n / 2, consumer.stats().alerts());
            assertEquals(1, consumer.decodeFailures().get(DecodeFailure.BAD_HEADER));
            assertEquals(1, consumer.decodeFailures().get(DecodeFailure.UNKNOWN_FINGERPRINT));
            assertEquals(1, consumer.decodeFailures().get(DecodeFailure.MALFORMED));
        }
        List<ConsumerRecord<byte[], byte[]>> alerts = read("happy.alerts", n / 2);
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : alerts) {
            Alert a = ALERTS.decode(r.value()).value().orElseThrow();
            assertEquals(a.getAlertId(), new String(r.key(), StandardCharsets.UTF_8));
            assertEquals("starttls_not_offered", a.getType());
            ids.add(a.getAlertId());
        }
        assertEquals(n / 2, ids.size());
        List<ConsumerRecord<byte[], byte[]>> dead = read("happy.dead", 3);
        assertEquals(3, dead.size());
        assertTrue(new String(dead.get(0).headers().lastHeader(SessionConsumer.ERROR_HEADER).value(), StandardCharsets.UTF_8)
                .matches("(bad_header|unknown_fingerprint|malformed): .*"));
    }

    @Test
    void consumerKilledMidBatchRedeliversAndDedupLeavesNoDuplicateAlert() throws Exception {
        int n = 300;
        produce("crash.sessions", n, false);
        IngestConfig c = config("crash").maxPollRecords(1000).build();
        DedupAlertSink downstream = new DedupAlertSink(a -> { }, new AlertDeduplicator());
        List<Alert> unique = Collections.synchronizedList(new ArrayList<>());
        DedupAlertSink collected = new DedupAlertSink(unique::add, downstream.deduplicator());

        // First instance: dies (no commit) after writing 20 alerts.
        AtomicInteger written = new AtomicInteger();
        AtomicReference<SessionConsumer> first = new AtomicReference<>();
        first.set(new SessionConsumer(c, Sessions::notOffered, a -> {
            collected.accept(a);
            if (written.incrementAndGet() == 20) {
                first.get().halt();
            }
        }));
        Thread t = first.get().start();
        t.join(Duration.ofSeconds(60).toMillis());
        assertEquals(0, first.get().stats().commits(), "killed before its first commit");

        // Second instance of the group takes over from the last committed offset (none): everything again.
        try (SessionConsumer second = new SessionConsumer(c, Sessions::notOffered, collected)) {
            second.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> second.stats().processed() == n
                    && second.stats().commits() > 0);
        }
        assertEquals(n / 2, unique.size(), "each alert exactly once downstream");
        assertTrue(downstream.deduplicator().duplicates() >= 20, "the redelivered alerts were seen and dropped");
        Set<String> ids = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : read("crash.alerts", n / 2)) {
            ids.add(ALERTS.decode(r.value()).value().orElseThrow().getAlertId());
        }
        assertEquals(n / 2, ids.size(), "the alerts topic holds each id (possibly twice: compaction or readers dedup)");
    }

    @Test
    void oneOfTwoRunningInstancesDiesAndTheOtherTakesOverItsPartitions() throws Exception {
        int n = 300;
        IngestConfig c = config("group2").maxPollRecords(50).build();
        List<Alert> unique = Collections.synchronizedList(new ArrayList<>());
        DedupAlertSink collected = new DedupAlertSink(unique::add);
        AtomicInteger byA = new AtomicInteger();
        AtomicReference<SessionConsumer> a = new AtomicReference<>();
        a.set(new SessionConsumer(c, Sessions::notOffered, alert -> {
            collected.accept(alert);
            if (byA.incrementAndGet() == 30) {
                a.get().halt();
            }
        }));
        try (SessionConsumer b = new SessionConsumer(c, Sessions::notOffered, collected)) {
            Thread ta = a.get().start();
            b.start();
            // Records trickle in while both instances share the partitions.
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < n; i += 10) {
                        produceRange("group2.sessions", i, i + 10);
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            producer.start();
            producer.join();
            ta.join(Duration.ofSeconds(60).toMillis());
            assertTrue(byA.get() >= 30, "instance A handled records before it died");
            await().atMost(Duration.ofSeconds(60)).until(() -> unique.size() == n / 2);
            assertTrue(b.stats().processed() > 0);
        }
        assertEquals(n / 2, unique.size(), "no alert lost, none twice");
    }

    private static void produceRange(String topic, int from, int to) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < to; i++) {
                SessionRecord s = Sessions.session(i, 5);
                producer.send(new ProducerRecord<>(topic, s.getServerIp().array(), SESSIONS.encode(s)));
            }
            producer.flush();
        }
    }

    private static void produce(String topic, int n, boolean withGarbage) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                SessionRecord s = Sessions.session(i, 5);
                producer.send(new ProducerRecord<>(topic, s.getServerIp().array(), SESSIONS.encode(s)));
                if (withGarbage && i == n / 2) {
                    byte[] good = SESSIONS.encode(s);
                    byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
                    producer.send(new ProducerRecord<>(topic, null, "not avro".getBytes(StandardCharsets.UTF_8)));
                    producer.send(new ProducerRecord<>(topic, null, truncated));
                    producer.send(new ProducerRecord<>(topic, null, AvroCodec.heartbeats().encode(
                            Heartbeat.newBuilder().setSensorId("x").setTime(s.getStart()).build())));
                }
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int n) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= n;
            });
            c.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}
