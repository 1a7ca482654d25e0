package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.sensor.capture.CaptureImages.frame;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of the pcap and pcapng record parsers (Jazzer). Under plain {@code mvn test}
 * only the committed inputs in {@code CaptureFuzzTestInputs/<method>/} run; {@code ops/fuzz/run}
 * runs a campaign. Each input is read twice, memory-mapped and as a gzip stream (the two
 * {@link RecordInput}s), with small limits; properties: nothing but a {@link CaptureException} at
 * open escapes, no frame is larger than the configured maximum, the notice list stays bounded, and
 * both inputs give the same frames and counters.
 */
class CaptureFuzzTest {
    /** Small limits so that fuzz inputs reach them: frames over 1 KiB and blocks over 2 KiB are damage. */
    static final FileSourceConfig SMALL = new FileSourceConfig(2048 + FileSourceConfig.WINDOW_SLACK, 1024, 2048, 4, 8);
    private static final int[] PCAP_MAGICS = {0xD4C3B2A1, 0xA1B2C3D4, 0x4D3CB2A1, 0xA1B23C4D};
    private static final byte[] PCAPNG_MAGIC = {0x0A, 0x0D, 0x0D, 0x0A};

    private static Path dir;
    private static Path mapped;
    private static Path gzipped;

    @BeforeAll
    static void files() throws IOException {
        dir = Files.createTempDirectory("capture-fuzz");
        mapped = dir.resolve("input.pcap");
        gzipped = dir.resolve("input.pcap.gz");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Files.deleteIfExists(mapped);
        Files.deleteIfExists(gzipped);
        Files.deleteIfExists(dir);
    }

    /** Input: one byte choosing the pcap magic (byte order, usec/nsec), then the file after the magic. */
    @FuzzTest
    void pcap(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int magic = PCAP_MAGICS[(input[0] & 0xff) % PCAP_MAGICS.length];
        byte[] file = new byte[input.length + 3];
        file[0] = (byte) (magic >>> 24);
        file[1] = (byte) (magic >>> 16);
        file[2] = (byte) (magic >>> 8);
        file[3] = (byte) magic;
        System.arraycopy(input, 1, file, 4, input.length - 1);
        check(file);
    }

    /** Input: a pcapng file after its first four bytes (the Section Header Block type). */
    @FuzzTest
    void pcapng(byte[] input) throws IOException {
        byte[] file = new byte[input.length + 4];
        System.arraycopy(PCAPNG_MAGIC, 0, file, 0, 4);
        System.arraycopy(input, 0, file, 4, input.length);
        check(file);
    }

    private static void check(byte[] file) throws IOException {
        Files.write(mapped, file);
        Files.write(gzipped, CaptureImages.gzip(file));
        Read fromMap = read(mapped);
        Read fromStream = read(gzipped);
        assertEquals(fromMap.stats, fromStream.stats, "mapped and streamed input disagree");
        assertEquals(fromMap.frames.frames.size(), fromStream.frames.frames.size());
        for (int i = 0; i < fromMap.frames.frames.size(); i++) {
            Recorder.Frame a = fromMap.frames.frames.get(i), b = fromStream.frames.frames.get(i);
            assertEquals(a.linkType(), b.linkType(), "frame " + i);
            assertEquals(a.timestampNanos(), b.timestampNanos(), "frame " + i);
            assertEquals(a.wireLength(), b.wireLength(), "frame " + i);
            assertArrayEquals(a.data(), b.data(), "frame " + i);
        }
    }

    private record Read(Recorder frames, CaptureStats stats) {}

    private static Read read(Path file) {
        Recorder r = new Recorder();
        FileSource source;
        try {
            source = FileSource.open(List.of(file), SMALL);
        } catch (CaptureException e) {
            return new Read(r, null); // unreadable as a whole: a one-line error, allowed at open only
        }
        try (source) {
            source.run(r);
        } catch (CaptureException e) {
            throw new AssertionError("a recognised capture must not fail while reading: " + e.getMessage(), e);
        }
        CaptureStats s = source.stats();
        assertEquals(r.frames.size(), s.packets());
        for (Recorder.Frame f : r.frames) {
            assertTrue(f.data().length <= SMALL.maxCaptureLength(), "frame of " + f.data().length + " bytes");
        }
        assertTrue(source.notices().size() <= SMALL.maxNotices(), "notices " + source.notices().size());
        return new Read(r, s);
    }

    // ---- seed corpus ----------------------------------------------------------------------------

    /**
     * Writes the seed inputs (small valid captures in every flavour) into the source tree:
     * {@code mvn -pl sensor/capture test -Dtest=CaptureFuzzTest#writeSeeds -Dstripwatch.fuzz.writeSeeds=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "stripwatch.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path base = Path.of(System.getProperty("stripwatch.root"), "sensor/capture/src/test/resources",
                "org/stripwatch/sensor/capture/CaptureFuzzTestInputs");
        long t = 1_700_000_000_123_456_789L;
        int k = 0;
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (boolean nanos : List.of(false, true)) {
                byte[] image = new CaptureImages.Pcap(order, nanos, 65535, 1).record(t, frame(1, 60))
                        .record(t + 1000, frame(2, 40), 1500).record(t + 2000, frame(3, 0)).bytes();
                int selector = (order == ByteOrder.LITTLE_ENDIAN ? 0 : 1) + (nanos ? 2 : 0); // PCAP_MAGICS
                byte[] seed = new byte[image.length - 3];
                seed[0] = (byte) selector;
                System.arraycopy(image, 4, seed, 1, image.length - 4);
                seedFile(base.resolve("pcap"), "seed-" + k++, seed);
            }
        }
        byte[][] ng = {
            new CaptureImages.Pcapng().section(ByteOrder.LITTLE_ENDIAN).idb(1, 65535, -1, 0)
                    .epb(0, 1_700_000_000_000_000L, frame(1, 60), 60).spb(frame(2, 20), 20).bytes(),
            new CaptureImages.Pcapng().section(ByteOrder.BIG_ENDIAN).idb(101, 128, 9, 10)
                    .epb(0, 5, frame(3, 130), 200).pb(0, 6, frame(4, 8), 8).other(0x0BAD, 8)
                    .section(ByteOrder.LITTLE_ENDIAN).idb(113, 0, 0x86, 0).idb(1, 64, -1, 0)
                    .epb(1, 7, frame(5, 64), 64).bytes(),
        };
        for (byte[] image : ng) {
            seedFile(base.resolve("pcapng"), "seed-" + k++, Arrays.copyOfRange(image, 4, image.length));
        }
    }

    static void seedFile(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), bytes);
    }
}
