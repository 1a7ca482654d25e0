package org.stripwatch.analyzer.core.baseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the analyzer keeps about one receiving server (key: address and port, or MX name and port): the
 * learned baseline per feature, tampered TLS attempts awaiting a possible cleartext retry, and recently processed
 * session keys (redelivery). Mutable persistence object: read from a {@link StateStore}, changed by the analyzer
 * for one record, written back.
 */
public final class ServerState {
    public long firstSeen;
    public long lastSeen;
    public long sessions;
    public long counted;
    public long windowStart;
    public int windowCount;
    /** feature name to value to stats; see {@link Baseline} for the feature names. */
    public Map<String, Map<String, ValueStats>> features = new LinkedHashMap<>();
    /** Tampered attempts, oldest first. */
    public List<PendingAttempt> attempts = new ArrayList<>();
    /** Recently processed session keys, oldest first. */
    public List<String> recent = new ArrayList<>();

    /** A tampered TLS attempt remembered for correlation with the same client's cleartext retry. */
    public static final class PendingAttempt {
        public String clientIp;
        public String sensorId;
        public String connectionId;
        public int clientPort;
        public long start;
        public String alertId;
        public String what;
        public String alertType;
        /** The attempt's own alert (Avro single-object encoding, base64) while held; null once emitted or never held. */
        public String heldAlert;
    }
}
