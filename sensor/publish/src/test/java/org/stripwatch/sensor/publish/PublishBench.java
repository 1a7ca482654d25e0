package org.stripwatch.sensor.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;

/**
 * Sessions/s from KafkaPublisher through a broker to a decoding consumer, and publish-to-decode latency at a
 * fixed rate. Off by default: {@code -Dstripwatch.bench=true -Dtest=PublishBench}. Prints one line per figure.
 */
@Tag("kafka")
class PublishBench {
    @TempDir
    Path tmp;

    @Test
    void throughputAndLatency() throws Exception {
        assumeTrue(Boolean.getBoolean("stripwatch.bench"), "benchmark: -Dstripwatch.bench=true");
        TestLogging.init();
        int port = TestCluster.freePort();
        KafkaClusterTestKit cluster = TestCluster.formatted(port);
        try (TcpProxy proxy = new TcpProxy(port)) {
            TestCluster.start(cluster);
            String bootstrap = cluster.bootstrapServers();
            // Clients talk to the advertised address; the proxy forwards (its cost is in the figures).
            proxy.up(TestCluster.boundPort(cluster));
            bootstrap = "127.0.0.1:" + port;
            int n = Integer.getInteger("stripwatch.bench.n", 100_000);
            run(bootstrap, "bench-max", n, 0);
            int rate = Integer.getInteger("stripwatch.bench.rate", 5_000);
            run(bootstrap, "bench-rate", rate * 5, rate);
        } finally {
            cluster.close();
        }
    }

    private void run(String bootstrap, String topic, int n, int rate) throws Exception {
        PublisherConfig c = PublisherConfig.builder(bootstrap, "bench", tmp.resolve(topic)).sessionsTopic(topic).build();
        long[] latencyMs = new long[n];
        AtomicInteger received = new AtomicInteger();
        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> kc = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                kc.subscribe(List.of(topic));
                while (received.get() < n) {
                    for (ConsumerRecord<byte[], byte[]> r : kc.poll(Duration.ofMillis(50))) {
                        codec.decode(r.value()).value().orElseThrow();
                        int i = received.getAndIncrement();
                        if (i < n) {
                            latencyMs[i] = System.currentTimeMillis() - r.timestamp();
                        }
                    }
                }
            }
        });
        reader.start();
        SessionRecord[] records = new SessionRecord[1024];
        for (int i = 0; i < records.length; i++) {
            records[i] = Sessions.session(i, 64);
        }
        long t0 = System.nanoTime();
        try (KafkaPublisher pub = KafkaPublisher.create(c)) {
            for (int i = 0; i < n; i++) {
                if (rate > 0) {
                    long due = t0 + (long) i * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                pub.publish(records[i & 1023]);
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> received.get() >= n);
            double secs = (System.nanoTime() - t0) / 1e9;
            reader.join();
            Arrays.sort(latencyMs);
            System.out.printf("BENCH %s: %d sessions in %.2f s = %.0f sessions/s end to end (rate %s), "
                            + "latency p50 %d ms p99 %d ms, spooled %d%n", topic, n, secs, n / secs,
                    rate == 0 ? "max" : rate + "/s", latencyMs[n / 2], latencyMs[(int) (n * 0.99)], pub.stats().spooled());
        }
    }
}
