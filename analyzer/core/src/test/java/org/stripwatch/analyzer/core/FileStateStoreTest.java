package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.core.baseline.FileStateStore;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.core.baseline.StateStoreException;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Severity;

/** The embedded store: baselines and pending attempts survive a restart; corruption is reported, never silently reset. */
class FileStateStoreTest {
    @TempDir
    Path dir;

    private void learn(Analyzer an, int n) {
        for (int i = 0; i < n; i++) {
            an.process(session("192.0.2." + (1 + i % 5), "198.51.100.25", T0.plus(Duration.ofMinutes(10L * i))).ttl(52).ehlo(true)
                    .tls("TLSv1.3", "j").build());
        }
    }

    @Test
    void baselineSurvivesRestart() throws Exception {
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), AnalyzerConfig.DEFAULTS)) {
            learn(an, 500);
        }
        assertTrue(Files.exists(dir.resolve("baselines.json")));
        assertFalse(Files.exists(dir.resolve("baselines.json.tmp")));
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), AnalyzerConfig.DEFAULTS)) {
            Alert a = an.process(session("192.0.2.1", "198.51.100.25", T0.plus(Duration.ofDays(5))).ttl(52).ehlo(false)
                    .cleartextMail("example.org").build()).get(0);
            assertEquals(Severity.HIGH, a.getSeverity());
            assertTrue(a.getReason().contains("offered STARTTLS in 500 of the last 500 sessions"), a.getReason());
        }
    }

    @Test
    void pendingAttemptSurvivesRestart() throws Exception {
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), AnalyzerConfig.DEFAULTS)) {
            an.process(session("192.0.2.10", "198.51.100.25", T0).ehlo(true).reset(58, 49).build());
        }
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), AnalyzerConfig.DEFAULTS)) {
            Alert a = an.process(session("192.0.2.10", "198.51.100.25", T0.plusSeconds(30)).ehlo(true).cleartextMail("example.org").build()).get(0);
            assertEquals("mail_exposed_after_tls_tampering", a.getType());
        }
    }

    @Test
    void heldAttemptAlertSurvivesRestart() throws Exception {
        AnalyzerConfig hold = AnalyzerConfig.DEFAULTS.withHoldAttempts(true);
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), hold)) {
            assertTrue(an.process(session("192.0.2.10", "198.51.100.25", T0).ehlo(true).reset(58, 49).build()).isEmpty());
        }
        try (Analyzer an = new Analyzer(PolicyStore.empty(), FileStateStore.open(dir), hold)) {
            var held = an.drainHeld();
            assertEquals(1, held.size());
            assertEquals("tls_handshake_reset_injected", held.get(0).getType());
            assertTrue(held.get(0).getReason().contains("TTL 58"), held.get(0).getReason());
        }
    }

    @Test
    void corruptFileIsAnErrorNamingTheFile() throws Exception {
        Files.writeString(dir.resolve("baselines.json"), "{\"version\":1,\"servers\":{\"x\":{\"sessions\":");
        StateStoreException e = assertThrows(StateStoreException.class, () -> FileStateStore.open(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("baselines.json").toString() + ": baseline state file is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
        Files.writeString(dir.resolve("baselines.json"), "{\"version\":99,\"servers\":{}}");
        assertTrue(assertThrows(StateStoreException.class, () -> FileStateStore.open(dir)).getMessage().contains("format 99"));
    }

    @Test
    void boundedLeastRecentlyUsedAndExpiredByCaptureTime() throws Exception {
        FileStateStore s = FileStateStore.open(dir, 3, Duration.ofDays(90));
        for (int i = 0; i < 5; i++) {
            ServerState st = new ServerState();
            st.lastSeen = (i == 3 ? 0 : 200L) * 86_400_000_000L;
            s.put("k" + i, st);
        }
        assertEquals(3, s.size());
        assertEquals(2, s.evicted());
        s.flush(); // k3 was last seen 200 days before the newest
        assertEquals(2, s.size());
        assertEquals(1, s.expired());
        s.close();
        assertEquals(2, FileStateStore.open(dir).size());
    }
}
