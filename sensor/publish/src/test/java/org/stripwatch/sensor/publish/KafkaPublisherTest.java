package org.stripwatch.sensor.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;

/** Publisher logic without a broker: a MockProducer, and a closed port. */
class KafkaPublisherTest {
    static {
        TestLogging.init();
    }

    @TempDir
    Path tmp;

    private PublisherConfig.Builder config(String bootstrap) {
        return PublisherConfig.builder(bootstrap, "sensor-a", tmp.resolve("spool"))
                .maxBlock(Duration.ofMillis(100)).drainBackoffMax(Duration.ofMillis(100));
    }

    @Test
    void producerPropertiesAreSafeDefaultsAndPassThroughExtras() {
        Map<String, Object> p = KafkaPublisher.producerProperties(config("h:1")
                .clientProperties(Map.of("security.protocol", "SSL", "compression.type", "lz4")).build());
        assertEquals(true, p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("lz4", p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG), "extras applied last, verbatim");
        assertTrue((int) p.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG) < (int) p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
    }

    @Test
    void inFlightFailuresAreResentBeforeRecordsAcceptedAfterTheOutage() throws Exception {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        KafkaPublisher p = new KafkaPublisher(config("unused:1").build(), mock);
        for (int i = 0; i < 5; i++) {
            p.publish(Sessions.session(i, 1));
        }
        // The broker goes away: the producer's I/O thread fails the five in-flight records.
        Thread io = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                mock.errorNext(new TimeoutException("delivery timeout"));
            }
        });
        io.start();
        io.join();
        assertTrue(p.stats().spooling());
        for (int i = 5; i < 8; i++) {
            p.publish(Sessions.session(i, 1)); // accepted after the outage was seen: main spool
        }
        assertEquals(8, p.stats().spoolRecords());
        // The broker is back: acknowledge whatever the drainer sends until the spool is empty.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            while (mock.completeNext()) {
                // acknowledge all pending
            }
            return p.stats().spoolRecords() == 0 && !p.stats().spooling();
        });
        List<ProducerRecord<byte[], byte[]>> h = mock.history();
        List<Integer> resent = new ArrayList<>();
        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        for (ProducerRecord<byte[], byte[]> r : h.subList(5, h.size())) {
            resent.add(Sessions.index(codec.decode(r.value()).value().orElseThrow()));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), resent);
        p.close(Duration.ofSeconds(1));
    }

    @Test
    void aRecordTheBrokerRefusesForGoodIsCountedNotSpooled() throws Exception {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (KafkaPublisher p = new KafkaPublisher(config("unused:1").build(), mock)) {
            p.publish(Sessions.session(0, 1));
            p.publish(Sessions.session(1, 1));
            Thread io = new Thread(() -> {
                mock.errorNext(new RecordTooLargeException("too large"));
                mock.completeNext();
            });
            io.start();
            io.join();
            PublisherStats s = p.stats();
            assertEquals(1, s.rejected());
            assertEquals(1, s.acked());
            assertEquals(0, s.spoolRecords());
            assertTrue(!s.spooling(), "a refused record is no outage");
        }
    }

    @Test
    void unreachableBrokerFillsTheSpoolThenDropsAndCounts() throws Exception {
        SpoolConfig small = SpoolConfig.defaults(tmp.resolve("spool")).withMaxBytes(20_000)
                .withFullLogInterval(Duration.ofHours(1));
        // Port 1 on loopback: connection refused, metadata never arrives.
        try (KafkaPublisher p = KafkaPublisher.create(config("127.0.0.1:1").spool(small).build())) {
            int n = 300;
            for (int i = 0; i < n; i++) {
                p.publish(Sessions.session(i, 1));
            }
            PublisherStats s = p.stats();
            assertTrue(s.spooling());
            assertTrue(s.dropped() > 0, "spool full must drop: " + s);
            assertEquals(n, s.spoolRecords() + s.dropped(), "every record spooled or counted: " + s);
            // Both spools (main + rescue) share the directory; each keeps its own bound.
            assertTrue(s.spoolBytes() <= 2 * 20_000, s.toString());
        }
    }
}
