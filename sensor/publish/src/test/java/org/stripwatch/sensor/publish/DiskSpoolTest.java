package org.stripwatch.sensor.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpoolTest {
    @TempDir
    Path dir;

    private SpoolConfig config() {
        return SpoolConfig.defaults(dir).withSegmentBytes(1024).withFsync(FsyncPolicy.NEVER, Duration.ZERO);
    }

    private static byte[] v(int i) {
        return ("value-" + i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void fifoAcrossSegmentsWithCommitAndRewind() throws IOException {
        try (DiskSpool s = DiskSpool.open(config())) {
            for (int i = 0; i < 200; i++) {
                assertTrue(s.append((byte) (i % 2), new byte[] {(byte) i}, v(i)));
            }
            assertEquals(200, s.records());
            assertTrue(segments().size() > 2, "rolled segments");
            List<SpoolRecord> first = read(s, 50);
            s.commit(first.get(49));
            assertEquals(150, s.records());
            read(s, 30);
            s.rewind(); // the 30 were not acknowledged: they come again
            List<SpoolRecord> rest = read(s, 150);
            for (int i = 0; i < 150; i++) {
                assertArrayEquals(v(50 + i), rest.get(i).value());
                assertEquals((byte) ((50 + i) % 2), rest.get(i).stream());
            }
            assertNull(s.next());
            s.commit(rest.get(149));
            assertTrue(s.isEmpty());
            assertEquals(0, s.bytes());
            assertTrue(segments().size() <= 1, "acknowledged segments deleted: " + segments());
        }
    }

    @Test
    void survivesRestartAndResumesAfterTheAcknowledgedRecord() throws IOException {
        try (DiskSpool s = DiskSpool.open(config())) {
            for (int i = 0; i < 100; i++) {
                s.append((byte) 0, new byte[0], v(i));
            }
            s.commit(read(s, 40).get(39));
        }
        try (DiskSpool s = DiskSpool.open(config())) {
            assertEquals(60, s.records());
            List<SpoolRecord> rest = read(s, 60);
            assertArrayEquals(v(40), rest.get(0).value());
            assertArrayEquals(v(99), rest.get(59).value());
            assertNull(s.next());
            s.append((byte) 0, new byte[0], v(100)); // appends continue after the recovered ones
            assertArrayEquals(v(100), s.next().value());
        }
    }

    @Test
    void tornLastRecordIsCutAtEveryLength() throws IOException {
        // A crash can stop an append at any byte: every cut must recover the whole records before it.
        byte[] value = v(7);
        int frame = DiskSpool.FRAME_OVERHEAD + 5 + 1 + value.length;
        for (int cut = 1; cut < frame; cut++) {
            Path d = dir.resolve("cut" + cut);
            SpoolConfig c = config().withDir(d).withSegmentBytes(1 << 20);
            try (DiskSpool s = DiskSpool.open(c)) {
                s.append((byte) 0, new byte[] {1}, v(1));
                s.append((byte) 0, new byte[] {1}, value);
            }
            Path seg = onlySegment(d);
            try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() - cut);
            }
            try (DiskSpool s = DiskSpool.open(c)) {
                assertEquals(1, s.records(), "cut " + cut);
                assertEquals(1, s.tornRecords());
                assertArrayEquals(v(1), s.next().value());
                assertNull(s.next());
            }
        }
    }

    @Test
    void flippedByteInTheLastRecordIsDetectedByCrc() throws IOException {
        SpoolConfig c = config().withSegmentBytes(1 << 20);
        try (DiskSpool s = DiskSpool.open(c)) {
            s.append((byte) 0, new byte[0], v(1));
            s.append((byte) 0, new byte[0], v(2));
        }
        Path seg = onlySegment(dir);
        byte[] b = Files.readAllBytes(seg);
        b[b.length - 1] ^= 0x40;
        Files.write(seg, b);
        try (DiskSpool s = DiskSpool.open(c)) {
            assertEquals(1, s.records());
            assertEquals(1, s.tornRecords());
        }
    }

    @Test
    void fullSpoolDropsAndCounts() throws IOException {
        SpoolConfig c = config().withMaxBytes(1000).withFullLogInterval(Duration.ofHours(1));
        try (DiskSpool s = DiskSpool.open(c)) {
            int ok = 0;
            for (int i = 0; i < 100; i++) {
                if (s.append((byte) 0, new byte[0], new byte[50])) {
                    ok++;
                }
            }
            long frame = DiskSpool.FRAME_OVERHEAD + 5 + 50;
            assertEquals(1000 / frame, ok);
            assertEquals(100 - ok, s.droppedRecords());
            assertTrue(s.bytes() <= 1000);
            s.commit(read(s, 1).get(0)); // room again
            assertTrue(s.append((byte) 0, new byte[0], new byte[50]));
        }
    }

    @Test
    void randomAppendReadCommitMatchesAQueueModel() throws IOException {
        Random rnd = new Random(42);
        List<Integer> model = new ArrayList<>();
        int nextValue = 0;
        DiskSpool s = DiskSpool.open(config());
        try {
            for (int step = 0; step < 2000; step++) {
                int op = rnd.nextInt(10);
                if (op < 6) {
                    s.append((byte) 0, new byte[0], v(nextValue));
                    model.add(nextValue++);
                } else if (op < 9 && !model.isEmpty()) {
                    int n = 1 + rnd.nextInt(model.size());
                    List<SpoolRecord> got = read(s, n);
                    for (int i = 0; i < n; i++) {
                        assertArrayEquals(v(model.get(i)), got.get(i).value());
                    }
                    if (rnd.nextBoolean()) {
                        s.commit(got.get(n - 1));
                        model.subList(0, n).clear();
                    } else {
                        s.rewind();
                    }
                } else {
                    s.close(); // restart
                    s = DiskSpool.open(config());
                }
                assertEquals(model.size(), s.records());
            }
        } finally {
            s.close();
        }
    }

    private List<SpoolRecord> read(DiskSpool s, int n) {
        List<SpoolRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SpoolRecord r = s.next();
            assertFalse(r == null, "record " + i + " of " + n + " missing");
            out.add(r);
        }
        return out;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> st = Files.list(dir)) {
            return st.filter(p -> p.toString().endsWith(".seg")).toList();
        }
    }

    private static Path onlySegment(Path d) throws IOException {
        try (Stream<Path> st = Files.list(d)) {
            // the newest segment opened at recovery is empty; the data is in the first one
            return st.filter(p -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
    }
}
