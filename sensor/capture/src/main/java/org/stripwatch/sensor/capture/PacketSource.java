package org.stripwatch.sensor.capture;

/**
 * A stream of captured frames: one or more files, or a live interface.
 *
 * <p>Damage inside an otherwise readable input (a record cut short, a block with an impossible
 * length, a frame cut by the snaplen) is counted in {@link #stats()} and reading goes on, or ends
 * at the damage with what was read kept. Only input that cannot be read at all (missing, not a
 * capture, no permission) raises a {@link CaptureException}, whose message is one line naming the
 * input and the problem.
 */
public interface PacketSource extends AutoCloseable {
    /** Delivers frames to {@code sink} until the input is exhausted or {@link #stop()} is called. */
    void run(PacketSink sink) throws CaptureException;

    /** Asks a running {@link #run} to return soon; safe to call from any thread (signal handlers). */
    void stop();

    /** Counters so far; safe to call from any thread. */
    CaptureStats stats();

    @Override
    void close();
}
