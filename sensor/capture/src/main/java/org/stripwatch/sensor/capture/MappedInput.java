package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A regular file read through {@link FileChannel#map} windows, so files above 2 GiB work and no
 * byte is copied. A window is re-mapped starting at (the page holding) the first position asked for
 * that does not fit, so a record that crosses a window's end is read whole from the next window.
 * Each window is wrapped once in a netty buffer that also serves as the frame view.
 *
 * <p>Old windows are unmapped by the garbage collector: unmapping explicitly would turn a sink that
 * wrongly kept a frame into a crash, and mappings cost address space, not memory. Their pages, though,
 * would stay resident (counted in RSS) until then, so a window's pages are released ({@link PageRelease})
 * when the reader moves to the next window and when the input is closed: resident memory then stays within
 * one window whatever the file's size.
 */
final class MappedInput implements RecordInput {
    private static final long PAGE = 4096;

    private final FileChannel channel;
    private final long size;
    private final long windowBytes;
    private long base;
    private long windowLength = -1;
    private ByteBuf buf;
    private MappedByteBuffer mapped;
    private long releasedBytes;

    MappedInput(FileChannel channel, long size, long windowBytes) {
        this.channel = channel;
        this.size = size;
        this.windowBytes = windowBytes;
    }

    @Override
    public boolean ensure(long pos, int len) throws IOException {
        long end = pos + len;
        if (pos >= base && end <= base + windowLength) {
            return true;
        }
        if (pos < 0 || end > size) {
            return false;
        }
        long newBase = pos & -PAGE;
        if (end - newBase > windowBytes) {
            return false; // cannot happen within the configured bounds (window >= block + slack)
        }
        map(newBase);
        return true;
    }

    private void map(long newBase) throws IOException {
        release();
        long length = Math.min(windowBytes, size - newBase);
        mapped = channel.map(FileChannel.MapMode.READ_ONLY, newBase, length);
        buf = Unpooled.wrappedBuffer(mapped);
        base = newBase;
        windowLength = length;
    }

    /** Drops the current window's pages from the process (they stay in the page cache). */
    private void release() {
        if (mapped != null && PlatformDependent.hasUnsafe()) {
            releasedBytes += PageRelease.release(PlatformDependent.directBufferAddress(mapped), mapped.capacity());
        }
    }

    /** Bytes of windows whose pages were released so far (0 where madvise is unavailable). */
    long releasedBytes() {
        return releasedBytes;
    }

    @Override
    public ByteBuf buf() {
        return buf;
    }

    @Override
    public int index(long pos) {
        return (int) (pos - base);
    }

    @Override
    public void close() throws IOException {
        // A file within one window: its pages go with the mapping (no need to start JNA for a small file).
        if (size > windowBytes) release();
        buf = null;
        mapped = null;
        channel.close();
    }
}
