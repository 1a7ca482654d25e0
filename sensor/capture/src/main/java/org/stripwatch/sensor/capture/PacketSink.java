package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;

/**
 * Receives every captured frame from a {@link PacketSource}.
 *
 * <p>The frame buffer is a view owned by the source and reused for the next frame: it is valid only
 * during the call (gopacket reassembly's rule). Read it with absolute getters or move its reader
 * index freely, but copy whatever must outlive the call; never retain or release it.
 */
@FunctionalInterface
public interface PacketSink {
    /**
     * @param linkType       the LINKTYPE_* value of the frame's interface (tcpdump.org/linktypes.html)
     * @param timestampNanos capture time in nanoseconds since 1970-01-01T00:00:00Z
     * @param frame          the captured bytes, from readerIndex to writerIndex
     * @param wireLength     the frame's length on the wire; larger than the captured length when the
     *                       snaplen cut it
     */
    void onPacket(int linkType, long timestampNanos, ByteBuf frame, int wireLength);
}
