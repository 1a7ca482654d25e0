package org.stripwatch.analyzer.ingest;

import org.stripwatch.schemas.kafka.KafkaNames;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link SessionConsumer}. Build with {@link #builder(String)}; every other value has the
 * documented default.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param groupId consumer group, default {@value #DEFAULT_GROUP}: analyzers in one group share the partitions
 * @param sessionsTopic default {@code stripwatch.sessions}
 * @param alertsTopic default {@value #DEFAULT_ALERTS_TOPIC}; keyed by alert id (make it compacted and
 *     duplicates from redelivery collapse in the log too)
 * @param deadLetterTopic where undecodable records and records the processor failed on go, with the reason in
 *     header {@code stripwatch.error}; empty (the default) counts and skips them only
 * @param pollTimeout {@code poll} timeout, default 500 ms (also the shutdown latency bound without wakeup)
 * @param maxPollRecords {@code max.poll.records}, default {@value #DEFAULT_MAX_POLL_RECORDS}: the most records processed
 *     between commits, so also the most a crash redelivers (duplicates collapse by alert id). Each batch ends
 *     with two broker round trips (alert acknowledgements, then {@code commitSync}); with Kafka's default of
 *     500 those waits held one analyzer near 90 k records/s, with 5,000 it passes 100 k (ops/bench/run --kafka)
 * @param retryBackoffMax longest pause before retrying a batch whose alerts could not be written, default 5 s
 * @param clientProperties passed verbatim to consumer and producer (TLS, SASL), applied last
 */
public record IngestConfig(String bootstrapServers, String groupId, String sessionsTopic, String alertsTopic,
                           String deadLetterTopic, Duration pollTimeout, int maxPollRecords, Duration retryBackoffMax,
                           Map<String, String> clientProperties) {
    public static final String DEFAULT_GROUP = "stripwatch-analyzer";
    public static final String DEFAULT_SESSIONS_TOPIC = "stripwatch.sessions";
    public static final String DEFAULT_ALERTS_TOPIC = "stripwatch.alerts";
    public static final int DEFAULT_MAX_POLL_RECORDS = 5000;

    public IngestConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(sessionsTopic, "sessionsTopic");
        Objects.requireNonNull(alertsTopic, "alertsTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        clientProperties = Map.copyOf(clientProperties);
        KafkaNames.bootstrap(bootstrapServers);
        KafkaNames.topic("sessions", sessionsTopic);
        KafkaNames.topic("alerts", alertsTopic);
        if (!deadLetterTopic.isEmpty()) KafkaNames.topic("dead-letter", deadLetterTopic); // "" = none
        if (groupId.isBlank()) throw new IllegalArgumentException("consumer group id must not be empty");
        if (maxPollRecords <= 0 || pollTimeout.isNegative() || retryBackoffMax.isNegative()) {
            throw new IllegalArgumentException("maxPollRecords must be positive, durations not negative");
        }
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public static final class Builder {
        private final String bootstrapServers;
        private String groupId = DEFAULT_GROUP;
        private String sessionsTopic = DEFAULT_SESSIONS_TOPIC;
        private String alertsTopic = DEFAULT_ALERTS_TOPIC;
        private String deadLetterTopic = "";
        private Duration pollTimeout = Duration.ofMillis(500);
        private int maxPollRecords = DEFAULT_MAX_POLL_RECORDS;
        private Duration retryBackoffMax = Duration.ofSeconds(5);
        private Map<String, String> clientProperties = Map.of();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        public Builder groupId(String g) { this.groupId = g; return this; }
        public Builder sessionsTopic(String t) { this.sessionsTopic = t; return this; }
        public Builder alertsTopic(String t) { this.alertsTopic = t; return this; }
        public Builder deadLetterTopic(String t) { this.deadLetterTopic = t; return this; }
        public Builder pollTimeout(Duration d) { this.pollTimeout = d; return this; }
        public Builder maxPollRecords(int n) { this.maxPollRecords = n; return this; }
        public Builder retryBackoffMax(Duration d) { this.retryBackoffMax = d; return this; }
        public Builder clientProperties(Map<String, String> p) { this.clientProperties = p; return this; }

        public IngestConfig build() {
            return new IngestConfig(bootstrapServers, groupId, sessionsTopic, alertsTopic, deadLetterTopic, pollTimeout,
                    maxPollRecords, retryBackoffMax, clientProperties);
        }
    }
}
