/**
 * Kafka to analyzer: {@link org.stripwatch.analyzer.ingest.SessionConsumer} reads the sessions topic as a
 * consumer group (at-least-once, offsets committed after the alerts are acknowledged), runs a
 * {@link org.stripwatch.analyzer.ingest.RecordProcessor} on each record and writes the alerts, whose ids are
 * deterministic ({@link org.stripwatch.analyzer.ingest.AlertIds}) so redelivery never yields a second alert
 * downstream ({@link org.stripwatch.analyzer.ingest.DedupAlertSink}). The embedded mode
 * ({@link org.stripwatch.analyzer.ingest.EmbeddedIngest}) runs the same processor without a broker.
 * Depends on {@code org.stripwatch.schemas} only, never on the sensor.
 *
 * <h2>Plain consumer now, Kafka Streams for the stateful baselines later</h2>
 * The stateless part (policy checks of one session against MTA-STS/DANE/lists) needs nothing Streams
 * offers; a plain consumer is simpler to run, to test and to reason about (one commit point, explicit
 * at-least-once). The per-server baselines (certificate and TLS fingerprints seen for a server over weeks,
 * TLS 1.3 first-flight sizes) are state that must survive restarts and follow a partition when the group
 * rebalances. That is exactly what Streams gives: a {@code KeyValueStore} per partition backed by a compacted
 * changelog topic, restored on the instance that takes the partition over, with exactly-once
 * ({@code processing.guarantee=exactly_once_v2}) tying state, output and offsets together. Rebuilding that on
 * a plain consumer (own changelog, restore on assignment) would re-implement Streams badly. The sessions
 * topic is keyed by receiving server, so its partitioning already matches the baseline key: no repartition.
 *
 * <p>So the design keeps the logic out of the transport: {@code RecordProcessor} is a plain function of a
 * session record. When the baselines arrive, they reach the processor through a small state interface
 * (get/put per server key) with two implementations: an in-memory map (embedded mode and this consumer,
 * where state is rebuilt from the topic on start) and a Streams {@code KeyValueStore} (a
 * {@code Processor<byte[], byte[], byte[], byte[]>} in a one-node topology that decodes with
 * {@code AvroCodec}, calls the same {@code RecordProcessor}, forwards alerts keyed by id). The same processor
 * code then runs embedded, in this consumer and in Streams; topology tests use {@code TopologyTestDriver}.
 * Nothing in this module depends on kafka-streams yet.
 */
package org.stripwatch.analyzer.ingest;
