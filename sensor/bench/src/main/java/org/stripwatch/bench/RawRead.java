package org.stripwatch.bench;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline of ops/bench/run: the least work that still reads a classic pcap, a walk of its
 * records through {@link MappedByteBuffer} windows (1 GiB, so files above 2 GiB work), reading each
 * record header and the frame's first and last byte (every page of the file is touched).
 * Prints packets and bytes. {@code java -cp stripwatch-bench.jar org.stripwatch.bench.RawRead FILE}
 */
public final class RawRead {
    private static final long WINDOW = 1L << 30;

    private RawRead() {}

    public static void main(String[] args) throws IOException {
        long packets = 0, bytes = 0, check = 0;
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ)) {
            long size = ch.size();
            MappedByteBuffer head = ch.map(FileChannel.MapMode.READ_ONLY, 0, 24);
            ByteOrder order = head.getInt(0) == 0xD4C3B2A1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            long pos = 24, base = -1;
            MappedByteBuffer w = null;
            while (pos + 16 <= size) {
                if (w == null || pos + 16 > base + w.limit()) {
                    base = pos;
                    w = ch.map(FileChannel.MapMode.READ_ONLY, base, Math.min(WINDOW, size - base));
                    w.order(order);
                }
                int i = (int) (pos - base);
                int cap = w.getInt(i + 8);
                if (pos + 16 + cap > size) break;
                if (i + 16 + cap > w.limit()) { // the record crosses the window: re-map from its start
                    w = null;
                    base = pos;
                    w = ch.map(FileChannel.MapMode.READ_ONLY, base, Math.min(WINDOW, size - base));
                    w.order(order);
                    i = 0;
                }
                check += w.getInt(i) + w.get(i + 16) + w.get(i + 15 + cap);
                packets++;
                bytes += cap;
                pos += 16 + cap;
            }
        }
        System.out.println("packets=" + packets + " bytes=" + bytes + " check=" + check);
    }
}
