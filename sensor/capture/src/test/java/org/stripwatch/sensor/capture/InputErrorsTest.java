package org.stripwatch.sensor.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.sensor.capture.CaptureImages.frame;

import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that cannot be read at all: one clear line naming the input, no stack trace needed. */
class InputErrorsTest {
    @TempDir
    Path dir;

    private String failure(Path... paths) {
        CaptureException e = assertThrows(CaptureException.class, () -> FileSource.open(List.of(paths)));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static byte[] pcap(int id) {
        return new CaptureImages.Pcap(ByteOrder.BIG_ENDIAN, false, 65535, 1).record(id * 1_000_000L, frame(id, 10)).bytes();
    }

    @Test
    void nonexistentPath() {
        Path missing = dir.resolve("nope.pcap");
        assertEquals("capture file " + missing + ": no such file or directory", failure(missing));
    }

    @Test
    void emptyFile() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        assertEquals("capture file " + empty + ": empty file", failure(empty));
    }

    @Test
    void notACaptureNamesItsFirstBytes() throws Exception {
        Path html = Files.writeString(dir.resolve("page.pcap"), "<!DOCTYPE html>");
        assertEquals("capture file " + html + ": not a pcap or pcapng capture: it starts with "
                + "3c 21 44 4f 43 54 59 50 (\"<!DOCTYPE\")".replace("<!DOCTYPE", "<!DOCTYP"), failure(html));
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {(byte) 0xd4, (byte) 0xc3});
        assertTrue(failure(tiny).endsWith("not a capture: only d4 c3 (\"..\") then end of file"));
        Path badGzip = Files.write(dir.resolve("bad.gz"), new byte[] {0x1f, (byte) 0x8b, 0, 0, 0});
        assertTrue(failure(badGzip).contains("gzip magic 1f 8b but has no valid gzip header"));
        Path gzippedText = Files.write(dir.resolve("t.gz"), CaptureImages.gzip("hello world".getBytes()));
        assertTrue(failure(gzippedText).contains("it starts with 68 65 6c 6c"), failure(gzippedText));
        Path gzippedNothing = Files.write(dir.resolve("n.gz"), CaptureImages.gzip(new byte[0]));
        assertTrue(failure(gzippedNothing).endsWith("empty file"));
    }

    /**
     * Tests run as root, so chmod cannot make a file unreadable. /proc/self/mem is a regular file
     * whose read at offset 0 fails (EIO): the same error path as a permission problem. The message
     * mapping of AccessDeniedException is checked directly.
     */
    @Test
    void unreadableFile() {
        Path mem = Path.of("/proc/self/mem");
        if (Files.isRegularFile(mem)) {
            assertTrue(failure(mem).startsWith("capture file /proc/self/mem: "), failure(mem));
        }
        assertEquals("not readable (permission denied)",
                CaptureFiles.describe(new AccessDeniedException("/x")));
    }

    @Test
    void directoryIsReadRecursivelyInNameOrderSkippingNonCaptures() throws Exception {
        Files.createDirectories(dir.resolve("b/sub"));
        Files.write(dir.resolve("b/sub/2.pcap"), pcap(2));
        Files.write(dir.resolve("b/1.pcap"), pcap(1));
        Files.write(dir.resolve("b/3.pcap.gz"), CaptureImages.gzip(pcap(3)));
        Files.writeString(dir.resolve("b/README.md"), "# captures");
        Files.createFile(dir.resolve("b/empty.pcap"));
        try (FileSource source = FileSource.open(List.of(dir.resolve("b")))) {
            assertEquals(List.of(dir.resolve("b/1.pcap"), dir.resolve("b/3.pcap.gz"), dir.resolve("b/sub/2.pcap")),
                    source.files());
            assertEquals(2, source.skippedFiles());
            assertEquals(List.of(CaptureNotice.Kind.NOT_A_CAPTURE_SKIPPED, CaptureNotice.Kind.UNREADABLE_SKIPPED),
                    source.notices().stream().map(CaptureNotice::kind).toList());
            Recorder r = new Recorder();
            source.run(r);
            assertEquals(List.of(1_000_000L, 3_000_000L, 2_000_000L), r.frames.stream().map(Recorder.Frame::timestampNanos).toList());
            assertEquals(3, source.stats().inputs());
        }
    }

    @Test
    void directoryWithoutCaptures() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("none"));
        Files.writeString(empty.resolve("a.txt"), "x");
        assertEquals("capture directory " + empty + ": no pcap or pcapng files among its 1 regular files",
                failure(empty));
    }

    @Test
    void aFileRemovedBetweenOpenAndRunIsAnError() throws Exception {
        Path file = Files.write(dir.resolve("gone.pcap"), pcap(1));
        try (FileSource source = FileSource.open(List.of(file))) {
            Files.delete(file);
            CaptureException e = assertThrows(CaptureException.class, () -> source.run(new Recorder()));
            assertEquals("capture file " + file + ": no such file or directory", e.getMessage());
        }
    }

    @Test
    void noPaths() {
        assertEquals("no capture files given", failure());
    }
}
