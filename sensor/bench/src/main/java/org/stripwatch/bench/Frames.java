package org.stripwatch.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.capture.PacketSink;

/**
 * The first {@link #COUNT} frames of a capture, copied to the heap once so a benchmark measures
 * the stage, not the file. The capture is {@code -Dstripwatch.bench.capture=FILE}, by default the
 * corpus ops/bench/jmh generates ({@code ops/bench/work/jmh.pcap}).
 */
final class Frames {
    static final int COUNT = 100_000;

    final ByteBuf[] frames;
    final int[] linkTypes;
    final long[] timestamps;
    final int[] wireLengths;

    private Frames(List<byte[]> bytes, List<long[]> meta) {
        int n = bytes.size();
        frames = new ByteBuf[n];
        linkTypes = new int[n];
        timestamps = new long[n];
        wireLengths = new int[n];
        for (int i = 0; i < n; i++) {
            frames[i] = Unpooled.wrappedBuffer(bytes.get(i));
            linkTypes[i] = (int) meta.get(i)[0];
            timestamps[i] = meta.get(i)[1];
            wireLengths[i] = (int) meta.get(i)[2];
        }
    }

    static Path capture() {
        Path p = Path.of(System.getProperty("stripwatch.bench.capture", "ops/bench/work/jmh.pcap"));
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no benchmark capture " + p.toAbsolutePath()
                    + ": run ops/bench/jmh (it generates one) or set -Dstripwatch.bench.capture");
        }
        return p;
    }

    static Frames load() throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        List<long[]> meta = new ArrayList<>();
        try (FileSource source = FileSource.open(List.of(capture()))) {
            PacketSink sink = (linkType, ts, frame, wire) -> {
                if (bytes.size() >= COUNT) {
                    return;
                }
                byte[] b = new byte[frame.readableBytes()];
                frame.getBytes(frame.readerIndex(), b);
                bytes.add(b);
                meta.add(new long[] {linkType, ts, wire});
            };
            source.run(sink);
        }
        return new Frames(bytes, meta);
    }

    /** Hands every frame to {@code sink}, resetting each view first (a stage may move its indexes). */
    void replay(PacketSink sink) {
        for (int i = 0; i < frames.length; i++) {
            ByteBuf f = frames[i];
            f.setIndex(0, f.capacity());
            sink.onPacket(linkTypes[i], timestamps[i], f, wireLengths[i]);
        }
    }
}
