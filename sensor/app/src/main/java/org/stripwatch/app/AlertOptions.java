package org.stripwatch.app;

import java.nio.file.Path;
import java.util.List;
import org.stripwatch.analyzer.core.AnalyzerConfig;
import org.stripwatch.analyzer.core.AnalyzerOptions;
import org.stripwatch.analyzer.core.baseline.BaselineConfig;
import org.stripwatch.schemas.Severity;
import picocli.CommandLine.Option;

/** The analyzer's options, shared by {@code replay} (embedded) and {@code analyzer} (Kafka). */
final class AlertOptions {
    @Option(names = "--policies", paramLabel = "PATH", split = ",",
            description = "Expected-policy files or directories: MTA-STS (*.mta-sts.txt), DANE TLSA (*.zone, *.tlsa), "
                    + "STARTTLS-Everywhere (*.json), Postfix tls_policy, stripwatch *.policy.")
    List<Path> policies = List.of();

    @Option(names = "--alerts", paramLabel = "FILE", description = "Write alerts as JSON lines to FILE, or - for stdout.")
    String alerts;

    @Option(names = "--state", paramLabel = "DIR",
            description = "Keep the learned per-server baselines in DIR across runs (default: in memory only).")
    Path state;

    @Option(names = "--min-severity", paramLabel = "LEVEL", defaultValue = "LOW",
            description = "Lowest severity written: INFO, LOW, MEDIUM, HIGH, CRITICAL (default: ${DEFAULT-VALUE}).")
    Severity minSeverity;

    @Option(names = "--learn-fast",
            description = "Baselines learn within minutes (for replaying short captures). Without poisoning "
                    + "resistance: never use on live traffic.")
    boolean learnFast;

    boolean enabled() {
        return alerts != null || !policies.isEmpty() || state != null;
    }

    AnalyzerOptions analyzerOptions(String alertsTarget, String syslog, boolean holdAttempts) {
        AnalyzerConfig c = AnalyzerConfig.DEFAULTS.withHoldAttempts(holdAttempts);
        if (learnFast) c = c.withBaseline(BaselineConfig.SHORT_CAPTURES);
        return AnalyzerOptions.of(policies, alertsTarget, state, syslog).withConfig(c).withMinSeverity(minSeverity);
    }
}
