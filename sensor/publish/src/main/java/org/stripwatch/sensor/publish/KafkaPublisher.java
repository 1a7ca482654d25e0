package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stripwatch.schemas.Heartbeat;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.codec.AvroCodec;

/**
 * Publishes the sensor's session records and heartbeats to Kafka, and never loses one to a broker outage
 * while the spool has room.
 *
 * <p><b>Producer.</b> Idempotent, {@code acks=all}, compressed, batched ({@link PublisherConfig}). Session
 * records are keyed by the receiving server's raw IP bytes, so the default partitioner puts all of one
 * server's records on one partition (per-server baselines stay in one analyzer instance); heartbeats are
 * keyed by sensor id. Values are Avro single-object encoded ({@link AvroCodec}).
 *
 * <p><b>Two modes.</b> <i>Direct</i>: {@link #publish} hands the record to the producer. When a send fails
 * (broker unreachable: metadata or delivery timeout; slow: buffer full beyond {@code max.block.ms}) the
 * publisher switches to <i>spooling</i>: new records go to the {@code main} spool on disk, and records that
 * were already in the producer when the failure surfaced go, as their callbacks fail, to a separate
 * {@code rescue} spool. A drain thread sends the rescue spool first (once no direct send is pending), then
 * the main spool, acknowledging spool records only after the broker acknowledged them, and returns to
 * direct mode when both are empty. Both spools survive a restart and are drained first.
 *
 * <p><b>Guarantees.</b> At-least-once: a record is either acknowledged by the broker, on disk in a spool,
 * or counted as dropped (spool full) or rejected (the broker refuses the record itself: too large, invalid). Duplicates are possible after failures and restarts (downstream
 * deduplicates by the deterministic alert id). <b>Order per key</b> (per partition) is kept: records
 * accepted before an outage was detected are re-sent (from {@code rescue}) before any record accepted
 * after it (from {@code main}), and the producer's callbacks for one partition fire in send order. One
 * exception, inherent to Kafka's delivery timeout: a record of the producer's in-flight window that the
 * broker still acknowledged while an earlier one of the same partition timed out precedes that earlier
 * record. There is no order across keys.
 *
 * <p>{@link #publish} never throws for broker or disk trouble and blocks at most {@code max.block.ms}.
 */
public final class KafkaPublisher implements AutoCloseable {
    /** Spool stream id of session records. */
    public static final byte STREAM_SESSIONS = 0;
    /** Spool stream id of heartbeats. */
    public static final byte STREAM_HEARTBEATS = 1;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);

    private final PublisherConfig config;
    private final Producer<byte[], byte[]> producer;
    private final DiskSpool main;
    private final DiskSpool rescue;
    private final AvroCodec<SessionRecord> sessionCodec = AvroCodec.sessions();
    private final AvroCodec<Heartbeat> heartbeatCodec = AvroCodec.heartbeats();
    private final Object modeLock = new Object();
    private final Object drainSignal = new Object();
    private final Thread drainer;
    private final ScheduledExecutorService heartbeats;
    private final Instant started = Instant.now();
    private volatile boolean spooling;
    private volatile boolean running = true;

    private final AtomicLong directInFlight = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicLong drained = new AtomicLong();
    private final AtomicLong heartbeatsSent = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    /** Creates a publisher with a real {@link KafkaProducer}. */
    public static KafkaPublisher create(PublisherConfig config) throws IOException {
        return new KafkaPublisher(config, new KafkaProducer<>(producerProperties(config),
                new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** With a given producer (tests: {@code MockProducer}). Opens or recovers the spools. */
    public KafkaPublisher(PublisherConfig config, Producer<byte[], byte[]> producer) throws IOException {
        this.config = Objects.requireNonNull(config, "config");
        this.producer = Objects.requireNonNull(producer, "producer");
        SpoolConfig sc = config.spool();
        // The rescue spool holds at most what the producer had in flight (buffer.memory), so it shares the bound.
        this.main = DiskSpool.open(sc.withDir(sc.dir().resolve("main")));
        this.rescue = DiskSpool.open(sc.withDir(sc.dir().resolve("rescue")));
        this.spooling = !main.isEmpty() || !rescue.isEmpty();
        if (spooling) {
            LOG.info("spool {} holds {} records from a previous run; sending them first",
                    sc.dir(), main.records() + rescue.records());
        }
        this.drainer = new Thread(this::drainLoop, "stripwatch-spool-drain");
        drainer.setDaemon(true);
        drainer.start();
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stripwatch-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** The producer properties this publisher uses (defaults, then {@code clientProperties} verbatim). */
    public static Map<String, Object> producerProperties(PublisherConfig c) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // <= 5 keeps order with idempotence
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, c.compression());
        p.put(ProducerConfig.LINGER_MS_CONFIG, (int) c.linger().toMillis());
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, c.batchBytes());
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, c.bufferBytes());
        long delivery = c.deliveryTimeout().toMillis();
        long request = Math.max(1, (delivery - c.linger().toMillis()) / 2);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, request));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, c.maxBlock().toMillis());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "stripwatch-sensor-" + c.sensorId());
        p.putAll(c.clientProperties());
        return p;
    }

    /** Publishes one session record, keyed by its receiving server's IP. */
    public void publish(SessionRecord session) {
        byte[] value = sessionCodec.encode(session);
        publish(STREAM_SESSIONS, bytes(session.getServerIp()), value);
    }

    /**
     * Publishes one heartbeat, keyed by sensor id. The spool and publish counters of this publisher are
     * written into it (the caller fills the capture counters).
     */
    public void publish(Heartbeat heartbeat) {
        Heartbeat h = Heartbeat.newBuilder(heartbeat)
                .setSpoolRecords(main.records() + rescue.records())
                .setSpoolBytes(main.bytes() + rescue.bytes())
                .setSpoolDroppedRecords(main.droppedRecords() + rescue.droppedRecords())
                .setPublishFailures(sendFailures.get())
                .build();
        publish(STREAM_HEARTBEATS, h.getSensorId().getBytes(StandardCharsets.UTF_8), heartbeatCodec.encode(h));
        heartbeatsSent.incrementAndGet();
    }

    /**
     * Starts publishing {@code source.get()} every {@link PublisherConfig#heartbeatInterval()} (no-op when it
     * is zero). The supplier is called on the heartbeat thread; an exception from it is logged and skipped.
     */
    public void startHeartbeats(Supplier<Heartbeat> source) {
        long ms = config.heartbeatInterval().toMillis();
        if (ms <= 0) {
            return;
        }
        heartbeats.scheduleAtFixedRate(() -> {
            try {
                publish(source.get());
            } catch (RuntimeException e) {
                LOG.warn("heartbeat skipped: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** A heartbeat with this publisher's own fields and the given capture counters (for {@link #startHeartbeats}). */
    public Heartbeat heartbeat(long packets, long drops, long flows, long sessions, long findings, Map<String, Long> counters) {
        return Heartbeat.newBuilder().setSensorId(config.sensorId()).setTime(Instant.now()).setStarted(started)
                .setPackets(packets).setDrops(drops).setFlows(flows).setSessions(sessions).setFindings(findings)
                .setCounters(counters).build();
    }

    public PublisherStats stats() {
        return new PublisherStats(spooling, acked.get(), sendFailures.get(), spooled.get(), drained.get(),
                directInFlight.get(), main.records() + rescue.records(), main.bytes() + rescue.bytes(),
                main.droppedRecords() + rescue.droppedRecords(), main.tornRecords() + rescue.tornRecords(),
                heartbeatsSent.get(), rejected.get());
    }

    // ---------------------------------------------------------------- direct path

    private void publish(byte stream, byte[] key, byte[] value) {
        synchronized (modeLock) {
            if (spooling || !running) {
                toSpool(main, stream, key, value);
                return;
            }
            directInFlight.incrementAndGet();
        }
        DirectCallback cb = new DirectCallback(stream, key, value);
        try {
            producer.send(new ProducerRecord<>(topic(stream), key, value), cb);
        } catch (RuntimeException e) {
            // KafkaProducer reports most problems through the callback; anything thrown here
            // (producer closed, interrupted) is a failure of this record all the same.
            cb.onCompletion(null, e);
        }
    }

    /** Failure handling of one directly sent record. */
    private final class DirectCallback implements Callback {
        private final Thread caller = Thread.currentThread();
        private final byte stream;
        private final byte[] key;
        private final byte[] value;

        DirectCallback(byte stream, byte[] key, byte[] value) {
            this.stream = stream;
            this.key = key;
            this.value = value;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                acked.incrementAndGet();
            } else if (rejected(e)) {
                reject(e);
            } else {
                sendFailures.incrementAndGet();
                enterSpooling(e);
                // Called inside send() on the caller's thread (metadata/buffer timeout): this record came
                // after everything in flight, so it belongs at the end of main. Called by the I/O thread:
                // it was in flight, so it goes to rescue, which is sent before main.
                toSpool(Thread.currentThread() == caller ? main : rescue, stream, key, value);
            }
            if (directInFlight.decrementAndGet() == 0) {
                signalDrainer();
            }
        }
    }

    /**
     * Errors about the record itself (too large for the broker, invalid): retrying cannot help, and
     * spooling it would block the spool forever. Everything else (timeouts, unreachable broker, even
     * authorization: an operator can fix it) is retried from the spool.
     */
    static boolean rejected(Throwable e) {
        return e instanceof RecordTooLargeException || e instanceof InvalidRecordException
                || e instanceof SerializationException;
    }

    private void reject(Throwable e) {
        long n = rejected.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOG.error("Kafka rejected a record ({}); dropped, {} so far", e.toString(), n);
        }
    }

    private void enterSpooling(Exception cause) {
        synchronized (modeLock) {
            if (!spooling) {
                spooling = true;
                LOG.warn("Kafka send failed ({}); spooling to {} until the broker is back", cause.toString(),
                        config.spool().dir());
            }
        }
        signalDrainer();
    }

    private void toSpool(DiskSpool spool, byte stream, byte[] key, byte[] value) {
        if (spool.append(stream, key, value)) {
            spooled.incrementAndGet();
        }
        signalDrainer();
    }

    // ---------------------------------------------------------------- drain path

    private void drainLoop() {
        long backoff = 100;
        while (running) {
            if (!spooling || directInFlight.get() > 0) {
                await(200);
                continue;
            }
            DiskSpool src = rescue.isEmpty() ? main : rescue;
            if (src.isEmpty()) {
                maybeLeaveSpooling();
                continue;
            }
            if (drainRound(src)) {
                backoff = 100;
            } else {
                await(backoff);
                backoff = Math.min(backoff * 2, config.drainBackoffMax().toMillis());
            }
        }
    }

    private void maybeLeaveSpooling() {
        synchronized (modeLock) {
            if (main.isEmpty() && rescue.isEmpty() && directInFlight.get() == 0) {
                spooling = false;
                LOG.info("spool drained; publishing directly again");
                return;
            }
        }
    }

    /** Sends up to drainWindow records, commits the acknowledged prefix; false when a send failed. */
    private boolean drainRound(DiskSpool src) {
        List<SpoolRecord> sent = new ArrayList<>();
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        SpoolRecord r;
        while (sent.size() < config.drainWindow() && (r = src.next()) != null) {
            if (sent.isEmpty() && !metadataAvailable(topic(r.stream()))) {
                src.rewind();
                return false;
            }
            sent.add(r);
            Future<RecordMetadata> f;
            try {
                f = producer.send(new ProducerRecord<>(topic(r.stream()), r.key(), r.value()));
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            futures.add(f);
            if (f.isDone() && failed(f)) {
                // Failed inside send (metadata, buffer): sending the rest of the window now would only
                // put later records ahead of this one and duplicate them on the retry.
                break;
            }
        }
        SpoolRecord lastOk = null;
        boolean ok = true;
        for (int i = 0; i < futures.size(); i++) {
            try {
                futures.get(i).get();
                lastOk = sent.get(i);
            } catch (ExecutionException e) {
                if (rejected(e.getCause())) {
                    reject(e.getCause()); // this record can never be sent: skip it, not the whole spool
                    lastOk = sent.get(i);
                    continue;
                }
                ok = false;
                sendFailures.incrementAndGet();
                LOG.debug("drain send failed: {}", e.getCause().toString());
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ok = false;
                break;
            }
        }
        if (lastOk != null) {
            src.commit(lastOk);
            drained.addAndGet(lastOk.seq() - sent.get(0).seq() + 1);
        }
        if (!ok) {
            src.rewind();
        }
        return ok;
    }

    /** True when the producer knows the topic's partitions (waits up to max.block.ms): the broker is back. */
    private boolean metadataAvailable(String topic) {
        try {
            producer.partitionsFor(topic);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("broker still unavailable for {}: {}", topic, e.toString());
            return false;
        }
    }

    private static boolean failed(Future<RecordMetadata> f) {
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private void await(long ms) {
        synchronized (drainSignal) {
            try {
                drainSignal.wait(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void signalDrainer() {
        synchronized (drainSignal) {
            drainSignal.notifyAll();
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops heartbeats and draining, gives the producer up to {@code timeout} to deliver what it holds
     * (what it cannot deliver is spooled by the failing callbacks), then closes the spools. Records still
     * in a spool are sent by the next publisher opened on the same directory.
     */
    public void close(Duration timeout) {
        heartbeats.shutdownNow();
        synchronized (modeLock) {
            running = false;
        }
        signalDrainer();
        try {
            drainer.join(Math.max(1, timeout.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
        main.close();
        rescue.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }

    private String topic(byte stream) {
        return stream == STREAM_HEARTBEATS ? config.heartbeatsTopic() : config.sessionsTopic();
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
