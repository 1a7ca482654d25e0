package org.stripwatch.sensor.publish;

import org.stripwatch.schemas.kafka.KafkaNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Configuration of a {@link KafkaPublisher}. Build with {@link #builder(String, String, Path)}; every other
 * value has the documented default.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param sensorId identity written into heartbeats and used as their key
 * @param sessionsTopic default {@value #DEFAULT_SESSIONS_TOPIC}
 * @param heartbeatsTopic default {@value #DEFAULT_HEARTBEATS_TOPIC}
 * @param heartbeatInterval default 30 s; zero disables periodic heartbeats
 * @param compression {@code compression.type}, default {@code zstd} (best ratio on repetitive records; {@code lz4}
 *     is cheaper on CPU)
 * @param linger {@code linger.ms}, default 20 ms: batches fill at sensor rates without visible latency
 * @param batchBytes {@code batch.size}, default 256 KiB
 * @param bufferBytes {@code buffer.memory}, default 32 MiB: what the producer holds in memory before
 *     {@code send} would block; beyond it records go to the spool
 * @param deliveryTimeout {@code delivery.timeout.ms}, default 30 s: after it a record is declared failed and
 *     goes to the spool ({@code request.timeout.ms} is set to half of it)
 * @param maxBlock {@code max.block.ms}, default 1 s: how long {@code send} may block (metadata unknown, buffer
 *     full) before the record goes to the spool instead; keeps the capture thread from stalling
 * @param spool the on-disk spool; two spools live under its directory ({@code main/} and {@code rescue/})
 * @param drainWindow records sent per drain round before waiting for their acknowledgements, default 1000
 * @param drainBackoffMax longest pause between drain attempts while the broker is down, default 5 s
 * @param clientProperties extra producer properties passed verbatim (TLS, SASL, client.id ...), applied last:
 *     they override everything above
 */
public record PublisherConfig(String bootstrapServers, String sensorId, String sessionsTopic, String heartbeatsTopic,
                              Duration heartbeatInterval, String compression, Duration linger, int batchBytes,
                              long bufferBytes, Duration deliveryTimeout, Duration maxBlock, SpoolConfig spool,
                              int drainWindow, Duration drainBackoffMax, Map<String, String> clientProperties) {
    public static final String DEFAULT_SESSIONS_TOPIC = "stripwatch.sessions";
    public static final String DEFAULT_HEARTBEATS_TOPIC = "stripwatch.heartbeats";

    public PublisherConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(sensorId, "sensorId");
        Objects.requireNonNull(sessionsTopic, "sessionsTopic");
        Objects.requireNonNull(heartbeatsTopic, "heartbeatsTopic");
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(linger, "linger");
        Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
        Objects.requireNonNull(maxBlock, "maxBlock");
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(drainBackoffMax, "drainBackoffMax");
        clientProperties = Map.copyOf(clientProperties);
        KafkaNames.bootstrap(bootstrapServers);
        KafkaNames.topic("sessions", sessionsTopic);
        KafkaNames.topic("heartbeats", heartbeatsTopic);
        if (sensorId.isBlank()) throw new IllegalArgumentException("sensor id must not be empty");
        if (batchBytes <= 0 || bufferBytes <= 0 || drainWindow <= 0) {
            throw new IllegalArgumentException("batchBytes, bufferBytes and drainWindow must be positive");
        }
        if (deliveryTimeout.toMillis() < 2 || heartbeatInterval.isNegative()) {
            throw new IllegalArgumentException("deliveryTimeout too small or negative heartbeatInterval");
        }
    }

    public static Builder builder(String bootstrapServers, String sensorId, Path spoolDir) {
        return new Builder(bootstrapServers, sensorId, spoolDir);
    }

    /**
     * Reads a Java properties file (e.g. {@code security.protocol}, {@code ssl.truststore.location},
     * {@code sasl.jaas.config}) for {@link Builder#clientProperties}.
     */
    public static Map<String, String> loadClientProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private final String bootstrapServers;
        private final String sensorId;
        private String sessionsTopic = DEFAULT_SESSIONS_TOPIC;
        private String heartbeatsTopic = DEFAULT_HEARTBEATS_TOPIC;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private String compression = "zstd";
        private Duration linger = Duration.ofMillis(20);
        private int batchBytes = 256 * 1024;
        private long bufferBytes = 32L << 20;
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Duration maxBlock = Duration.ofSeconds(1);
        private SpoolConfig spool;
        private int drainWindow = 1000;
        private Duration drainBackoffMax = Duration.ofSeconds(5);
        private Map<String, String> clientProperties = Map.of();

        private Builder(String bootstrapServers, String sensorId, Path spoolDir) {
            this.bootstrapServers = bootstrapServers;
            this.sensorId = sensorId;
            this.spool = SpoolConfig.defaults(spoolDir);
        }

        public Builder sessionsTopic(String t) { this.sessionsTopic = t; return this; }
        public Builder heartbeatsTopic(String t) { this.heartbeatsTopic = t; return this; }
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        public Builder compression(String c) { this.compression = c; return this; }
        public Builder linger(Duration d) { this.linger = d; return this; }
        public Builder batchBytes(int b) { this.batchBytes = b; return this; }
        public Builder bufferBytes(long b) { this.bufferBytes = b; return this; }
        public Builder deliveryTimeout(Duration d) { this.deliveryTimeout = d; return this; }
        public Builder maxBlock(Duration d) { this.maxBlock = d; return this; }
        public Builder spool(SpoolConfig s) { this.spool = s; return this; }
        public Builder drainWindow(int n) { this.drainWindow = n; return this; }
        public Builder drainBackoffMax(Duration d) { this.drainBackoffMax = d; return this; }
        public Builder clientProperties(Map<String, String> p) { this.clientProperties = p; return this; }

        public PublisherConfig build() {
            return new PublisherConfig(bootstrapServers, sensorId, sessionsTopic, heartbeatsTopic, heartbeatInterval,
                    compression, linger, batchBytes, bufferBytes, deliveryTimeout, maxBlock, spool, drainWindow,
                    drainBackoffMax, clientProperties);
        }
    }
}
