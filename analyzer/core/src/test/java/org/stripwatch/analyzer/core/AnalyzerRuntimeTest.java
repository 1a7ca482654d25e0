package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.analyzer.core.Rec.T0;
import static org.stripwatch.analyzer.core.Rec.session;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.ingest.EmbeddedIngest;
import org.stripwatch.analyzer.policy.PolicyLoadException;

/** The CLI wiring: policies dir, alerts file, state dir; a bad policy file stops the start with file:line. */
class AnalyzerRuntimeTest {
    @TempDir
    Path tmp;

    @Test
    void replayWiring() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(pol.resolve("example.net.mta-sts.txt"), Fixture.MTA_STS_ENFORCE);
        Path alerts = tmp.resolve("alerts.jsonl"), state = tmp.resolve("state");
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(pol), alerts.toString(), state, null))) {
            EmbeddedIngest in = rt.embedded();
            var s = session("192.0.2.10", "198.51.100.25", T0).banner("mx1.example.net").ehlo(false).cleartextMail("example.net").build();
            in.accept(s);
            in.accept(s); // duplicate: deduplicated
            in.accept(session("192.0.2.10", "198.51.100.25", T0.plusSeconds(1)).banner("mx1.example.net").ehlo(true).tls("TLSv1.3", "j").build());
            in.flush();
        }
        List<String> lines = Files.readAllLines(alerts);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).contains("\"severity\":\"critical\""), lines.get(0));
        assertTrue(Files.exists(state.resolve("baselines.json")));
    }

    @Test
    void badPolicyStopsTheStartNamingFileAndLine() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(pol.resolve("example.net.mta-sts.txt"), "version: STSv1\nmode: enforcing\nmx: a.example.net\nmax_age: 1\n");
        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> AnalyzerRuntime.open(AnalyzerOptions.of(List.of(pol), null, null, null)));
        assertTrue(e.getMessage().contains("example.net.mta-sts.txt:2"), e.getMessage());
    }

    /** Cleartext mail to example.net at second {@code sec}: critical under the enforce policy, not without it. */
    private static org.stripwatch.schemas.SessionRecord cleartext(int sec) {
        return session("192.0.2.10", "198.51.100.25", T0.plusSeconds(sec)).banner("mx1.example.net").ehlo(false)
                .cleartextMail("example.net").build();
    }

    private static List<org.stripwatch.schemas.Alert> alerts(AnalyzerRuntime rt, int sec) {
        return rt.analyzer().process(cleartext(sec));
    }

    @Test
    void reloadWithABrokenFileKeepsTheLastGoodPoliciesAndNamesTheError() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("reload"));
        Path file = pol.resolve("example.net.mta-sts.txt");
        Files.writeString(file, Fixture.MTA_STS_ENFORCE);
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(pol), null, null, null))) {
            assertEquals("CRITICAL", alerts(rt, 0).get(0).getSeverity().name());

            Files.writeString(file, "version: STSv1\nmode: enforcing\nmx: mx1.example.net\nmax_age: 1\n");
            AnalyzerRuntime.Reload bad = rt.reload();
            assertTrue(!bad.applied(), bad.toString());
            assertTrue(bad.problems().stream().anyMatch(p -> p.contains("example.net.mta-sts.txt:2")), bad.toString());
            assertEquals(1, rt.analyzer().stats().policyReloadFailures());
            // The enforce policy is still in force.
            assertEquals("CRITICAL", alerts(rt, 3600).get(0).getSeverity().name());

            Files.delete(file); // a good (empty) policy set: example.net has no policy any more
            AnalyzerRuntime.Reload good = rt.reload();
            assertTrue(good.applied(), good.toString());
            assertEquals(1, rt.analyzer().stats().policyReloads());
            List<org.stripwatch.schemas.Alert> after = alerts(rt, 7200);
            assertTrue(after.isEmpty() || !after.get(0).getSeverity().name().equals("CRITICAL"), after.toString());
        }
    }

    @Test
    void reloadOfAVanishedDirectoryIsAnErrorNotACrash() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("gone"));
        Path file = pol.resolve("example.net.mta-sts.txt");
        Files.writeString(file, Fixture.MTA_STS_ENFORCE);
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(pol), null, null, null))) {
            Files.delete(file);
            Files.delete(pol);
            AnalyzerRuntime.Reload r = rt.reload();
            assertTrue(!r.applied(), r.toString());
            assertTrue(r.problems().stream().anyMatch(p -> p.contains("gone")), r.toString());
            assertEquals("CRITICAL", alerts(rt, 0).get(0).getSeverity().name());
        }
    }

    /**
     * The analyzer killed after writing some alerts but before committing (kill -9: no close) and restarted on the
     * same files: the records since the last commit come again. Nothing written before is lost, nothing is written
     * twice, and a line torn by the kill does not swallow the next one.
     */
    @Test
    void restartAfterACrashNeitherLosesNorRepeatsAlerts() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("restart-policies"));
        Files.writeString(pol.resolve("example.net.mta-sts.txt"), Fixture.MTA_STS_ENFORCE);
        Path alerts = tmp.resolve("alerts.jsonl"), state = tmp.resolve("restart-state");
        AnalyzerOptions o = AnalyzerOptions.of(List.of(pol), alerts.toString(), state, null).withAppendAlerts(true);

        var r0 = cleartext(0);
        var r1 = cleartext(60);
        var r2 = cleartext(120);
        AnalyzerRuntime first = AnalyzerRuntime.open(o);
        EmbeddedIngest in1 = first.embedded();
        in1.accept(r0);
        in1.accept(r1);
        in1.flush(); // written to the file; the consumer would commit only now, and is killed first
        Files.writeString(alerts, "{\"id\":\"torn-by-the-kil", java.nio.file.StandardOpenOption.APPEND);
        // kill -9: `first` is never closed.

        try (AnalyzerRuntime second = AnalyzerRuntime.open(o)) {
            EmbeddedIngest in2 = second.embedded();
            in2.accept(r0); // redelivered
            in2.accept(r1); // redelivered
            in2.accept(r2); // new
            in2.flush();
        }
        List<String> lines = Files.readAllLines(alerts);
        List<String> ids = JsonIds.of(lines);
        assertEquals(3, ids.size(), String.join("\n", lines));
        assertEquals(3, new java.util.HashSet<>(ids).size(), "an alert was written twice:\n" + String.join("\n", lines));
        assertEquals(4, lines.size(), "three alerts and the torn line on its own:\n" + String.join("\n", lines));
    }

    @Test
    void replayStillReplacesTheAlertsFile() throws Exception {
        Path pol = Files.createDirectories(tmp.resolve("replace-policies"));
        Files.writeString(pol.resolve("example.net.mta-sts.txt"), Fixture.MTA_STS_ENFORCE);
        Path alerts = Files.writeString(tmp.resolve("old.jsonl"), "{\"id\":\"old\"}\n");
        try (AnalyzerRuntime rt = AnalyzerRuntime.open(AnalyzerOptions.of(List.of(pol), alerts.toString(), null, null))) {
            rt.embedded().accept(cleartext(0));
        }
        assertEquals(1, Files.readAllLines(alerts).size());
        assertTrue(!Files.readString(alerts).contains("\"old\""));
    }

    /** The alert ids of JSON lines, skipping lines that are not alerts. */
    private static final class JsonIds {
        static List<String> of(List<String> lines) {
            com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> ids = new java.util.ArrayList<>();
            for (String l : lines) {
                try {
                    ids.add(m.readTree(l).get("id").asText());
                } catch (Exception torn) {
                    // the torn line
                }
            }
            return ids;
        }
    }
}
