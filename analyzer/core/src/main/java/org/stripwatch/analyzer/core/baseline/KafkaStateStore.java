package org.stripwatch.analyzer.core.baseline;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Per-server state that moves with the partition (Kafka mode). Session records are keyed by the
 * receiving server's address, so the default partitioner sends one server to one partition and one
 * analyzer; this store keeps that server's state in a compacted changelog topic, written to the
 * same partition number, and on a rebalance the new owner restores exactly the servers of the
 * partitions it was given (the Kafka Streams changelog pattern, without Streams).
 *
 * <p>{@link #flush()} (called before offsets are committed) writes the states changed since the
 * last flush. {@link #assigned} restores from the changelog; {@link #revoked} flushes and forgets.
 * Name-keyed MX baselines ({@code mx:host/port}) have no server address: they are placed by a hash
 * of the name and are shared only loosely between instances.
 */
public final class KafkaStateStore implements StateStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final String changelog;
    private final String sessionsTopic;
    private final Map<String, String> clientProperties;
    private final String bootstrap;
    /** The sessions topic's partition count, learned at the first assignment (no I/O at start-up). */
    private int partitions;
    private final int maxServers;
    private final Map<String, Object> producerProps;
    private KafkaProducer<byte[], byte[]> producer;
    private final Map<String, Object> consumerProps;
    private final LinkedHashMap<String, ServerState> states = new LinkedHashMap<>(1024, 0.75f, true);
    private final Set<String> dirty = new LinkedHashSet<>();
    private long restored, written, corrupt;

    /**
     * No network I/O here: the changelog is checked (and created, compacted, with the sessions
     * topic's partition count) when the group first assigns partitions.
     */
    public KafkaStateStore(String bootstrap, String changelogTopic, String sessionsTopic, int maxServers,
                           Map<String, String> clientProperties) {
        this.changelog = changelogTopic;
        this.sessionsTopic = sessionsTopic;
        this.bootstrap = bootstrap;
        this.clientProperties = Map.copyOf(clientProperties);
        this.maxServers = maxServers;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "stripwatch-analyzer-state");
        p.putAll(clientProperties);
        producerProps = p;
        consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.putAll(clientProperties);
    }

    /** The partition of a state key: where the sessions of that server go (murmur2 of its address bytes). */
    public int partitionOf(String key) {
        byte[] bytes;
        int slash = key.lastIndexOf('/');
        if (!key.startsWith("mx:") && slash > 0) {
            try {
                bytes = InetAddress.getByName(key.substring(0, slash)).getAddress();
            } catch (IOException e) {
                bytes = key.getBytes(StandardCharsets.UTF_8);
            }
        } else {
            bytes = key.getBytes(StandardCharsets.UTF_8);
        }
        return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
    }

    @Override
    public synchronized ServerState get(String key) {
        return states.get(key);
    }

    @Override
    public synchronized void put(String key, ServerState state) {
        states.put(key, state);
        dirty.add(key);
        if (states.size() > maxServers) {
            String eldest = states.keySet().iterator().next();
            states.remove(eldest);
            dirty.remove(eldest);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (dirty.isEmpty()) return;
        setUp();
        for (String key : dirty) {
            ServerState s = states.get(key);
            byte[] value = s == null ? null : JSON.writeValueAsBytes(s);
            producer.send(new ProducerRecord<>(changelog, partitionOf(key), key.getBytes(StandardCharsets.UTF_8), value));
            written++;
        }
        producer.flush();
        dirty.clear();
    }

    private void setUp() {
        if (partitions == 0) partitions = KafkaStates.ensureChangelog(bootstrap, clientProperties, sessionsTopic, changelog);
        if (producer == null) producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The group gave this instance {@code assigned}: restore their servers from the changelog. */
    public synchronized void assigned(Collection<TopicPartition> assigned) {
        setUp();
        List<TopicPartition> tps = new ArrayList<>();
        for (TopicPartition tp : assigned) tps.add(new TopicPartition(changelog, tp.partition()));
        if (tps.isEmpty()) return;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) load(r);
            }
        }
    }

    private void load(ConsumerRecord<byte[], byte[]> r) {
        String key = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            states.remove(key);
            return;
        }
        try {
            states.put(key, JSON.readValue(r.value(), ServerState.class));
            restored++;
        } catch (IOException e) {
            corrupt++; // a state this version cannot read: the server starts cold again
        }
    }

    /** The group took {@code revoked} away: save, then forget their servers. */
    public synchronized void revoked(Collection<TopicPartition> revoked) {
        try {
            flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot save analyzer state before a rebalance: " + e.getMessage(), e);
        }
        Set<Integer> gone = new LinkedHashSet<>();
        for (TopicPartition tp : revoked) gone.add(tp.partition());
        states.keySet().removeIf(k -> gone.contains(partitionOf(k)));
    }

    /** States read from the changelog, written to it, and unreadable ones skipped. */
    public synchronized long[] counters() {
        return new long[] {restored, written, corrupt};
    }

    @Override
    public synchronized List<String> keys() {
        return new ArrayList<>(states.keySet());
    }

    @Override
    public synchronized int size() {
        return states.size();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            if (producer != null) producer.close(Duration.ofSeconds(10));
        }
    }
}
