package org.stripwatch.sensor.decode;

import java.util.EnumMap;
import java.util.Map;

/** The decoder's mutable counters; owned by one decoding thread, published as {@link DecodeStats}. */
final class Counters {
    private static final DecodeAnomaly[] ANOMALIES = DecodeAnomaly.values();

    long packets, linkDropped, nonIp, ipv4, ipv6, fragments, reassembled, tcp, udp, otherIp, paddedFrames,
            snaplenPayloads, checksumOk;
    private final long[] anomalies = new long[ANOMALIES.length];

    void anomaly(DecodeAnomaly a) {
        anomalies[a.ordinal()]++;
    }

    DecodeStats snapshot() {
        Map<DecodeAnomaly, Long> m = new EnumMap<>(DecodeAnomaly.class);
        for (DecodeAnomaly a : ANOMALIES) m.put(a, anomalies[a.ordinal()]);
        return new DecodeStats(packets, linkDropped, nonIp, ipv4, ipv6, fragments, reassembled, tcp, udp, otherIp,
                paddedFrames, snaplenPayloads, checksumOk, m);
    }
}
