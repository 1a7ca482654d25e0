package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pcap above 2 GiB, built sparse: only the record headers (and two marker bytes) are written, the
 * 262144-byte bodies are holes. Checks every record across the 2^31 boundary and the 512 MiB window
 * edges, reading through the default configuration.
 */
class LargeFileTest {
    private static final int CAPLEN = 262_144;
    private static final int RECORD = 16 + CAPLEN;
    private static final long TWO_GIB = 1L << 31;
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static long timestamp(int k) {
        return T0 + k * 1_000_003L;
    }

    @Test
    void sparseFileAboveTwoGibIsReadWhole() throws Exception {
        int records = (int) (TWO_GIB / RECORD) + 50;
        Path file = dir.resolve("big.pcap");
        int straddling = (int) ((TWO_GIB - 24) / RECORD); // the record whose body holds byte 2^31
        long straddleStart = 24 + (long) straddling * RECORD;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(24 + (long) records * RECORD);
            ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(CAPLEN).putInt(1);
            raf.getChannel().write(header.flip(), 0);
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < records; k++) {
                long ts = timestamp(k);
                rec.clear();
                rec.putInt((int) (ts / 1_000_000_000L)).putInt((int) (ts % 1_000_000_000L)).putInt(CAPLEN)
                        .putInt(CAPLEN + k);
                raf.getChannel().write(rec.flip(), 24 + (long) k * RECORD);
            }
            raf.getChannel().write(ByteBuffer.wrap(new byte[] {0x11}), straddleStart + 16);
            raf.getChannel().write(ByteBuffer.wrap(new byte[] {0x22}), straddleStart + RECORD - 1);
        }
        assertTrue(straddleStart < TWO_GIB && straddleStart + RECORD > TWO_GIB);

        int[] seen = {0};
        try (FileSource source = FileSource.open(List.of(file))) {
            source.run((int linkType, long ts, ByteBuf frame, int wire) -> {
                int k = seen[0]++;
                assertEquals(timestamp(k), ts, "record " + k);
                assertEquals(CAPLEN + k, wire);
                assertEquals(CAPLEN, frame.readableBytes());
                if (k == straddling) {
                    assertEquals(0x11, frame.getByte(frame.readerIndex()));
                    assertEquals(0x22, frame.getByte(frame.writerIndex() - 1));
                }
            });
            assertEquals(records, seen[0], source.notices() + " " + source.stats());
            CaptureStats stats = source.stats();
            assertEquals(records, stats.packets());
            assertEquals((long) records * CAPLEN, stats.bytes());
            assertEquals(records - 1, stats.snaplenCut(), "record 0 is whole");
            assertEquals(0, stats.truncatedInputs() + stats.damagedRecords());
        }
    }
}
