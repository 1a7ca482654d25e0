package org.stripwatch.analyzer.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The {@code _mta-sts.<domain>} TXT record (RFC 8461 §3.1): its {@code id} and any extension fields. */
public record MtaStsTxtRecord(String id, Map<String, String> extensions, SourceRef source) {
    public MtaStsTxtRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        extensions = Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }
}
