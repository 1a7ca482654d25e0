package org.stripwatch.sensor.session;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One wire-level finding of a session.
 *
 * @param detail   one line a person reads ("reply 454 4.7.0 TLS not available")
 * @param evidence named facts that support it (TTLs, IP IDs, timing, offsets), sorted by name so the
 *                 output is stable
 */
public record Finding(FindingType type, String detail, Map<String, String> evidence) {
    public Finding {
        Objects.requireNonNull(type, "type");
        detail = detail == null ? "" : detail;
        evidence = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(evidence));
    }

    public static Finding of(FindingType type, String detail) {
        return new Finding(type, detail, Map.of());
    }
}
