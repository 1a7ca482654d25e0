package org.stripwatch.analyzer.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.stripwatch.schemas.Severity;

/**
 * What the command line gives the analyzer ({@code replay ... --policies DIR --alerts FILE|- [--state DIR]},
 * {@code analyzer --kafka ... --syslog host:port}).
 *
 * @param policyPaths   policy files and directories ({@code --policies}, repeatable); empty = no policies
 * @param alerts        JSON lines target: a file, {@code "-"} for stdout, or null for none ({@code --alerts})
 * @param stateDir      directory of the persistent baseline file, or null for memory only ({@code --state})
 * @param syslog        {@code host:port}, {@code udp://host:port} or {@code tcp://host:port}, or null ({@code --syslog})
 * @param minSeverity   alerts below this are not written to the JSON lines or syslog (Kafka gets all) [INFO]
 * @param stateFlushInterval shortest time between two writes of the state file while running [10 s]
 * @param maxServers    servers kept in the state store (LRU) [100 000]
 * @param config        analyzer configuration
 * @param appendAlerts  append to an existing alerts file instead of replacing it, and never write an alert id it
 *                      already holds (the long-running analyzer: a restart after a crash re-reads uncommitted
 *                      records, and must neither lose the alerts written before nor repeat them) [false: replay]
 */
public record AnalyzerOptions(List<Path> policyPaths, String alerts, Path stateDir, String syslog, Severity minSeverity,
                              Duration stateFlushInterval, int maxServers, AnalyzerConfig config,
                              boolean appendAlerts) {
    public AnalyzerOptions {
        policyPaths = List.copyOf(policyPaths);
        Objects.requireNonNull(minSeverity, "minSeverity");
        Objects.requireNonNull(stateFlushInterval, "stateFlushInterval");
        Objects.requireNonNull(config, "config");
        if (maxServers < 1) throw new IllegalArgumentException("maxServers " + maxServers);
    }

    public static AnalyzerOptions of(List<Path> policyPaths, String alerts, Path stateDir, String syslog) {
        return new AnalyzerOptions(policyPaths, alerts, stateDir, syslog, Severity.INFO, Duration.ofSeconds(10), 100_000, AnalyzerConfig.DEFAULTS,
                false);
    }

    public AnalyzerOptions withMinSeverity(Severity s) {
        return new AnalyzerOptions(policyPaths, alerts, stateDir, syslog, s, stateFlushInterval, maxServers, config, appendAlerts);
    }

    public AnalyzerOptions withConfig(AnalyzerConfig c) {
        return new AnalyzerOptions(policyPaths, alerts, stateDir, syslog, minSeverity, stateFlushInterval, maxServers, c, appendAlerts);
    }

    public AnalyzerOptions withAppendAlerts(boolean append) {
        return new AnalyzerOptions(policyPaths, alerts, stateDir, syslog, minSeverity, stateFlushInterval, maxServers, config,
                append);
    }
}
