package org.stripwatch.sensor.reassembly;

import java.util.Set;

/**
 * Limits and choices of the flow table and the stream reassemblers. Every limit is finite; hitting
 * one is counted in {@link ReassemblyStats} (Suricata's {@code stream.memcap}, Zeek's timeouts).
 *
 * @param maxFlows                    connections tracked at once; beyond it the least recently
 *                                    active one is evicted, unestablished ones first (SYN floods)
 * @param maxBufferedBytesPerDirection out-of-order bytes held for one direction
 * @param maxBufferedBytesGlobal      out-of-order bytes held for all connections together
 * @param maxOutOfOrderSegments       out-of-order segments held for one direction
 * @param overlapMemoryBytes          bytes of recently delivered data kept per direction to check
 *                                    retransmissions for conflicting content (injection footprint)
 * @param idleTimeoutNanos            an established connection with no packet for this long ends
 * @param unestablishedTimeoutNanos   a connection that never completed its handshake ends sooner
 * @param closedLingerNanos           after FIN/RST a connection is kept this long to absorb late
 *                                    retransmissions and RSTs before its record is written
 * @param serverPorts                 ports that mark the server of a connection picked up
 *                                    mid-stream (no SYN seen)
 */
public record ReassemblyConfig(int maxFlows, int maxBufferedBytesPerDirection, long maxBufferedBytesGlobal,
                               int maxOutOfOrderSegments, int overlapMemoryBytes, long idleTimeoutNanos,
                               long unestablishedTimeoutNanos, long closedLingerNanos, Set<Integer> serverPorts) {
    private static final long SECOND = 1_000_000_000L;

    public static final ReassemblyConfig DEFAULTS = new ReassemblyConfig(
            1_000_000, 256 * 1024, 512L * 1024 * 1024, 256, 1024,
            300 * SECOND, 30 * SECOND, 5 * SECOND, Set.of(25, 465, 587, 2525));

    public ReassemblyConfig {
        require(maxFlows > 0, "maxFlows");
        require(maxBufferedBytesPerDirection >= 0, "maxBufferedBytesPerDirection");
        require(maxBufferedBytesGlobal >= 0, "maxBufferedBytesGlobal");
        require(maxOutOfOrderSegments >= 0, "maxOutOfOrderSegments");
        require(overlapMemoryBytes >= 0, "overlapMemoryBytes");
        require(idleTimeoutNanos > 0, "idleTimeoutNanos");
        require(unestablishedTimeoutNanos > 0, "unestablishedTimeoutNanos");
        require(closedLingerNanos >= 0, "closedLingerNanos");
        serverPorts = Set.copyOf(serverPorts);
    }

    private static void require(boolean ok, String name) {
        if (!ok) throw new IllegalArgumentException("reassembly." + name + " out of range");
    }

    public ReassemblyConfig withMaxFlows(int v) {
        return new ReassemblyConfig(v, maxBufferedBytesPerDirection, maxBufferedBytesGlobal, maxOutOfOrderSegments,
                overlapMemoryBytes, idleTimeoutNanos, unestablishedTimeoutNanos, closedLingerNanos, serverPorts);
    }

    public ReassemblyConfig withBuffers(int perDirection, long global, int segments) {
        return new ReassemblyConfig(maxFlows, perDirection, global, segments, overlapMemoryBytes, idleTimeoutNanos,
                unestablishedTimeoutNanos, closedLingerNanos, serverPorts);
    }

    public ReassemblyConfig withTimeouts(long idle, long unestablished, long linger) {
        return new ReassemblyConfig(maxFlows, maxBufferedBytesPerDirection, maxBufferedBytesGlobal,
                maxOutOfOrderSegments, overlapMemoryBytes, idle, unestablished, linger, serverPorts);
    }

    public ReassemblyConfig withServerPorts(Set<Integer> ports) {
        return new ReassemblyConfig(maxFlows, maxBufferedBytesPerDirection, maxBufferedBytesGlobal,
                maxOutOfOrderSegments, overlapMemoryBytes, idleTimeoutNanos, unestablishedTimeoutNanos,
                closedLingerNanos, ports);
    }
}
