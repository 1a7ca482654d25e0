package org.stripwatch.analyzer.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;
import org.stripwatch.schemas.codec.Decoded;

/**
 * Reads the sessions topic as a member of a consumer group and writes the {@link RecordProcessor}'s alerts to
 * the alerts topic and a local {@link AlertSink}.
 *
 * <p><b>At-least-once.</b> Auto-commit is off. For each polled batch: decode, process, send every alert, then
 * wait until the broker acknowledged all of them ({@code flush} + every future) and the local sink flushed;
 * only then {@code commitSync} the batch's offsets. If an alert cannot be written, nothing is committed, the
 * consumer seeks back to the batch start and retries after a backoff. A crash anywhere before the commit
 * redelivers the batch: the processor produces the same alerts with the same ids ({@link AlertIds}), which
 * the alerts topic's key (alert id; compaction) and {@link DedupAlertSink} collapse.
 *
 * <p><b>Never stops on bad input.</b> An undecodable value ({@link AvroCodec#decode}) or a processor exception
 * is counted, optionally sent to the dead-letter topic, and skipped.
 *
 * <p><b>Shutdown.</b> {@link #close()} (any thread) wakes the consumer up; the loop finishes or abandons the
 * current batch without committing it, and closes consumer and producer.
 */
public final class SessionConsumer implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionConsumer.class);
    /** Header on dead-lettered records: why. */
    public static final String ERROR_HEADER = "stripwatch.error";
    /** Header on dead-lettered records: topic-partition@offset of the original. */
    public static final String SOURCE_HEADER = "stripwatch.source";

    private final IngestConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final RecordProcessor processor;
    private final AlertSink sink;
    private final AvroCodec<SessionRecord> sessions = AvroCodec.sessions();
    private final AvroCodec<Alert> alertCodec = AvroCodec.alerts();
    private volatile boolean running = true;
    private volatile boolean halted;
    private volatile Thread thread;
    private final Object done = new Object();
    private boolean finished;

    private final AtomicLong records = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong processorErrors = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();

    /** With real Kafka clients built from {@code config}. */
    public SessionConsumer(IngestConfig config, RecordProcessor processor, AlertSink sink) {
        this(config, new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer()),
                processor, sink);
    }

    /** With given clients (tests: {@code MockConsumer}/{@code MockProducer}). */
    public SessionConsumer(IngestConfig config, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                           RecordProcessor processor, AlertSink sink) {
        this.config = Objects.requireNonNull(config, "config");
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.producer = Objects.requireNonNull(producer, "producer");
        this.processor = Objects.requireNonNull(processor, "processor");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    public static Map<String, Object> consumerProperties(IngestConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, c.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, c.maxPollRecords());
        // Sensors never write transactionally; read_committed costs nothing and is right if they ever do.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putAll(c.clientProperties());
        return p;
    }

    public static Map<String, Object> producerProperties(IngestConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "stripwatch-analyzer-" + c.groupId());
        p.putAll(c.clientProperties());
        return p;
    }

    private volatile org.apache.kafka.clients.consumer.ConsumerRebalanceListener rebalance;

    /**
     * Told when the group moves partitions to or from this instance (before {@link #run()}): the
     * hook for per-server state that follows its partition.
     */
    public SessionConsumer onRebalance(org.apache.kafka.clients.consumer.ConsumerRebalanceListener listener) {
        this.rebalance = listener;
        return this;
    }

    /** Starts {@link #run()} on a new thread named after the group. */
    public Thread start() {
        Thread t = new Thread(this, "stripwatch-ingest-" + config.groupId());
        thread = t;
        t.start();
        return t;
    }

    /** The consume-process-write-commit loop; returns after {@link #close()} or {@link #halt()}. */
    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            if (rebalance == null) consumer.subscribe(List.of(config.sessionsTopic()));
            else consumer.subscribe(List.of(config.sessionsTopic()), rebalance);
            long backoff = 100;
            while (running && !halted) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(config.pollTimeout());
                if (batch.isEmpty()) {
                    continue;
                }
                if (handle(batch)) {
                    commit(batch);
                    backoff = 100;
                } else if (!halted) {
                    writeFailures.incrementAndGet();
                    rewind(batch);
                    sleep(backoff);
                    backoff = Math.min(backoff * 2, Math.max(100, config.retryBackoffMax().toMillis()));
                }
            }
        } catch (WakeupException e) {
            if (running && !halted) {
                throw e; // nobody asked us to stop: a bug
            }
        } finally {
            closeClients();
        }
    }

    /** Processes one batch and writes its results; true when everything was acknowledged. */
    private boolean handle(ConsumerRecords<byte[], byte[]> batch) {
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        int alertCount = 0;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            if (halted) {
                return false;
            }
            records.incrementAndGet();
            Decoded<SessionRecord> d = sessions.decode(r.value());
            if (!d.isOk()) {
                undecodable.incrementAndGet();
                LOG.debug("undecodable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), d);
                deadLetter(r, d.failure().orElseThrow().wireName() + ": " + d.reason(), pending);
                continue;
            }
            List<Alert> out;
            try {
                out = processor.process(d.value().orElseThrow());
            } catch (RuntimeException e) {
                processorErrors.incrementAndGet();
                LOG.warn("processor failed on {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
                deadLetter(r, "processor: " + e, pending);
                continue;
            }
            processed.incrementAndGet();
            for (Alert a : out) {
                pending.add(producer.send(new ProducerRecord<>(config.alertsTopic(),
                        a.getAlertId().getBytes(StandardCharsets.UTF_8), alertCodec.encode(a))));
                sink.accept(a);
                alertCount++;
            }
        }
        if (halted || !acknowledged(pending)) {
            return false;
        }
        alerts.addAndGet(alertCount);
        return true;
    }

    private boolean acknowledged(List<Future<RecordMetadata>> pending) {
        try {
            producer.flush();
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
            sink.flush();
            return true;
        } catch (ExecutionException | KafkaException e) {
            LOG.warn("writing alerts failed, batch will be retried: {}", e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, List<Future<RecordMetadata>> pending) {
        if (config.deadLetterTopic().isEmpty()) {
            return;
        }
        ProducerRecord<byte[], byte[]> dl = new ProducerRecord<>(config.deadLetterTopic(), r.key(), r.value());
        String why = reason.length() > 300 ? reason.substring(0, 300) : reason;
        dl.headers().add(ERROR_HEADER, why.getBytes(StandardCharsets.UTF_8));
        dl.headers().add(SOURCE_HEADER, (r.topic() + "-" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8));
        pending.add(producer.send(dl));
        deadLettered.incrementAndGet();
    }

    private void commit(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> l = batch.records(tp);
            offsets.put(tp, new OffsetAndMetadata(l.get(l.size() - 1).offset() + 1));
        }
        try {
            consumer.commitSync(offsets);
            commits.incrementAndGet();
        } catch (CommitFailedException e) {
            // The partitions moved to another member during processing: it will redeliver, ids dedup.
            commitFailures.incrementAndGet();
            LOG.info("commit refused after a rebalance; {} partitions will be redelivered", offsets.size());
        }
    }

    /** Seeks every partition of the batch back to its first record, so the batch is polled again. */
    private void rewind(ConsumerRecords<byte[], byte[]> batch) {
        for (TopicPartition tp : batch.partitions()) {
            if (consumer.assignment().contains(tp)) {
                consumer.seek(tp, batch.records(tp).get(0).offset());
            }
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * The consumer's largest lag in records over its partitions (Kafka's {@code records-lag-max}),
     * or NaN before the first fetch. Kafka's metrics may be read from any thread.
     */
    public double lagMax() {
        for (var e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("records-lag-max") && e.getKey().tags().get("topic") == null) {
                Object v = e.getValue().metricValue();
                if (v instanceof Double d) return d;
            }
        }
        return Double.NaN;
    }

    public IngestStats stats() {
        return new IngestStats(records.get(), processed.get(), undecodable.get(), processorErrors.get(),
                deadLettered.get(), alerts.get(), writeFailures.get(), commits.get(), commitFailures.get());
    }

    /** Decode failures by reason (the codec's counters). */
    public Map<org.stripwatch.schemas.codec.DecodeFailure, Long> decodeFailures() {
        return sessions.failureCounts();
    }

    /**
     * Stops as if the process died: the current batch is abandoned without a commit (its records will be
     * redelivered to whoever owns the partitions next). For tests and emergency stops.
     */
    public void halt() {
        halted = true;
        consumer.wakeup();
    }

    /** Stops the loop (wakeup), waits up to 30 s for it to close the clients. Callable from any thread. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        Thread t = thread;
        if (t == null) {
            closeClients(); // never ran
            return;
        }
        if (t == Thread.currentThread()) {
            return; // called from the processor or sink: the loop closes the clients on its way out
        }
        synchronized (done) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!finished && System.nanoTime() < deadline) {
                try {
                    done.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void closeClients() {
        try {
            consumer.close(halted ? Duration.ZERO : Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("consumer close: {}", e.toString());
        }
        try {
            producer.close(halted ? Duration.ZERO : Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debug("producer close: {}", e.toString());
        }
        synchronized (done) {
            finished = true;
            done.notifyAll();
        }
    }
}
