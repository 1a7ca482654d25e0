package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.core.AnalyzerRuntime;
import org.stripwatch.analyzer.ingest.IngestConfig;
import org.stripwatch.analyzer.ingest.SessionConsumer;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.publish.AvroMapper;
import org.stripwatch.sensor.publish.KafkaPublisher;
import org.stripwatch.sensor.publish.PublisherConfig;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * Sensor → a real Kafka broker (KRaft, in this JVM) → analyzer consumer group, on the lab's mixed
 * capture with its policies: the alerts are exactly those of the embedded replay, the same code on
 * the same Avro records, and every session reached the analyzer once.
 */
@Tag("kafka")
class EndToEndKafkaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaClusterTestKit cluster;

    @TempDir
    Path tmp;

    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");

    @BeforeAll
    static void startBroker() throws Exception {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("kafka").setLevel(java.util.logging.Level.WARNING);
        cluster = org.stripwatch.schemas.testing.KafkaTestCluster.started();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) cluster.close();
    }

    @Test
    void sensorToKafkaToAnalyzerGivesTheEmbeddedAlerts() throws Exception {
        Path capture = Captures.dir("lab").resolve("mixed.pcap");
        Path policies = Captures.dir("lab").resolve("policies");

        // Embedded: replay with the analyzer in-process.
        Path embeddedAlerts = tmp.resolve("embedded.jsonl");
        assertEquals(ExitCodes.OK, Main.run("replay", "-q", "--policies", policies.toString(), "--alerts",
                embeddedAlerts.toString(), capture.toString()));

        // Kafka: the sensor publishes, an analyzer in the consumer group judges.
        List<Object> published = new ArrayList<>();
        PublisherConfig pc = PublisherConfig.builder(cluster.bootstrapServers(), "lab-a", tmp.resolve("spool")).build();
        try (KafkaPublisher publisher = KafkaPublisher.create(pc)) {
            AvroMapper mapper = new AvroMapper("lab-a");
            SessionAnalysis sessions = new SessionAnalysis(SessionConfig.DEFAULTS, r -> {
                published.add(r);
                publisher.publish(mapper.toAvro(r));
            });
            try (FileSource src = FileSource.open(List.of(capture))) {
                new Pipeline(DecoderConfig.DEFAULTS, ReassemblyConfig.DEFAULTS, sessions::open).run(src);
            }
            publisher.close(Duration.ofSeconds(30));
            assertEquals(published.size(), publisher.stats().acked() + publisher.stats().drained(), publisher.stats().toString());
        }
        Path kafkaAlerts = tmp.resolve("kafka.jsonl");
        AlertOptions opts = new AlertOptions();
        opts.policies = List.of(policies);
        opts.minSeverity = org.stripwatch.schemas.Severity.LOW; // as the command line's default
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(opts.analyzerOptions(kafkaAlerts.toString(), null, true));
             SessionConsumer consumer = rt.kafka(IngestConfig.builder(cluster.bootstrapServers())
                     .groupId("e2e").build())) {
            consumer.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> rt.analyzer().stats().records() >= published.size());
            consumer.close();
        }
        Set<String> embedded = alertKeys(embeddedAlerts), viaKafka = alertKeys(kafkaAlerts);
        assertFalse(embedded.isEmpty(), "the lab's tampered sessions raise alerts");
        assertEquals(embedded, viaKafka);
    }

    /** Alert identity and meaning, without the sensor id (replay vs lab-a). */
    private static Set<String> alertKeys(Path file) throws Exception {
        Set<String> keys = new TreeSet<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode a = JSON.readTree(l);
            keys.add(a.get("severity").asText() + " " + a.get("type").asText() + " " + a.get("client_ip").asText() + ":"
                    + a.get("client_port").asText() + " -> " + a.get("server_ip").asText() + " " + a.get("reason").asText());
        }
        return keys;
    }
}
