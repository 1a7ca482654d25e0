package org.stripwatch.sensor.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters written by the one reading thread and read from any thread. Single writer, so a plain
 * read plus an ordered (release) store is enough; that costs nothing on the per-packet path.
 */
final class Counters {
    private final AtomicLong inputs = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong snaplenCut = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();
    private final AtomicLong kernelDrops = new AtomicLong();

    void packet(int capturedLength, int wireLength) {
        bump(packets, 1);
        bump(bytes, capturedLength);
        if (capturedLength < wireLength) {
            bump(snaplenCut, 1);
        }
    }

    void input() {
        bump(inputs, 1);
    }

    void damaged() {
        bump(damaged, 1);
    }

    void truncated() {
        bump(truncated, 1);
    }

    /** Kernel drops are a total reported by libpcap, not an increment. */
    void kernelDrops(long total) {
        kernelDrops.lazySet(total);
    }

    private static void bump(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    CaptureStats snapshot() {
        return new CaptureStats(inputs.get(), packets.get(), bytes.get(), snaplenCut.get(), damaged.get(),
                truncated.get(), kernelDrops.get());
    }
}
