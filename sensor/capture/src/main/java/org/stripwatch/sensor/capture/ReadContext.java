package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the record parsers share with their {@link FileSource}: sink, limits, counters, notices, stop flag. */
final class ReadContext {
    final FileSourceConfig config;
    private final Counters counters;
    private final List<CaptureNotice> notices = new ArrayList<>();
    private final AtomicLong noticesDropped = new AtomicLong();
    private volatile boolean stopped;
    private PacketSink sink;
    private Path file;

    ReadContext(FileSourceConfig config, Counters counters) {
        this.config = config;
        this.counters = counters;
    }

    void start(PacketSink sink) {
        this.sink = sink;
    }

    void file(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    Counters counters() {
        return counters;
    }

    /** Hands {@code buf[index, index + capturedLength)} to the sink as the frame view. */
    void deliver(int linkType, long timestampNanos, ByteBuf buf, int index, int capturedLength, int wireLength) {
        buf.setIndex(index, index + capturedLength);
        counters.packet(capturedLength, wireLength);
        sink.onPacket(linkType, timestampNanos, buf, wireLength);
    }

    void damaged(long offset, CaptureNotice.Kind kind) {
        counters.damaged();
        notice(offset, kind);
    }

    void truncated(long offset, CaptureNotice.Kind kind) {
        counters.truncated();
        notice(offset, kind);
    }

    void notice(long offset, CaptureNotice.Kind kind) {
        notice(file, offset, kind);
    }

    void notice(Path where, long offset, CaptureNotice.Kind kind) {
        synchronized (notices) {
            if (notices.size() < config.maxNotices()) {
                notices.add(new CaptureNotice(where, offset, kind));
                return;
            }
        }
        noticesDropped.incrementAndGet();
    }

    List<CaptureNotice> notices() {
        synchronized (notices) {
            return List.copyOf(notices);
        }
    }

    long noticesDropped() {
        return noticesDropped.get();
    }
}
