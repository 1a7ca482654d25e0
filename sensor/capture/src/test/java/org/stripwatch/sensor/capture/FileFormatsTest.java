package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.sensor.capture.CaptureImages.frame;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileFormatsTest {
    private static final long T0 = 1_700_000_000_123_456_789L;

    @TempDir
    Path dir;

    static Recorder read(Path file) throws CaptureException {
        return read(file, FileSourceConfig.DEFAULT);
    }

    static Recorder read(Path file, FileSourceConfig config) throws CaptureException {
        Recorder r = new Recorder();
        try (FileSource source = FileSource.open(List.of(file), config)) {
            source.run(r);
        }
        return r;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @ParameterizedTest
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void pcapInEitherByteOrderAndUnit(String orderName, boolean nanos) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] image = new CaptureImages.Pcap(order, nanos, 96, 1)
                .record(T0, frame(1, 60))
                .record(T0 + 1_000, frame(2, 96), 1514)
                .record(T0 + 2_000_000_000L, frame(3, 0))
                .bytes();
        Recorder r = read(write("a.pcap", image));
        long unit = nanos ? 1 : 1000;
        assertEquals(3, r.frames.size());
        assertEquals(T0 / unit * unit, r.frames.get(0).timestampNanos());
        assertEquals((T0 + 1_000) / unit * unit, r.frames.get(1).timestampNanos());
        assertEquals(1, r.frames.get(1).linkType());
        assertEquals(1514, r.frames.get(1).wireLength());
        assertArrayEquals(frame(2, 96), r.frames.get(1).data());
        assertEquals(0, r.frames.get(2).data().length);
    }

    /** The "modified" pcap of old Red Hat tcpdump (magic a1b2cd34): 8 more bytes per record header. */
    @Test
    void modifiedPcapRecordsHaveLongerHeaders() throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24 + 2 * (24 + 5)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xA1B2CD34).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int k = 1; k <= 2; k++) {
            b.putInt(k).putInt(7).putInt(5).putInt(5).putInt(0).putShort((short) 0).put((byte) 0).put((byte) 0)
                    .put(frame(k, 5));
        }
        Recorder r = read(write("modified.pcap", b.array()));
        assertEquals(2, r.frames.size());
        assertEquals(2_000_007_000L, r.frames.get(1).timestampNanos());
        assertArrayEquals(frame(2, 5), r.frames.get(1).data());
    }

    /** Pipes (e.g. the shell's {@code <(zcat x)}) cannot be mapped: they are streamed, gzip or not. */
    @Test
    void namedPipeIsStreamed() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
        byte[] image = CaptureImages.gzip(pcapngImage());
        Thread writer = new Thread(() -> {
            try {
                Files.write(fifo, image);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        Recorder r = read(fifo);
        writer.join(5000);
        assertPcapngFrames(r);
    }

    @Test
    void pcapLinkTypeFieldHasFcsBitsMasked() throws Exception {
        int field = (2 << 29) | (1 << 28) | 105; // FCS length 2 words, f bit, LINKTYPE_IEEE802_11
        Path file = write("fcs.pcap", new CaptureImages.Pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, field)
                .record(T0, frame(1, 40)).bytes());
        Recorder r = new Recorder();
        try (FileSource source = FileSource.open(List.of(file))) {
            source.run(r);
            assertEquals(CaptureNotice.Kind.FCS_PRESENT, source.notices().get(0).kind());
            CaptureStats stats = source.stats();
            assertEquals(new CaptureStats(1, 1, 40, 0, 0, 0, 0), stats);
        }
        assertEquals(105, r.frames.get(0).linkType());
    }

    @Test
    void pcapSnaplenCutIsCountedAndOversizedCaplenIsDelivered() throws Exception {
        Path file = write("cut.pcap", new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, false, 64, 1)
                .record(T0, frame(1, 64), 1500)
                .record(T0, frame(2, 80), 80) // above the header's snaplen: libpcap reads it, so do we
                .bytes());
        try (FileSource source = FileSource.open(List.of(file))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(2, r.frames.size());
            assertEquals(1, source.stats().snaplenCut());
            assertEquals(0, source.stats().damagedRecords());
            assertEquals(CaptureNotice.Kind.CAPLEN_EXCEEDS_SNAPLEN, source.notices().get(0).kind());
        }
    }

    /** One file, three sections' worth of interfaces, every packet block type and skipped blocks. */
    static byte[] pcapngImage() {
        return new CaptureImages.Pcapng()
                .section(ByteOrder.LITTLE_ENDIAN)
                .idb(1, 65535, -1, 0)              // Ethernet, default 10^-6
                .idb(101, 128, 9, 0)               // raw IP, 10^-9
                .idb(0, 0, 0x80 | 20, 100)         // NULL, 2^-20, tsoffset +100 s
                .other(0x0BAD, 16)                 // unknown block type: skipped by length
                .epb(0, 1_700_000_000_123_456L, frame(1, 60), 60)
                .epb(1, 1_700_000_000_123_456_789L, frame(2, 128), 1500)
                .other(0x40000BAD, 8)              // custom block (s4.8): skipped
                .epb(2, (1_700_000_000L << 20) | (1 << 19), frame(3, 44), 44)
                .spb(frame(4, 70), 70)             // SPB: interface 0, no timestamp
                .pb(1, 1_700_000_001_000_000_000L, frame(5, 33), 33)
                .section(ByteOrder.BIG_ENDIAN)      // new section: new byte order, interfaces reset
                .idb(113, 65535, 3, 0)              // Linux SLL, milliseconds
                .epb(0, 1_700_000_002_500L, frame(6, 50), 50)
                .bytes();
    }

    static void assertPcapngFrames(Recorder r) {
        assertEquals(6, r.frames.size());
        List<Recorder.Frame> f = r.frames;
        assertEquals(1, f.get(0).linkType());
        assertEquals(1_700_000_000_123_456_000L, f.get(0).timestampNanos());
        assertEquals(101, f.get(1).linkType());
        assertEquals(1_700_000_000_123_456_789L, f.get(1).timestampNanos());
        assertEquals(1500, f.get(1).wireLength());
        assertEquals(0, f.get(2).linkType());
        assertEquals((1_700_000_000L + 100) * 1_000_000_000L + 500_000_000L, f.get(2).timestampNanos());
        assertEquals(1, f.get(3).linkType());
        assertEquals(f.get(2).timestampNanos(), f.get(3).timestampNanos(), "SPB repeats the last timestamp");
        assertArrayEquals(frame(4, 70), f.get(3).data());
        assertEquals(101, f.get(4).linkType());
        assertEquals(1_700_000_001_000_000_000L, f.get(4).timestampNanos());
        assertEquals(113, f.get(5).linkType());
        assertEquals(1_700_000_002_500_000_000L, f.get(5).timestampNanos());
        for (int k = 0; k < 6; k++) {
            assertEquals(k + 1, f.get(k).data()[0], "frame " + k);
        }
    }

    @Test
    void pcapngSectionsInterfacesResolutionsAndBlockTypes() throws Exception {
        Path file = write("multi.pcapng", pcapngImage());
        try (FileSource source = FileSource.open(List.of(file))) {
            Recorder r = new Recorder();
            source.run(r);
            assertPcapngFrames(r);
            assertEquals(0, source.stats().damagedRecords());
            assertEquals(1, source.stats().snaplenCut());
            assertEquals(List.of(CaptureNotice.Kind.NO_TIMESTAMP), source.notices().stream().map(CaptureNotice::kind).toList());
        }
    }

    @Test
    void simplePacketBlockIsCutToInterfaceZeroSnaplen() throws Exception {
        byte[] image = new CaptureImages.Pcapng().section(ByteOrder.BIG_ENDIAN).idb(1, 64, -1, 0)
                .spb(frame(1, 100), 100).bytes();
        Recorder r = read(write("spb.pcapng", image));
        assertEquals(64, r.frames.get(0).data().length);
        assertEquals(100, r.frames.get(0).wireLength());
    }

    @Test
    void gzipIsRecognisedByMagicNotByName() throws Exception {
        Recorder ng = read(write("plain-name.pcapng", CaptureImages.gzip(pcapngImage())));
        assertPcapngFrames(ng);
        byte[] pcap = new CaptureImages.Pcap(ByteOrder.LITTLE_ENDIAN, true, 65535, 1)
                .record(T0, frame(7, 1000)).record(T0 + 1, frame(8, 1)).bytes();
        Recorder p = read(write("x.bin", CaptureImages.gzip(pcap)));
        assertEquals(2, p.frames.size());
        assertEquals(T0 + 1, p.frames.get(1).timestampNanos());
    }

    @Test
    void pcapngDamageIsCountedNotThrown() throws Exception {
        byte[] good = new CaptureImages.Pcapng().section(ByteOrder.LITTLE_ENDIAN).idb(1, 0, -1, 0)
                .epb(0, 1, frame(1, 20), 20).epb(5, 1, frame(2, 20), 20).epb(0, 2, frame(3, 20), 20).bytes();
        try (FileSource source = FileSource.open(List.of(write("d.pcapng", good)))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(2, r.frames.size(), "the block naming interface 5 is skipped");
            assertEquals(1, source.stats().damagedRecords());
            assertEquals(CaptureNotice.Kind.UNKNOWN_INTERFACE, source.notices().get(0).kind());
        }
        byte[] bad = good.clone();
        bad[good.length - 1] ^= 1; // trailing length of the last block no longer matches
        try (FileSource source = FileSource.open(List.of(write("e.pcapng", bad)))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(1, r.frames.size());
            assertEquals(2, source.stats().damagedRecords());
            assertTrue(source.notices().stream().anyMatch(n -> n.kind() == CaptureNotice.Kind.BLOCK_LENGTH_MISMATCH));
        }
    }

    @Test
    void pcapCaplenAboveBoundEndsTheFileAsDamage() throws Exception {
        byte[] image = new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, false, 65535, 1)
                .record(T0, frame(1, 10)).record(T0, frame(2, 10)).bytes();
        image[24 + 16 + 10 + 8] = 0x7f; // second record's caplen becomes ~2 GiB
        try (FileSource source = FileSource.open(List.of(write("big.pcap", image)))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(1, r.frames.size());
            assertEquals(1, source.stats().damagedRecords());
            CaptureNotice n = source.notices().get(0);
            assertEquals(new CaptureNotice(dir.resolve("big.pcap"), 50, CaptureNotice.Kind.CAPLEN_TOO_LARGE), n);
            assertTrue(n.describe().contains("caplen_too_large at offset 50"), n.describe());
        }
    }

    @Test
    void stopFromTheSinkEndsRunAndFrameIsAViewWithItsOwnIndexes() throws Exception {
        CaptureImages.Pcap pcap = new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, false, 65535, 1);
        for (int k = 0; k < 100; k++) {
            pcap.record(T0 + k, frame(k, 10 + k));
        }
        Path file = write("s.pcap", pcap.bytes());
        try (FileSource source = FileSource.open(List.of(file, file))) {
            int[] seen = {0};
            source.run((linkType, ts, frame, wire) -> {
                assertEquals(10 + seen[0], frame.readableBytes());
                assertEquals(seen[0], frame.getByte(frame.readerIndex()));
                frame.skipBytes(frame.readableBytes()); // the sink may move indexes; the next frame resets them
                if (++seen[0] == 10) {
                    source.stop();
                }
            });
            assertEquals(10, seen[0]);
            assertEquals(1, source.stats().inputs());
        }
    }

    @Test
    void noticesAreBounded() throws Exception {
        Path dirWithJunk = Files.createDirectories(dir.resolve("junk"));
        for (int k = 0; k < 5; k++) {
            Files.writeString(dirWithJunk.resolve("note" + k + ".txt"), "hello");
        }
        write("junk/x.pcap", new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, false, 65535, 1).bytes());
        try (FileSource source = FileSource.open(List.of(dirWithJunk), FileSourceConfig.DEFAULT.withMaxNotices(2))) {
            assertEquals(5, source.skippedFiles());
            assertEquals(2, source.notices().size());
            assertEquals(3, source.noticesDropped());
        }
    }
}
