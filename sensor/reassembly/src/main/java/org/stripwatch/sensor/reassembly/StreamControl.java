package org.stripwatch.sensor.reassembly;

/**
 * What a consumer may tell the reassembler about its direction. Skipped bytes are never copied or
 * buffered: only sequence numbers, flags and sizes are tracked for them, which is what keeps the
 * sensor fast on mail bodies and encrypted data.
 */
public interface StreamControl {
    /**
     * Do not deliver the next {@code bytes} bytes of this direction (a BDAT chunk, a TLS record body).
     * They are not reported as a gap; delivery resumes after them. Calls add up.
     */
    void skip(long bytes);

    /** Deliver no more payload of this direction; {@link StreamConsumer#onEnd} still arrives. */
    void stopPayload();

    /** Bytes of this direction consumed so far (delivered, skipped or gapped): the stream offset. */
    long offset();
}
