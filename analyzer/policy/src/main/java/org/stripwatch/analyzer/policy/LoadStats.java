package org.stripwatch.analyzer.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of one load: files read and skipped, expectations kept, zone records of other types,
 * and how often each problem kind (including each limit) occurred.
 */
public record LoadStats(int filesRead, int filesIgnored, int expectations, int tlsaRecords, int otherZoneRecords,
                        int errors, int warnings, Map<ProblemKind, Long> problemCounts) {
    public LoadStats {
        Map<ProblemKind, Long> m = new EnumMap<>(ProblemKind.class);
        m.putAll(problemCounts);
        problemCounts = Collections.unmodifiableMap(m);
    }

    /** How often problems of {@code kind} were seen (limits included). */
    public long count(ProblemKind kind) {
        return problemCounts.getOrDefault(kind, 0L);
    }
}
