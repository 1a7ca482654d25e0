package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.stripwatch.analyzer.core.AnalyzerRuntime;
import org.stripwatch.analyzer.ingest.IngestConfig;
import org.stripwatch.analyzer.ingest.SessionConsumer;
import org.stripwatch.analyzer.policy.PolicyLoadException;
import org.stripwatch.sensor.publish.PublisherConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The production analyzer: a consumer-group member reading session records from Kafka, judging them
 * against policies and baselines, writing alerts to the alerts topic and its local outputs. Run
 * several for scale: partitions (one per receiving server's key) are shared among them.
 */
@Command(name = "analyzer", mixinStandardHelpOptions = true,
        description = "Consume session records from Kafka and raise alerts (at-least-once, no duplicate alerts).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch analyzer --kafka 127.0.0.1:9092 --policies /etc/stripwatch/policies --alerts alerts.jsonl",
            "  stripwatch analyzer --kafka k1:9093 --kafka-config client.properties --syslog tcp://siem:6514 --state /var/lib/stripwatch"})
final class AnalyzerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--kafka", required = true, paramLabel = "BOOTSTRAP", description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties passed through verbatim (security.protocol, ssl.*, sasl.*).")
    Path clientConfig;

    @Option(names = "--group", paramLabel = "ID", defaultValue = IngestConfig.DEFAULT_GROUP,
            description = "Consumer group; analyzers in one group share the work (default: ${DEFAULT-VALUE}).")
    String group;

    @Option(names = "--sessions-topic", paramLabel = "TOPIC", defaultValue = PublisherConfig.DEFAULT_SESSIONS_TOPIC,
            description = "Topic of session records (default: ${DEFAULT-VALUE}).")
    String sessionsTopic;

    @Option(names = "--alerts-topic", paramLabel = "TOPIC", defaultValue = IngestConfig.DEFAULT_ALERTS_TOPIC,
            description = "Topic alerts are written to (default: ${DEFAULT-VALUE}).")
    String alertsTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC",
            description = "Where undecodable records go (default: counted and skipped).")
    String deadLetterTopic;

    @Option(names = "--state-topic", paramLabel = "TOPIC", defaultValue = "stripwatch.analyzer-state",
            description = "Compacted changelog through which each server's baseline follows its partition to "
                    + "whichever analyzer owns it (used unless --state DIR is given; default: ${DEFAULT-VALUE}).")
    String stateTopic;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "" + IngestConfig.DEFAULT_MAX_POLL_RECORDS,
            description = "Records processed between offset commits; also the most a crash redelivers "
                    + "(duplicate alerts collapse by id). Larger batches amortise the commit round trips (default: ${DEFAULT-VALUE}).")
    int maxPollRecords;

    @Option(names = "--syslog", paramLabel = "TARGET", description = "Send alerts as RFC 5424 syslog: host:port, udp://host:port or tcp://host:port.")
    String syslog;

    @Mixin
    AlertOptions alerting;

    @Mixin
    MetricsOptions metrics;

    /**
     * SIGHUP re-reads the policies (systemd's ExecReload); a file with errors leaves the previous
     * policies in force and says so, file:line.
     */
    private static void reloadOnSighup(AnalyzerRuntime rt, PrintWriter err) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                AnalyzerRuntime.Reload r = rt.reload();
                synchronized (err) {
                    err.println(r.applied() ? "stripwatch analyzer: policies reloaded"
                            : "stripwatch analyzer: policy reload failed; the previous policies stay in force:");
                    r.problems().forEach(p -> err.println("stripwatch analyzer: " + (r.applied() ? "warning: " : "") + p));
                    err.flush();
                }
            });
        } catch (IllegalArgumentException e) {
            err.println("stripwatch analyzer: warning: SIGHUP reload unavailable: " + e.getMessage());
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (maxPollRecords < 1) {
            err.println("stripwatch analyzer: --max-poll-records: must be at least 1");
            return ExitCodes.USAGE;
        }
        CountDownLatch done = new CountDownLatch(1);
        Metrics exporter = null;
        // A service restarts: the alerts file is appended to, and ids already in it are not written again.
        Map<String, String> clientProps;
        try {
            clientProps = clientConfig == null ? Map.of() : PublisherConfig.loadClientProperties(clientConfig);
        } catch (IOException e) {
            err.println("stripwatch analyzer: --kafka-config " + clientConfig + ": " + e.getMessage());
            return ExitCodes.INPUT;
        }
        org.stripwatch.analyzer.core.AnalyzerOptions options =
                alerting.analyzerOptions(alerting.alerts, syslog, false).withAppendAlerts(true);
        // Kafka mode: baselines follow their partitions (unless a local --state DIR was asked for).
        org.stripwatch.analyzer.core.baseline.StateStore store = alerting.state != null ? null
                : new org.stripwatch.analyzer.core.baseline.KafkaStateStore(bootstrap, stateTopic, sessionsTopic,
                        options.maxServers(), clientProps);
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(options, store)) {
            rt.policyWarnings().forEach(w -> err.println("stripwatch analyzer: warning: " + w));
            reloadOnSighup(rt, err);
            IngestConfig.Builder b = IngestConfig.builder(bootstrap).groupId(group).sessionsTopic(sessionsTopic)
                    .alertsTopic(alertsTopic).maxPollRecords(maxPollRecords).clientProperties(clientProps);
            if (deadLetterTopic != null) b.deadLetterTopic(deadLetterTopic);
            try (SessionConsumer consumer = rt.kafka(b.build())) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    consumer.close();
                    try {
                        done.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                }, "stripwatch-shutdown"));
                if (metrics.enabled()) {
                    exporter = new Metrics()
                            .counter("stripwatch_analyzer_records", "Session records processed.", () -> consumer.stats().processed())
                            .counter("stripwatch_analyzer_undecodable", "Records that could not be decoded.", () -> consumer.stats().undecodable())
                            .gauge("stripwatch_consumer_lag", "Largest consumer lag over the assigned partitions, in records.", consumer::lagMax)
                            .counters("stripwatch_alerts", "Alerts written, by severity.", "severity", () -> {
                                Map<String, Long> bySeverity = new java.util.TreeMap<>();
                                rt.alertsBySeverity().forEach((sev, n) -> bySeverity.put(sev.name().toLowerCase(java.util.Locale.ROOT), n));
                                return bySeverity;
                            })
                            .serve(metrics.bind, metrics.port);
                    err.println("stripwatch analyzer: metrics on http://" + metrics.bind + ":" + exporter.port() + "/metrics");
                }
                err.println("stripwatch analyzer: consuming " + sessionsTopic + " as group " + group + "; Ctrl-C to stop");
                err.flush();
                consumer.run();
                err.println("stripwatch analyzer: " + consumer.stats() + "; " + rt.analyzer().stats());
            }
            return ExitCodes.OK;
        } catch (PolicyLoadException e) {
            return PolicyErrors.print(err, "stripwatch analyzer", e);
        } catch (IllegalArgumentException e) {
            err.println("stripwatch analyzer: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            err.println("stripwatch analyzer: " + e.getMessage());
            return ExitCodes.INPUT;
        } finally {
            if (exporter != null) exporter.close();
            err.flush();
            done.countDown();
        }
    }
}
