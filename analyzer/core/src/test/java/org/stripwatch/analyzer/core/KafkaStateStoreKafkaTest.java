package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.baseline.KafkaStateStore;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.ingest.IngestConfig;
import org.stripwatch.analyzer.ingest.SessionConsumer;
import org.stripwatch.schemas.codec.AvroCodec;

/**
 * A server's baseline follows its partition: an analyzer that learned it hands it over through
 * the changelog when it leaves the group, and the instance that gets the partition restores it.
 */
@Tag("kafka")
class KafkaStateStoreKafkaTest {
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void start() throws Exception {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        cluster = org.stripwatch.schemas.testing.KafkaTestCluster.started();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()))) {
            // The changelog is created by the store itself, beside the sessions topic.
            admin.createTopics(List.of(new NewTopic("sessions", 3, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void baselineMovesWithThePartition() throws Exception {
        String server = "198.51.100.25";
        int n = 30;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            Instant t = Instant.parse("2026-11-23T10:00:00Z");
            for (int i = 0; i < n; i++) {
                var s = Rec.session("192.0.2." + (10 + i % 5), server, t.plusSeconds(60L * i)).id("c" + i).build();
                producer.send(new ProducerRecord<>("sessions", InetAddress.getByName(server).getAddress(),
                        AvroCodec.sessions().encode(s))).get();
            }
        }
        String key = server + "/25";
        IngestConfig ic = IngestConfig.builder(cluster.bootstrapServers()).groupId("g").sessionsTopic("sessions")
                .alertsTopic("alerts").build();

        long firstSeen;
        int recent;
        KafkaStateStore first = new KafkaStateStore(cluster.bootstrapServers(), "analyzer-state", "sessions", 1000, Map.of());
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(), null, null, null), first);
             SessionConsumer c = rt.kafka(ic)) {
            c.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> rt.analyzer().stats().records() >= n);
            assertEquals(n, first.get(key).sessions);
            firstSeen = first.get(key).firstSeen;
            recent = first.get(key).recent.size();
        } // leaving the group: the partition is revoked, the state written to the changelog

        KafkaStateStore second = new KafkaStateStore(cluster.bootstrapServers(), "analyzer-state", "sessions", 1000, Map.of());
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(), null, null, null), second);
             SessionConsumer c = rt.kafka(ic)) {
            c.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> second.get(key) != null);
            ServerState restored = second.get(key);
            assertEquals(n, restored.sessions, "the baseline learned by the first instance");
            assertEquals(firstSeen, restored.firstSeen);
            assertEquals(recent, restored.recent.size(), "redelivery memory moves too: no duplicate alerts after a move");
            assertTrue(second.counters()[0] >= 1);
        }
    }
}
