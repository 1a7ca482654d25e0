package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: results, one-line errors and exit codes. */
class ReplayCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static Path starttls() {
        return Captures.dir("public").resolve("zeek-smtp-starttls.pcap");
    }

    @Test
    void replayWritesTheConnectionLogAndASummary() throws Exception {
        Path flows = tmp.resolve("conn.jsonl");
        Run r = run("replay", "--flows", flows.toString(), starttls().toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        List<String> lines = Files.readAllLines(flows);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"server_port\":25"), lines.get(0));
        assertTrue(r.err().contains("1 connections"), r.err());
        assertTrue(r.err().contains("1 sessions: STARTTLS offered in 1 (100.0%)"), r.err());
    }

    @Test
    void flowsToStandardOutput() {
        Run r = run("replay", "-q", "--flows", "-", starttls().toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertEquals(1, r.out().lines().count());
        assertEquals("", r.err());
    }

    @Test
    void directoriesAndSeveralFilesInOneRun() {
        Run r = run("replay", "-q", "--flows", "-", Captures.dir("public").toString(), starttls().toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().lines().count() > 30);
    }

    @Test
    void missingFileIsOneLineNamingIt() {
        Run r = run("replay", tmp.resolve("nope.pcap").toString());
        assertEquals(ExitCodes.INPUT, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("nope.pcap"), r.err());
    }

    @Test
    void emptyAndRandomFilesAreRejectedClearly() throws Exception {
        Path empty = Files.createFile(tmp.resolve("empty.pcap"));
        Run r = run("replay", empty.toString());
        assertEquals(ExitCodes.INPUT, r.code());
        assertTrue(r.err().contains("empty.pcap") && r.err().lines().count() == 1, r.err());

        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Path random = Files.write(tmp.resolve("random.bin"), junk);
        r = run("replay", random.toString());
        assertEquals(ExitCodes.INPUT, r.code());
        assertTrue(r.err().contains("random.bin") && r.err().lines().count() == 1, r.err());
    }

    @Test
    void truncatedFileKeepsWhatWasReadableAndSaysSo() throws Exception {
        byte[] whole = Files.readAllBytes(starttls());
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 100));
        Path flows = tmp.resolve("cut.jsonl");
        Run r = run("replay", "--flows", flows.toString(), cut.toString());
        assertEquals(ExitCodes.DAMAGED_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("cut.pcap"), r.err());
        assertEquals(1, Files.readAllLines(flows).size());
    }

    @Test
    void badFlagsAndValuesAreOneLineUsageErrors() {
        Run r = run("replay", "--no-such-flag", starttls().toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--no-such-flag"), r.err());
        r = run("replay", "--ports", "25,70000", starttls().toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("70000"), r.err());
        r = run("replay", "--max-flows", "many", starttls().toString());
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("--max-flows"), r.err());
    }

    @Test
    void unwritableOutputIsNamed() {
        Run r = run("replay", "--flows", tmp.resolve("no/such/dir/x.jsonl").toString(), starttls().toString());
        assertEquals(ExitCodes.INPUT, r.code());
        assertTrue(r.err().contains("x.jsonl"), r.err());
    }

    @Test
    void helpHasExamplesAndVersionWorks() {
        Run r = run("replay", "--help");
        assertEquals(ExitCodes.OK, r.code());
        assertTrue(r.out().contains("Examples:"), r.out());
        r = run("--version");
        assertTrue(r.out().startsWith("stripwatch"), r.out());
    }
}
