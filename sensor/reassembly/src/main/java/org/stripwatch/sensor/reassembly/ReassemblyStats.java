package org.stripwatch.sensor.reassembly;

/**
 * A snapshot of the flow table's counters. Each limit in {@link ReassemblyConfig} has a counter
 * here that grows when the limit is hit.
 *
 * @param dataOutOfWindow segments whose data started beyond the receiver's advertised window and
 *                        were dropped, as the receiver drops them (RFC 9293 §3.10.7.4)
 * @param evictedClosed   evicted connections that had already closed (FIN/RST) and were only
 *                        lingering for late retransmissions: their records were complete, nothing
 *                        was lost. {@code flowsEvicted - evictedUnestablished - evictedClosed} is
 *                        the number of live, established connections cut short
 */
public record ReassemblyStats(long segments, long flowsOpened, long flowsClosed, long flowsActive,
                              long flowsTimedOut, long flowsEvicted, long evictedUnestablished,
                              long outOfOrderSegments, long outOfOrderDropped, long globalBufferLimitHits,
                              long retransmissions, long overlapConflicts, long gapBytes, long resets,
                              long resetsIgnored, long packetsAfterClose, long consumerFailures,
                              long bufferedBytes, long peakBufferedBytes,
                              long dataOutOfWindow, long evictedClosed) {
    /** Live, established connections cut short by eviction: analysis lost. */
    public long evictedEstablished() {
        return flowsEvicted - evictedUnestablished - evictedClosed;
    }

    /**
     * The counters of two tables together (sharded workers). The peak of buffered bytes becomes the
     * sum of the peaks: an upper bound, since the peaks need not coincide.
     */
    public ReassemblyStats plus(ReassemblyStats o) {
        return new ReassemblyStats(segments + o.segments, flowsOpened + o.flowsOpened, flowsClosed + o.flowsClosed,
                flowsActive + o.flowsActive, flowsTimedOut + o.flowsTimedOut, flowsEvicted + o.flowsEvicted,
                evictedUnestablished + o.evictedUnestablished, outOfOrderSegments + o.outOfOrderSegments,
                outOfOrderDropped + o.outOfOrderDropped, globalBufferLimitHits + o.globalBufferLimitHits,
                retransmissions + o.retransmissions, overlapConflicts + o.overlapConflicts, gapBytes + o.gapBytes,
                resets + o.resets, resetsIgnored + o.resetsIgnored, packetsAfterClose + o.packetsAfterClose,
                consumerFailures + o.consumerFailures, bufferedBytes + o.bufferedBytes,
                peakBufferedBytes + o.peakBufferedBytes, dataOutOfWindow + o.dataOutOfWindow,
                evictedClosed + o.evictedClosed);
    }
}
