package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedInputTest {
    @TempDir
    Path tmp;

    private static byte at(long pos) {
        return (byte) (pos * 31 + (pos >>> 12));
    }

    @Test
    void leftWindowsAreReleasedAndAKeptViewStillReadsTheFile() throws Exception {
        assumeTrue(PageRelease.AVAILABLE, "madvise via JNA (Linux)");
        int size = 3 << 20, window = 1 << 20;
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = at(i);
        Path f = tmp.resolve("pattern.bin");
        Files.write(f, data);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            MappedInput in = new MappedInput(ch, size, window);
            assertTrue(in.ensure(0, 100));
            ByteBuf first = in.buf();
            int firstIndex = in.index(10);
            for (long pos = 0; pos + 4096 <= size; pos += 4096) {
                assertTrue(in.ensure(pos, 4096));
                assertEquals(at(pos + 17), in.buf().getByte(in.index(pos) + 17), "at " + pos);
            }
            // Two windows were left behind: their pages were dropped from the process.
            assertTrue(in.releasedBytes() >= 2L * window - 8192, "released " + in.releasedBytes());
            // A view kept past its window (a sink's bug) faults the page back in from the file: same bytes.
            for (int i = 0; i < 4096; i++) assertEquals(at(10 + i), first.getByte(firstIndex + i));
            in.close();
            assertTrue(in.releasedBytes() >= size - 3 * 8192L, "released " + in.releasedBytes());
        }
    }
}
