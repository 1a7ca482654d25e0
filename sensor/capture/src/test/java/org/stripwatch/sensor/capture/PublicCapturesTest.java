package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every public capture reads whole, with the packet count tshark gave in MANIFEST.md. */
class PublicCapturesTest {
    private static final Path DIR = Path.of("/work/shared/captures/public");
    /** A MANIFEST table row: | `file` | repo | path | commit | licence | link type | packets | ... */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|(?:[^|]*\\|){5} (\\d+) \\|");

    @TestFactory
    List<DynamicTest> packetCountsMatchTheManifest() throws IOException {
        Path manifest = DIR.resolve("MANIFEST.md");
        Assumptions.assumeTrue(Files.isReadable(manifest), "public captures not present at " + DIR);
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(manifest)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                Path file = DIR.resolve(m.group(1));
                long expected = Long.parseLong(m.group(2));
                tests.add(DynamicTest.dynamicTest(m.group(1), () -> check(file, expected)));
            }
        }
        assertTrue(tests.size() >= 20, "MANIFEST rows found: " + tests.size());
        return tests;
    }

    private static void check(Path file, long expected) throws CaptureException {
        try (FileSource source = FileSource.open(List.of(file))) {
            long[] count = {0};
            source.run((linkType, ts, frame, wire) -> {
                count[0]++;
                assertTrue(linkType == 0 || linkType == 1, "link type " + linkType);
                assertTrue(ts > 0 && ts < 4_102_444_800_000_000_000L, "timestamp within 1970-2100: " + ts);
            });
            assertEquals(expected, count[0]);
            CaptureStats stats = source.stats();
            assertEquals(0, stats.damagedRecords() + stats.truncatedInputs(), source.notices().toString());
        }
    }

    @TestFactory
    List<DynamicTest> wholeDirectoryReadsAsOneSource() throws CaptureException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "public captures not present at " + DIR);
        try (FileSource source = FileSource.open(List.of(DIR))) {
            source.run((linkType, ts, frame, wire) -> { });
            return List.of(DynamicTest.dynamicTest("all files", () -> {
                assertEquals(28, source.files().size());
                assertEquals(1, source.skippedFiles(), "MANIFEST.md");
                assertEquals(7889, source.stats().packets());
            }));
        }
    }
}
