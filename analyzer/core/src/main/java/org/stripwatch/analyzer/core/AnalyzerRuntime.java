package org.stripwatch.analyzer.core;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.analyzer.core.alert.JsonlAlertSink;
import org.stripwatch.analyzer.core.alert.SyslogFormatter;
import org.stripwatch.analyzer.core.alert.SyslogSender;
import org.stripwatch.analyzer.core.baseline.FileStateStore;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.analyzer.core.baseline.StateStore;
import org.stripwatch.analyzer.ingest.AlertDeduplicator;
import org.stripwatch.analyzer.ingest.AlertSink;
import org.stripwatch.analyzer.ingest.DedupAlertSink;
import org.stripwatch.analyzer.ingest.EmbeddedIngest;
import org.stripwatch.analyzer.ingest.IngestConfig;
import org.stripwatch.analyzer.ingest.SessionConsumer;
import org.stripwatch.analyzer.policy.LoadResult;
import org.stripwatch.analyzer.policy.ParseProblem;
import org.stripwatch.analyzer.policy.PolicyLoadException;
import org.stripwatch.analyzer.policy.PolicyLoader;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;

/**
 * Everything the command line needs, wired: policies loaded (errors name file and line), the state store (file or
 * memory), the analyzer, and the local outputs (deduplicated JSON lines and syslog). The local sink's
 * {@code flush()} also writes the state file (at most every {@code stateFlushInterval}), so the Kafka consumer,
 * which commits offsets only after {@code flush()}, never commits past state it has not saved.
 *
 * <pre>{@code
 * // replay (embedded)
 * try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(policyDirs, "-", stateDirOrNull, null))) {
 *     rt.policyWarnings().forEach(System.err::println);
 *     EmbeddedIngest ingest = rt.embedded();
 *     pipeline.onSession(avroRecord -> ingest.accept(avroRecord));   // AvroMapper output
 *     ...
 * }                                                                 // close(): flush outputs, save state
 * // analyzer (Kafka)
 * try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(policyDirs, alertsFile, stateDir, "tcp://siem:6514"));
 *      SessionConsumer c = rt.kafka(IngestConfig.builder(bootstrap).build())) {
 *     c.run();                                                      // until halt()
 * }
 * }</pre>
 */
public final class AnalyzerRuntime implements AutoCloseable {
    private final Analyzer analyzer;
    private final List<java.nio.file.Path> policyPaths;
    private final StateStore state;
    private final List<String> warnings;
    private final List<Closeable> outputs = new ArrayList<>();
    private final AlertSink sink;
    private final long flushIntervalNanos;
    private long lastStateFlush = System.nanoTime();
    private final java.util.Map<org.stripwatch.schemas.Severity, Long> bySeverity =
            java.util.Collections.synchronizedMap(new java.util.EnumMap<>(org.stripwatch.schemas.Severity.class));

    private AnalyzerRuntime(Analyzer analyzer, List<java.nio.file.Path> policyPaths, StateStore state, List<String> warnings,
                            List<AlertSink> sinks, long flushIntervalNanos, AlertDeduplicator dedup) {
        this.analyzer = analyzer;
        this.policyPaths = List.copyOf(policyPaths);
        this.state = state;
        this.warnings = List.copyOf(warnings);
        this.flushIntervalNanos = flushIntervalNanos;
        AlertSink fanOut = new AlertSink() {
            @Override
            public void accept(Alert a) {
                bySeverity.merge(a.getSeverity(), 1L, Long::sum);
                for (AlertSink s : sinks) s.accept(a);
            }

            @Override
            public void flush() {
                for (AlertSink s : sinks) s.flush();
                flushStateIfDue(false);
            }
        };
        this.sink = new DedupAlertSink(fanOut, dedup);
    }

    /** Loads the policies (a file with errors fails the whole start: {@link PolicyLoadException}, one "file:line: problem" per line). */
    public static AnalyzerRuntime open(AnalyzerOptions o) throws IOException, PolicyLoadException {
        return open(o, null);
    }

    /**
     * As {@link #open(AnalyzerOptions)}, with the per-server state in {@code store} (Kafka mode: a
     * {@link org.stripwatch.analyzer.core.baseline.KafkaStateStore} that follows the partitions).
     */
    public static AnalyzerRuntime open(AnalyzerOptions o, StateStore store) throws IOException, PolicyLoadException {
        PolicyStore policies = PolicyStore.empty();
        List<String> warnings = new ArrayList<>();
        if (!o.policyPaths().isEmpty()) {
            LoadResult r = new PolicyLoader().load(o.policyPaths());
            for (ParseProblem p : r.warnings()) warnings.add(p.toString());
            policies = r.orThrow();
        }
        StateStore state = store != null ? store : o.stateDir() == null ? new InMemoryStateStore(o.maxServers())
                : FileStateStore.open(o.stateDir(), o.maxServers(), o.config().baseline().serverExpiry());
        Analyzer analyzer = new Analyzer(policies, state, o.config());
        List<AlertSink> sinks = new ArrayList<>();
        List<Closeable> closeables = new ArrayList<>();
        AlertDeduplicator dedup = new AlertDeduplicator();
        try {
            if (o.alerts() != null) {
                if (o.appendAlerts() && !o.alerts().equals("-")) {
                    // A restart re-reads what was not committed: alerts already in the file are not written again.
                    for (String id : JsonlAlertSink.existingIds(Path.of(o.alerts()), dedup.capacity())) dedup.firstTime(id);
                }
                JsonlAlertSink j = JsonlAlertSink.open(o.alerts(), o.minSeverity(), o.appendAlerts());
                sinks.add(j);
                closeables.add(j);
            }
            if (o.syslog() != null) {
                SyslogSender s = SyslogSender.parse(o.syslog(), SyslogFormatter.defaults());
                sinks.add(a -> {
                    if (a.getSeverity().ordinal() >= o.minSeverity().ordinal()) s.accept(a);
                });
                closeables.add(s);
            }
        } catch (IOException | RuntimeException e) {
            for (Closeable c : closeables) c.close();
            throw e;
        }
        AnalyzerRuntime rt = new AnalyzerRuntime(analyzer, o.policyPaths(), state, warnings, sinks, o.stateFlushInterval().toNanos(),
                dedup);
        rt.outputs.addAll(closeables);
        return rt;
    }

    public Analyzer analyzer() {
        return analyzer;
    }

    /** Alerts written to the local outputs so far (after deduplication), by severity. */
    public java.util.Map<org.stripwatch.schemas.Severity, Long> alertsBySeverity() {
        synchronized (bySeverity) {
            java.util.Map<org.stripwatch.schemas.Severity, Long> copy =
                    new java.util.EnumMap<>(org.stripwatch.schemas.Severity.class);
            copy.putAll(bySeverity);
            return copy;
        }
    }

    /**
     * The outcome of {@link #reload()}.
     *
     * @param applied  whether the new policies are in force
     * @param problems errors (when not applied) and warnings, one {@code file:line: problem} each
     */
    public record Reload(boolean applied, List<String> problems) {
        public Reload {
            problems = List.copyOf(problems);
        }
    }

    /**
     * Reads the policy files and directories of the start again (an operator edited them; SIGHUP). If any
     * file has an error, nothing changes: the last good policies stay in force, the failure is counted
     * ({@link AnalyzerStats#policyReloadFailures()}) and every error is returned as {@code file:line: problem}.
     * An unreadable path is an error of the same kind. Never throws for bad input.
     */
    public Reload reload() {
        if (policyPaths.isEmpty()) return new Reload(true, List.of());
        LoadResult r;
        try {
            r = new PolicyLoader().load(policyPaths);
        } catch (RuntimeException e) { // the loader reports bad files as problems; this is a bug, kept out of the way
            analyzer.stats().policyReloadFailures.incrementAndGet();
            return new Reload(false, List.of(policyPaths + ": " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        for (ParseProblem p : r.problems()) problems.add(p.toString());
        if (!r.ok()) {
            analyzer.stats().policyReloadFailures.incrementAndGet();
            return new Reload(false, problems);
        }
        analyzer.replacePolicies(r.store());
        analyzer.stats().policyReloads.incrementAndGet();
        return new Reload(true, problems);
    }

    /** Policy warnings (ignored extension keys, PKIX TLSA usages, ...), one "file:line: ..." each. */
    public List<String> policyWarnings() {
        return warnings;
    }

    /** The deduplicated local outputs; {@code flush()} also saves the state when due. */
    public AlertSink sink() {
        return sink;
    }

    /** The embedded path for {@code replay}: give it every session record (Avro, from the sensor's AvroMapper). */
    public EmbeddedIngest embedded() {
        return new EmbeddedIngest(analyzer, sink);
    }

    /** The Kafka path: a consumer group member running this analyzer; alerts go to the alerts topic and to {@link #sink()}. */
    public SessionConsumer kafka(IngestConfig config) {
        SessionConsumer c = new SessionConsumer(config, analyzer, sink);
        if (state instanceof org.stripwatch.analyzer.core.baseline.KafkaStateStore k) {
            c.onRebalance(new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(java.util.Collection<org.apache.kafka.common.TopicPartition> parts) {
                    k.revoked(parts);
                }

                @Override
                public void onPartitionsAssigned(java.util.Collection<org.apache.kafka.common.TopicPartition> parts) {
                    k.assigned(parts);
                }
            });
        }
        return c;
    }

    private synchronized void flushStateIfDue(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastStateFlush < flushIntervalNanos) return;
        lastStateFlush = now;
        try {
            analyzer.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Emits still-held attempt alerts ({@link AnalyzerConfig#holdAttempts()}), flushes the outputs, saves the state, closes everything. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        try {
            for (Alert a : analyzer.drainHeld()) sink.accept(a); // holdAttempts: attempts never retried
            sink.flush();
            flushStateIfDue(true);
        } catch (RuntimeException e) {
            first = new IOException(e.getMessage(), e);
        }
        for (Closeable c : outputs) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        try {
            state.close();
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (first != null) throw first;
    }
}
