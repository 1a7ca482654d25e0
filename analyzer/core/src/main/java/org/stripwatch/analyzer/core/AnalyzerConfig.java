package org.stripwatch.analyzer.core;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.stripwatch.analyzer.core.baseline.BaselineConfig;

/**
 * Typed analyzer configuration; every limit is finite and documented.
 *
 * @param baseline        learning rules (warm-up, persistence, influence caps, expiry)
 * @param retryWindow     how long after a tampered TLS attempt a cleartext session from the same client to the same
 *                        server counts as its retry (one incident) [10 min]
 * @param maxPendingAttempts tampered attempts remembered per server for correlation; the oldest is dropped [64]
 * @param recentSessionKeys  session keys remembered per server to recognise a redelivered record [256]
 * @param serverDomains   configured server address (textual IP) to domain map, the last attribution resort
 * @param submissionPorts ports where clients submit mail (RFC 6409): domain MX policies do not apply there [587]
 * @param holdAttempts    false [default]: a tampered attempt's alert is emitted at once and the cleartext retry adds
 *                        the incident alert (same incident_id). true: the attempt's alert is held in the server's state
 *                        until the retry (then only the incident alert is emitted: one line per incident) or until the
 *                        window has passed (seen on the server's next record, or {@link Analyzer#drainHeld()} at the end
 *                        of a replay). Right for replaying files; live, it delays an alert by up to the window.
 */
public record AnalyzerConfig(BaselineConfig baseline, Duration retryWindow, int maxPendingAttempts, int recentSessionKeys,
                             Map<String, String> serverDomains, java.util.Set<Integer> submissionPorts, boolean holdAttempts) {
    public static final AnalyzerConfig DEFAULTS = new AnalyzerConfig(BaselineConfig.DEFAULTS, Duration.ofMinutes(10), 64, 256,
            Map.of(), java.util.Set.of(587), false);

    public AnalyzerConfig {
        Objects.requireNonNull(baseline, "baseline");
        if (retryWindow.isNegative() || retryWindow.isZero()) throw new IllegalArgumentException("retryWindow " + retryWindow);
        if (maxPendingAttempts < 1) throw new IllegalArgumentException("maxPendingAttempts " + maxPendingAttempts);
        if (recentSessionKeys < 1) throw new IllegalArgumentException("recentSessionKeys " + recentSessionKeys);
        serverDomains = Map.copyOf(serverDomains);
        submissionPorts = java.util.Set.copyOf(submissionPorts);
    }

    public AnalyzerConfig withServerDomains(Map<String, String> map) {
        return new AnalyzerConfig(baseline, retryWindow, maxPendingAttempts, recentSessionKeys, map, submissionPorts, holdAttempts);
    }

    public AnalyzerConfig withBaseline(BaselineConfig b) {
        return new AnalyzerConfig(b, retryWindow, maxPendingAttempts, recentSessionKeys, serverDomains, submissionPorts, holdAttempts);
    }

    public AnalyzerConfig withRetryWindow(Duration d) {
        return new AnalyzerConfig(baseline, d, maxPendingAttempts, recentSessionKeys, serverDomains, submissionPorts, holdAttempts);
    }

    public AnalyzerConfig withHoldAttempts(boolean hold) {
        return new AnalyzerConfig(baseline, retryWindow, maxPendingAttempts, recentSessionKeys, serverDomains, submissionPorts, hold);
    }
}
