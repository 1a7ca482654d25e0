package org.stripwatch.sensor.reassembly;

/** Mutable counters of one flow table; single-threaded like the table itself. */
final class Counters {
    long segments, flowsOpened, flowsClosed, flowsTimedOut, flowsEvicted, evictedUnestablished;
    long outOfOrderSegments, outOfOrderDropped, globalBufferLimitHits, retransmissions, overlapConflicts;
    long gapBytes, resets, resetsIgnored, packetsAfterClose, consumerFailures, dataOutOfWindow;
    long bufferedBytes, peakBufferedBytes, evictedClosed;

    /** Reserves {@code n} bytes of the global out-of-order budget; false if it would overflow. */
    boolean reserve(int n, long limit) {
        if (bufferedBytes + n > limit) {
            globalBufferLimitHits++;
            return false;
        }
        bufferedBytes += n;
        if (bufferedBytes > peakBufferedBytes) peakBufferedBytes = bufferedBytes;
        return true;
    }

    void release(int n) {
        bufferedBytes -= n;
    }

    ReassemblyStats snapshot(long active) {
        return new ReassemblyStats(segments, flowsOpened, flowsClosed, active, flowsTimedOut, flowsEvicted,
                evictedUnestablished, outOfOrderSegments, outOfOrderDropped, globalBufferLimitHits, retransmissions,
                overlapConflicts, gapBytes, resets, resetsIgnored, packetsAfterClose, consumerFailures, bufferedBytes,
                peakBufferedBytes, dataOutOfWindow, evictedClosed);
    }
}
