package org.stripwatch.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;
import org.stripwatch.sensor.publish.KafkaPublisher;
import org.stripwatch.sensor.publish.PublisherConfig;
import org.stripwatch.sensor.publish.PublisherStats;

/**
 * The sensor's publish path alone, against a real broker (ops/bench/run --kafka): the session
 * records a real sensor run wrote to {@code FROM} are read back and decoded into memory, then
 * {@link KafkaPublisher#publish(SessionRecord)} (Avro encoding, key, idempotent {@code acks=all}
 * producer, the publisher's defaults) sends {@code N} of them, cycling, to {@code TO}. Capture and
 * analysis are not in the figure; everything from the Avro object on is.
 *
 * <pre>java -cp benchmarks.jar org.stripwatch.bench.PublishPerf BOOTSTRAP FROM TO N [producer.property=value ...]</pre>
 *
 * Properties after {@code N} override the publisher's producer settings (as {@code --kafka-config}
 * would), e.g. {@code compression.type=lz4}. Prints one {@code ENCODE} line (Avro encoding alone, one
 * thread) and one {@code PUBLISH} line: records/s from the first {@code publish} call until the broker
 * acknowledged the last record ({@link PublisherStats#acked()}), the time the calling thread spent
 * inside {@code publish} (what a capture thread pays), and the process's CPU seconds.
 */
public final class PublishPerf {
    private PublishPerf() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: PublishPerf BOOTSTRAP FROM_TOPIC TO_TOPIC N [producer.property=value ...]");
            System.exit(2);
        }
        String bootstrap = args[0], from = args[1], to = args[2];
        long n = Long.parseLong(args[3]);
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        // Avro 1.12 instantiates generated classes only from trusted packages (as stripwatch's Main does).
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.stripwatch.schemas");
        }
        // The clients' configuration dumps (INFO) would bury the two result lines.
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(java.util.logging.Level.WARNING);
        for (var h : root.getHandlers()) h.setLevel(java.util.logging.Level.WARNING);
        int distinct = Integer.getInteger("stripwatch.bench.distinct", 100_000);
        List<SessionRecord> records = readBack(bootstrap, from, distinct);
        if (records.isEmpty()) throw new IllegalStateException("no session records in " + from);

        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        long bytes = 0;
        long e0 = System.nanoTime();
        for (int pass = 0; pass < 3; pass++) { // the last pass is timed: the first two warm the JIT
            if (pass == 2) e0 = System.nanoTime();
            bytes = 0;
            for (SessionRecord r : records) bytes += codec.encode(r).length;
        }
        double encodeSecs = (System.nanoTime() - e0) / 1e9;
        System.out.printf("ENCODE records=%d records_per_s=%.0f mean_bytes=%.0f%n", records.size(),
                records.size() / encodeSecs, (double) bytes / records.size());

        Path spool = Files.createTempDirectory("publishperf-spool");
        PublisherConfig c = PublisherConfig.builder(bootstrap, "publishperf", spool).sessionsTopic(to)
                .heartbeatInterval(Duration.ZERO).clientProperties(overrides).build();
        long cpu0 = cpuNanos();
        long t0, tCalls, t1;
        PublisherStats s;
        try (KafkaPublisher pub = KafkaPublisher.create(c)) {
            pub.publish(records.get(0)); // metadata and connections first: a sensor starts once
            while (pub.stats().acked() < 1) Thread.sleep(1);
            t0 = System.nanoTime();
            int size = records.size();
            for (long i = 1; i <= n; i++) pub.publish(records.get((int) (i % size)));
            tCalls = System.nanoTime();
            // Poll the counters: acknowledged, or given up on (spooled, dropped, rejected) - all accounted.
            while (done(s = pub.stats()) < n + 1) Thread.sleep(1);
            t1 = System.nanoTime();
        }
        long cpu = cpuNanos() - cpu0;
        double secs = (t1 - t0) / 1e9;
        System.out.printf("PUBLISH records=%d seconds=%.3f records_per_s=%.0f caller_seconds=%.3f cpu_s=%.2f "
                        + "acked=%d spooled=%d dropped=%d rejected=%d overrides=%s%n",
                n, secs, n / secs, (tCalls - t0) / 1e9, cpu / 1e9, s.acked() - 1, s.spooled(), s.dropped(),
                s.rejected(), overrides);
    }

    private static long done(PublisherStats s) {
        return s.acked() + s.spooled() + s.dropped() + s.rejected();
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Every record of {@code topic} (up to {@code max}), decoded. */
    private static List<SessionRecord> readBack(String bootstrap, String topic, int max) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        AvroCodec<SessionRecord> codec = AvroCodec.sessions();
        List<SessionRecord> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic)) tps.add(new TopicPartition(topic, pi.partition()));
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (out.size() < max && tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    codec.decode(r.value()).value().ifPresent(v -> {
                        if (out.size() < max) out.add(v);
                    });
                }
            }
        }
        if (out.isEmpty()) System.err.println("PublishPerf: nothing decoded from " + topic + ": " + codec.failureCounts());
        return out;
    }
}
