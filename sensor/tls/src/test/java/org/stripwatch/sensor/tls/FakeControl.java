package org.stripwatch.sensor.tls;

import org.stripwatch.sensor.reassembly.StreamControl;

/** What the reassembler does with skip/stopPayload, for one direction. */
final class FakeControl implements StreamControl {
    long pendingSkip;
    long skippedTotal;
    boolean stopped;
    long offset;

    @Override
    public void skip(long bytes) {
        if (bytes < 0) {
            throw new AssertionError("negative skip " + bytes);
        }
        pendingSkip += bytes;
    }

    @Override
    public void stopPayload() {
        stopped = true;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public int carrierTtl() {
        return -1;
    }

    @Override
    public int carrierIpId() {
        return -1;
    }

    @Override
    public int medianTtl() {
        return -1;
    }
}
