package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.stripwatch.sensor.capture.CaptureImages.frame;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cut and random input: never an exception once a file is recognised, never a loop, never a wrong frame. */
class DamagedInputTest {
    @TempDir
    Path dir;

    private static byte[] smallPcap() {
        return new CaptureImages.Pcap(ByteOrder.LITTLE_ENDIAN, false, 65535, 1)
                .record(1_000_000_000L, frame(1, 30)).record(2_000_000_000L, frame(2, 7))
                .record(3_000_000_000L, frame(3, 0)).record(4_000_000_000L, frame(4, 41)).bytes();
    }

    private Recorder full(byte[] image) throws Exception {
        return FileFormatsTest.read(Files.write(dir.resolve("full"), image));
    }

    /** Each cut of {@code image} yields a prefix of the full frame list, growing with the cut. */
    private void cutEverywhere(byte[] image, int recognisedFrom, java.util.Set<Integer> boundaries) throws Exception {
        List<Recorder.Frame> all = full(image).frames;
        int previous = 0;
        for (int cut = 0; cut <= image.length; cut++) {
            Path file = Files.write(dir.resolve("cut"), Arrays.copyOf(image, cut));
            FileSource source;
            try {
                source = FileSource.open(List.of(file));
            } catch (CaptureException e) {
                assertTrue(cut < recognisedFrom, "cut at " + cut + ": " + e.getMessage());
                continue;
            }
            Recorder r = new Recorder();
            source.run(r);
            int n = r.frames.size();
            assertTrue(n >= previous, "packet count must not shrink as the cut moves on, cut " + cut);
            for (int k = 0; k < n; k++) {
                assertEquals(all.get(k).timestampNanos(), r.frames.get(k).timestampNanos());
                assertTrue(Arrays.equals(all.get(k).data(), r.frames.get(k).data()), "frame " + k + " cut " + cut);
            }
            boolean complete = boundaries.contains(cut);
            assertEquals(complete ? 0 : 1, source.stats().truncatedInputs(), "cut " + cut);
            assertEquals(0, source.stats().damagedRecords(), "cut " + cut);
            previous = n;
        }
        assertEquals(all.size(), previous);
    }

    @Test
    void pcapCutAtEveryOffset() throws Exception {
        cutEverywhere(smallPcap(), 4, java.util.Set.of(24, 24 + 46, 24 + 46 + 23, 24 + 46 + 23 + 16, 24 + 46 + 23 + 16 + 57));
    }

    /** Offsets where a block ends, found by walking the lengths (byte order per section). */
    private static java.util.Set<Integer> blockBoundaries(byte[] image) {
        java.util.Set<Integer> ends = new java.util.HashSet<>();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(image);
        int pos = 0;
        ByteOrder order = ByteOrder.BIG_ENDIAN;
        while (pos < image.length) {
            if (b.order(ByteOrder.BIG_ENDIAN).getInt(pos) == 0x0A0D0D0A) {
                order = b.getInt(pos + 8) == 0x1A2B3C4D ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            }
            pos += b.order(order).getInt(pos + 4);
            ends.add(pos);
        }
        return ends;
    }

    @Test
    void pcapngCutAtEveryOffset() throws Exception {
        byte[] image = FileFormatsTest.pcapngImage();
        cutEverywhere(image, 4, blockBoundaries(image));
    }

    @Test
    void gzipCutAtEveryOffset() throws Exception {
        byte[] gz = CaptureImages.gzip(smallPcap());
        List<Recorder.Frame> all = full(smallPcap()).frames;
        int previous = 0;
        for (int cut = 0; cut <= gz.length; cut++) {
            Path file = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, cut));
            try (FileSource source = FileSource.open(List.of(file))) {
                Recorder r = new Recorder();
                source.run(r);
                assertTrue(r.frames.size() >= previous, "cut " + cut);
                assertTrue(r.frames.size() <= all.size());
                previous = r.frames.size();
                if (cut < gz.length) {
                    assertEquals(1, source.stats().truncatedInputs(), "cut " + cut);
                }
            } catch (CaptureException e) {
                // only while the gzip header or the pcap magic is incomplete
                assertTrue(previous == 0, "cut " + cut + ": " + e.getMessage());
            }
        }
        assertEquals(all.size(), previous);
    }

    @Test
    void randomBytesAfterAValidMagicNeverThrow() throws Exception {
        Random random = new Random(20261123);
        byte[][] magics = {
            {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1},
            {(byte) 0xa1, (byte) 0xb2, (byte) 0x3c, (byte) 0x4d},
            {0x0a, 0x0d, 0x0d, 0x0a, 0x4d, 0x3c, 0x2b, 0x1a},
            {0x0a, 0x0d, 0x0d, 0x0a, 0x1a, 0x2b, 0x3c, 0x4d},
        };
        for (int iteration = 0; iteration < 400; iteration++) {
            byte[] image = new byte[random.nextInt(600)];
            random.nextBytes(image);
            byte[] magic = magics[iteration % magics.length];
            System.arraycopy(magic, 0, image, 0, Math.min(magic.length, image.length));
            if (iteration % 3 == 0 && image.length > 40) {
                // small lengths make deeper parsing likely: block or caplen fields of 0..255
                for (int k = 4; k < image.length; k += 4) {
                    if (random.nextBoolean()) {
                        image[k + 1 < image.length ? k + 1 : k] = 0;
                    }
                }
            }
            Path file = Files.write(dir.resolve("random"), image);
            try (FileSource source = FileSource.open(List.of(file))) {
                Recorder r = new Recorder();
                source.run(r);
                CaptureStats s = source.stats();
                assertTrue(s.packets() == r.frames.size());
            } catch (CaptureException e) {
                assertTrue(image.length < 4, e.getMessage());
            }
        }
    }

    /** Valid images with a few bytes changed reach every branch of the parsers; none may throw. */
    @Test
    void mutatedImagesNeverThrow() throws Exception {
        Random random = new Random(42);
        byte[][] seeds = {smallPcap(), FileFormatsTest.pcapngImage()};
        FileSourceConfig config = new FileSourceConfig(16_384, 4096, 8192, 4, 10);
        for (int iteration = 0; iteration < 3000; iteration++) {
            byte[] image = seeds[iteration % 2].clone();
            int changes = 1 + random.nextInt(4);
            for (int k = 0; k < changes; k++) {
                int at = 4 + random.nextInt(image.length - 4); // keep the magic: get past recognition
                image[at] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(40));
            }
            byte[] bytes = iteration % 5 == 0 ? CaptureImages.gzip(image) : image;
            Path file = Files.write(dir.resolve("mutated"), bytes);
            try (FileSource source = FileSource.open(List.of(file), config)) {
                Recorder r = new Recorder();
                source.run(r);
                assertTrue(r.frames.size() <= 10, "iteration " + iteration);
                for (Recorder.Frame f : r.frames) {
                    assertTrue(f.data().length <= 4096);
                }
            }
        }
    }

    @Test
    void shortSimplePacketBlockIsDamage() throws Exception {
        byte[] image = new CaptureImages.Pcapng().section(ByteOrder.BIG_ENDIAN).idb(1, 0, -1, 0)
                .other(3, 0).spb(frame(1, 10), 10).bytes();
        try (FileSource source = FileSource.open(List.of(Files.write(dir.resolve("spb"), image)))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(1, r.frames.size());
            assertEquals(1, source.stats().damagedRecords());
        }
    }

    @Test
    void windowEdgesAreCrossedByRecords() throws Exception {
        // A tiny window (16 KiB) and records up to 4 KiB: hundreds of remaps, records across every edge.
        FileSourceConfig small = new FileSourceConfig(16_384, 4096, 8192, 16, 100);
        Random random = new Random(7);
        CaptureImages.Pcap pcap = new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, true, 4096, 1);
        int count = 2000;
        for (int k = 0; k < count; k++) {
            byte[] data = new byte[random.nextInt(4097)];
            random.nextBytes(data);
            data[0 % Math.max(1, data.length)] = data.length == 0 ? 0 : (byte) k;
            pcap.record(k, data);
        }
        byte[] image = pcap.bytes();
        Path plain = Files.write(dir.resolve("w.pcap"), image);
        Path gz = Files.write(dir.resolve("w.pcap.gz"), CaptureImages.gzip(image));
        Recorder mapped = FileFormatsTest.read(plain, small);
        Recorder streamed = FileFormatsTest.read(gz, small);
        assertEquals(count, mapped.frames.size());
        assertEquals(count, streamed.frames.size());
        long offset = 24;
        for (int k = 0; k < count; k++) {
            Recorder.Frame f = mapped.frames.get(k);
            assertEquals(k, f.timestampNanos());
            byte[] expected = Arrays.copyOfRange(image, (int) offset + 16, (int) offset + 16 + f.data().length);
            if (!Arrays.equals(expected, f.data()) || !Arrays.equals(expected, streamed.frames.get(k).data())) {
                fail("frame " + k + " differs");
            }
            offset += 16 + f.data().length;
        }
        assertEquals(image.length, offset);
    }

    @Test
    void pcapngSkipsUnknownBlocksLargerThanTheBufferWhenStreamed() throws Exception {
        FileSourceConfig small = new FileSourceConfig(16_384, 1024, 2048, 16, 100);
        byte[] image = new CaptureImages.Pcapng().section(ByteOrder.LITTLE_ENDIAN).idb(1, 0, 9, 0)
                .epb(0, 5, frame(1, 100), 100).other(0x0BAD, 100_000).epb(0, 6, frame(2, 100), 100).bytes();
        for (byte[] bytes : List.of(image, CaptureImages.gzip(image))) {
            Recorder r = FileFormatsTest.read(Files.write(dir.resolve("skip"), bytes), small);
            assertEquals(2, r.frames.size());
            assertEquals(6, r.frames.get(1).timestampNanos());
        }
    }

    @Test
    void garbledGzipBodyIsATruncatedInput() throws IOException, CaptureException {
        byte[] gz = CaptureImages.gzip(smallPcap());
        gz[gz.length - 5] ^= 0x55; // breaks the CRC32/ISIZE trailer (RFC 1952 s2.3.1)
        try (FileSource source = FileSource.open(List.of(Files.write(dir.resolve("crc.gz"), gz)))) {
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(4, r.frames.size(), "all records come before the trailer");
            assertEquals(1, source.stats().truncatedInputs());
            assertEquals(CaptureNotice.Kind.GZIP_CORRUPT, source.notices().get(0).kind());
        }
    }
}
