package org.stripwatch.sensor.reassembly;

import io.netty.buffer.ByteBuf;

/**
 * One direction of a TCP connection, delivered in order: the push-parser seam (Zeek's
 * {@code DeliverStream}, Suricata's per-direction parsers).
 *
 * <p>Calls arrive on one thread, in stream order, interleaved with the other direction's calls in
 * the order the packets were captured. A delivered buffer is valid only during the call: copy what
 * you keep.
 */
public interface StreamConsumer {
    /**
     * The next in-order bytes of this direction, between readerIndex and writerIndex.
     *
     * @param timestampNanos capture time of the segment that completed this data
     */
    void onData(ByteBuf data, long timestampNanos);

    /**
     * {@code length} bytes of this direction that will never be delivered: segments lost before
     * the capture point, cut by the snaplen, or before a mid-stream start. Parsers resynchronise.
     */
    void onGap(long length, long timestampNanos);

    /** This direction is over: no further calls follow. */
    void onEnd(EndReason reason, long timestampNanos);
}
