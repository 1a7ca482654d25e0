package org.stripwatch.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stripwatch tlsrpt} on the golden session records of the public captures: every report validates. */
class TlsRptPublicCapturesTest {
    @TempDir
    Path out;

    @Test
    void reportsFromRealSessionRecordsValidate() throws Exception {
        Path dir = Path.of(System.getProperty("stripwatch.root", "../.."), "captures", "public");
        assumeTrue(Files.isDirectory(dir), "no captures/public");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".expected.jsonl")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        List<Path> written = TlsRpt.run(files, List.of(), "sensor.example.org", "mailto:tlsrpt@example.org", out, problems::add);
        assertTrue(problems.isEmpty(), problems.toString());
        assertFalse(written.isEmpty());
        ObjectMapper json = new ObjectMapper();
        for (Path p : written) assertEquals(List.of(), Rfc8460Validator.validate(json.readTree(p.toFile())), p.toString());
    }
}
