package org.stripwatch.sensor.decode;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An immutable snapshot of {@link PacketDecoder}'s counters.
 *
 * <p>Every frame is counted once in {@code packets} and once in exactly one of {@code linkDropped}
 * (unknown link type, truncated link header, too many VLAN tags), {@code nonIp}, {@code ipv4} or
 * {@code ipv6}. An IP packet then ends as a fragment ({@code fragments}), a TCP segment handed on
 * ({@code tcp}), {@code udp}, {@code otherIp}, or a drop counted in {@code anomalies}. A reassembled
 * datagram is counted once more in {@code reassembled} and then in tcp/udp/otherIp or an anomaly.
 *
 * @param paddedFrames      IP packets followed by captured bytes beyond the IP length (Ethernet
 *                          minimum-frame padding, trailers or an FCS); the IP length is trusted
 * @param snaplenPayloads   TCP segments whose payload was only partly captured
 * @param checksumOk        segments whose checksum was verified (only with verifyTcpChecksums)
 * @param anomalies         count per anomaly, every value present (0 if never seen)
 */
public record DecodeStats(long packets, long linkDropped, long nonIp, long ipv4, long ipv6, long fragments,
                          long reassembled, long tcp, long udp, long otherIp, long paddedFrames,
                          long snaplenPayloads, long checksumOk, Map<DecodeAnomaly, Long> anomalies) {
    public DecodeStats {
        EnumMap<DecodeAnomaly, Long> copy = new EnumMap<>(DecodeAnomaly.class);
        for (DecodeAnomaly a : DecodeAnomaly.values()) copy.put(a, anomalies.getOrDefault(a, 0L));
        anomalies = Collections.unmodifiableMap(copy);
    }

    public long anomaly(DecodeAnomaly a) {
        return anomalies.get(a);
    }

    public long totalAnomalies() {
        long n = 0;
        for (long v : anomalies.values()) n += v;
        return n;
    }

    /** Wire names to counts, for logs and metrics: kinds first, then every anomaly. */
    public Map<String, Long> toMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("packets", packets);
        m.put("link_dropped", linkDropped);
        m.put("non_ip", nonIp);
        m.put("ipv4", ipv4);
        m.put("ipv6", ipv6);
        m.put("fragments", fragments);
        m.put("reassembled", reassembled);
        m.put("tcp", tcp);
        m.put("udp", udp);
        m.put("other_ip", otherIp);
        m.put("padded_frames", paddedFrames);
        m.put("snaplen_payloads", snaplenPayloads);
        m.put("checksum_ok", checksumOk);
        anomalies.forEach((a, v) -> m.put(a.wireName(), v));
        return Collections.unmodifiableMap(m);
    }
}
