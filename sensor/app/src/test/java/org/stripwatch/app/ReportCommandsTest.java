package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay → report / measure / tlsrpt, as a user chains them. */
class ReportCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void replayThenReportMeasureAndTlsrpt() throws Exception {
        Path s = tmp.resolve("s.jsonl"), a = tmp.resolve("a.jsonl"), html = tmp.resolve("r.html"), csv = tmp.resolve("m.csv");
        Path lab = Captures.dir("lab");
        assertEquals(ExitCodes.OK, Main.run("replay", "-q", "--policies", lab.resolve("policies").toString(),
                "--sessions", s.toString(), "--alerts", a.toString(), lab.resolve("garble.pcap").toString()));
        assertFalse(Files.readAllLines(a).isEmpty());
        assertEquals(ExitCodes.OK, Main.run("report", "--sessions", s.toString(), "--alerts", a.toString(),
                "--out", html.toString()));
        String page = Files.readString(html);
        assertTrue(page.contains("stripwatch-status") && page.contains("starttls_capability_garbled"));
        assertFalse(page.matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:)?//.*"), "the report opens offline: nothing fetched");
        assertEquals(ExitCodes.OK, Main.run("measure", "--sessions", s.toString(), "--csv", csv.toString()));
        assertTrue(Files.readAllLines(csv).get(0).startsWith("day,dimension,key"));
        assertEquals(ExitCodes.OK, Main.run("tlsrpt", "--org", "Example", "--contact", "tlsrpt@example.net",
                "--policies", lab.resolve("policies").toString(), "--out", tmp.resolve("rpt").toString(), s.toString()));
        try (var files = Files.list(tmp.resolve("rpt"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().contains("lab.example")));
        }
        assertEquals(ExitCodes.USAGE, Main.run("measure", "--sessions", s.toString(), "--sample", "0", "--csv", csv.toString()));
    }
}
