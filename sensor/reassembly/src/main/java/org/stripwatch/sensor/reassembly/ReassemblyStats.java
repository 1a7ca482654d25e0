package org.stripwatch.sensor.reassembly;

/**
 * A snapshot of the flow table's counters. Each limit in {@link ReassemblyConfig} has a counter
 * here that grows when the limit is hit.
 */
public record ReassemblyStats(long segments, long flowsOpened, long flowsClosed, long flowsActive,
                              long flowsTimedOut, long flowsEvicted, long evictedUnestablished,
                              long outOfOrderSegments, long outOfOrderDropped, long globalBufferLimitHits,
                              long retransmissions, long overlapConflicts, long gapBytes, long resets,
                              long resetsIgnored, long packetsAfterClose, long consumerFailures,
                              long bufferedBytes, long peakBufferedBytes) {}
