package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/** A sink that copies every frame (frames are valid only during the call). */
final class Recorder implements PacketSink {
    record Frame(int linkType, long timestampNanos, byte[] data, int wireLength) {
    }

    final List<Frame> frames = new ArrayList<>();

    @Override
    public void onPacket(int linkType, long timestampNanos, ByteBuf frame, int wireLength) {
        frames.add(new Frame(linkType, timestampNanos, ByteBufUtil.getBytes(frame), wireLength));
    }
}
