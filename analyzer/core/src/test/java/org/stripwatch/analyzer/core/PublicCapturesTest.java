package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.alert.AlertJson;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/**
 * The golden session records of the public captures (real mail traffic, no attacks known) read back from JSON:
 * nothing in them is high or critical without a policy, and reading loses nothing the analyzer uses.
 */
class PublicCapturesTest {
    private static List<Path> goldenFiles() throws Exception {
        Path dir = Path.of(System.getProperty("stripwatch.root", "../.."), "captures", "public");
        assumeTrue(Files.isDirectory(dir), "no captures/public");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".expected.jsonl")).sorted().toList();
        }
    }

    @Test
    void realTrafficRaisesNothingHighWithoutPolicies() throws Exception {
        List<String> errors = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        int sessions = 0;
        Analyzer an = Fixture.analyzer();
        for (Path f : goldenFiles()) {
            for (SessionRecord s : SessionJson.read(f, "golden", errors::add)) {
                sessions++;
                alerts.addAll(an.process(s));
            }
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertTrue(sessions > 20, "read " + sessions);
        for (Alert a : alerts) {
            assertTrue(a.getSeverity().ordinal() < Severity.HIGH.ordinal(), AlertJson.toJson(a));
            assertTrue(!a.getReason().isBlank());
        }
    }

    @Test
    void jsonReaderKeepsTheFacts() throws Exception {
        String line = Files.readAllLines(goldenFiles().get(0)).get(0);
        SessionRecord s = SessionJson.parse(line, "x");
        assertEquals(587, s.getServerPort());
        assertEquals("205.188.186.167", Sessions.ip(s.getServerIp()));
        assertEquals("mtaout-db02.r1000.mx.aol.com", s.getServerBannerHost());
        assertTrue(s.getStarttls().getOffered());
        assertTrue(s.getMailInCleartext());
        assertEquals(List.of("xxxx.xxx.xx.jp"), s.getRcptDomains());
        assertEquals("SIZE", s.getEhloCapabilities().get(1).getKeyword());
        assertEquals(List.of("36700160"), s.getEhloCapabilities().get(1).getParams());
        assertEquals("starttls_offered_not_used", s.getFindings().get(0).getType());
        assertEquals(55, s.getTtlServerToClient());
    }
}
