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

    /**
     * Bytes of this direction consumed so far (delivered, skipped or gapped): the stream offset.
     * During {@link StreamConsumer#onData} it is the offset of the buffer's first byte.
     */
    long offset();

    /**
     * TTL / hop limit of the packet whose bytes are being delivered (valid during
     * {@link StreamConsumer#onData}; -1 otherwise): evidence for a reply that may be injected.
     */
    default int carrierTtl() {
        return -1;
    }

    /** IP ID of the packet whose bytes are being delivered; -1 if none (IPv6, or outside onData). */
    default int carrierIpId() {
        return -1;
    }

    /** Median TTL / hop limit of this direction's recent packets (RSTs excluded); -1 if none yet. */
    default int medianTtl() {
        return -1;
    }
}
