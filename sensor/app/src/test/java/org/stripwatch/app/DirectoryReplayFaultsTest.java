package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, faults: damaged captures in the middle of a directory replay. The files after the damage
 * are still read, every damaged file is named on standard error, the results of everything readable
 * are written, and the exit code is 3 (damaged input).
 */
class DirectoryReplayFaultsTest {
    @TempDir
    Path tmp;

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A capture with one SMTP session from client port {@code port}. */
    private static byte[] session(int port) {
        PcapWriter w = new PcapWriter();
        w.tcp("192.0.2.10", port, "198.51.100.25", 25).server("220 mx.example.net ESMTP\r\n")
                .client("EHLO c" + port + ".example.org\r\n").server("250-mx.example.net\r\n250 STARTTLS\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").fin();
        return w.bytes();
    }

    @Test
    void damagedFilesInTheMiddleAreNamedAndTheRestIsRead() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("captures"));
        Files.write(dir.resolve("a-good.pcap"), session(40001));
        byte[] b = session(40002);
        Files.write(dir.resolve("b-truncated.pcap"), Arrays.copyOf(b, b.length - 30)); // cut inside the last record
        byte[] c = session(40003);
        // A record whose length field is absurd (1 GiB) after the first few packets: corrupt, not just short.
        int second = 24 + 16 + ((c[24 + 8] & 0xff) | (c[24 + 9] & 0xff) << 8);
        c[second + 8] = 0;
        c[second + 9] = 0;
        c[second + 10] = 0;
        c[second + 11] = 0x40;
        Files.write(dir.resolve("c-corrupt.pcap"), c);
        Files.writeString(dir.resolve("d-notes.pcap"), "this is not a capture at all\n");
        Files.write(dir.resolve("e-good.pcap"), session(40005));
        Path sessions = tmp.resolve("s.jsonl");
        Run r = run("replay", "--sessions", sessions.toString(), dir.toString());
        assertEquals(ExitCodes.DAMAGED_INPUT, r.code(), r.err());
        for (String name : List.of("b-truncated.pcap", "c-corrupt.pcap", "d-notes.pcap")) {
            assertTrue(r.err().contains(name), name + " not named:\n" + r.err());
        }
        assertFalse(r.err().contains("\tat "), r.err());
        List<String> s = Files.readAllLines(sessions);
        // a and e whole, b up to its cut (the FIN exchange is lost). c ends at its corrupt record
        // after the SYN: no payload, so no SMTP session — it is in the connection log only.
        assertTrue(s.stream().anyMatch(l -> l.contains("c40001.example.org")), String.join("\n", s));
        assertTrue(s.stream().anyMatch(l -> l.contains("c40005.example.org")), String.join("\n", s));
        assertTrue(s.stream().anyMatch(l -> l.contains("c40002.example.org")), String.join("\n", s));
        assertEquals(3, s.size(), String.join("\n", s));
    }
}
