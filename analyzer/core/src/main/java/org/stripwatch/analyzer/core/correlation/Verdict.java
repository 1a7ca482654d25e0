package org.stripwatch.analyzer.core.correlation;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.schemas.Severity;

/**
 * One conclusion about one session, before it becomes an alert: what, how bad, why (one sentence), the policy
 * that made it matter (or null for a baseline deviation), the findings it rests on and the baseline facts used.
 */
public record Verdict(String type, Severity severity, String reason, Expectation policy, List<String> findingTypes,
                      Map<String, String> evidence, Map<String, String> baseline) {
    public Verdict {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(reason, "reason");
        findingTypes = List.copyOf(findingTypes);
        evidence = Map.copyOf(evidence);
        baseline = Map.copyOf(baseline);
    }

    /** Severity order for choosing the one verdict a session's alert carries. */
    public static int rank(Severity s) {
        return switch (s) {
            case CRITICAL -> 5;
            case HIGH -> 4;
            case MEDIUM -> 3;
            case LOW -> 2;
            case INFO -> 1;
            default -> 0;
        };
    }
}
