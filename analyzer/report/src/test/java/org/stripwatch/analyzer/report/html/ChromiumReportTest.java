package org.stripwatch.analyzer.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.Analyzer;
import org.stripwatch.analyzer.core.AnalyzerConfig;
import org.stripwatch.analyzer.core.SessionJson;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.analyzer.policy.PolicyLoader;
import org.stripwatch.analyzer.report.measure.AsnTable;
import org.stripwatch.analyzer.report.measure.AsnTableLoader;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

/**
 * The report of the attack lab's captures (client-side vantage point, alerts from the real analyzer and the lab's
 * policies, plus hostile records) rendered by Debian's headless Chromium: the page's own status element must say
 * it rendered its charts with no script error and no Content-Security-Policy violation. Leaves
 * {@code target/report-screenshot.png} and {@code target/report-test/report.html} as artifacts.
 */
class ChromiumReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_S = 90;

    @Test
    void rendersInHeadlessChromiumWithoutErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium absent: apt-get install -y chromium (ops/setup installs it in CI)");
        Path root = Path.of(System.getProperty("stripwatch.root", "../.."));
        Path lab = root.resolve("captures/lab");
        assumeTrue(Files.isDirectory(lab), "captures/lab not found under " + root);
        Path out = Path.of("target/report-test");
        Files.createDirectories(out);

        List<SessionRecord> sessions = labSessions(lab);
        List<Alert> alerts = analyze(sessions, lab.resolve("policies"));
        assertFalse(alerts.isEmpty(), "the lab's attacks raise alerts");
        Path asn = out.resolve("ip2asn-doc.tsv");
        Files.writeString(asn, "203.0.113.0\t203.0.113.255\t64500\tDE\tEXAMPLE-MAIL-DE (RFC 5398 documentation AS)\n"
                + "2001:db8:3::\t2001:db8:3:ffff:ffff:ffff:ffff:ffff\t64501\tNL\tEXAMPLE-MAIL-NL\n");
        AsnTable table = AsnTableLoader.load(List.of(asn)).table();
        HtmlReport r = new HtmlReport(ReportOptions.DEFAULTS.withSources(List.of("captures/lab (client side)", "analyzer + captures/lab/policies")), table);
        r.addSessions(sessions).addAlerts(alerts);
        r.add(Hostile.session(sessions.get(0).getStart()));
        r.add(Hostile.alert(sessions.get(0).getStart()));
        Path html = out.resolve("report.html").toAbsolutePath();
        int charts;
        try (Writer w = Files.newBufferedWriter(html, StandardCharsets.UTF_8)) {
            charts = r.render(w);
        }

        String dom = chromium(out, "--dump-dom", html);
        Matcher m = Pattern.compile("<pre id=\"stripwatch-status\"[^>]*>([^<]*)</pre>").matcher(dom);
        assertTrue(m.find(), "status element in the dumped DOM");
        JsonNode status = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\""));
        assertTrue(status.path("rendered").asBoolean(), "page script ran: " + status);
        assertEquals(charts, status.path("charts").asInt(), "every chart is in the DOM");
        assertTrue(charts >= 9, "time, alerts x2, servers, prefixes, AS, country, versions, findings: " + charts);
        assertEquals(0, status.path("errors").size(), "no script error or CSP violation: " + status.path("errors"));
        assertFalse(dom.contains("<img"), "hostile markup stayed text");
        assertTrue(dom.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));

        Path shot = Path.of("target/report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium(out, "--screenshot=" + shot, html, "--window-size=1400,2000");
        byte[] png = Files.readAllBytes(shot);
        assertTrue(png.length > 20_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot: " + png.length + " bytes");
    }

    private static List<SessionRecord> labSessions(Path lab) throws IOException {
        List<SessionRecord> l = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(lab)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".expected.jsonl") && !p.toString().contains(".server-side.")).sorted().toList()) {
                l.addAll(SessionJson.read(f, "lab", problems::add));
            }
        }
        assertEquals(List.of(), problems);
        l.sort(Comparator.comparing(SessionRecord::getStart));
        return l;
    }

    private static List<Alert> analyze(List<SessionRecord> sessions, Path policies) throws Exception {
        List<Alert> out = new ArrayList<>();
        try (Analyzer a = new Analyzer(new PolicyLoader().load(List.of(policies)).orThrow(), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS)) {
            for (SessionRecord s : sessions) out.addAll(a.process(s));
            out.addAll(a.drainHeld());
        }
        return out;
    }

    /** Runs Chromium headless with a fresh profile, bounded in time; returns its stdout. */
    private static String chromium(Path work, String action, Path html, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("stripwatch-chromium-");
        Path stdout = work.resolve("chromium.out"), stderr = work.resolve("chromium.err");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", action));
        cmd.addAll(List.of(extra));
        cmd.add(html.toUri().toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            boolean done = p.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(done, "chromium did not finish in " + TIMEOUT_S + " s; stderr in " + stderr);
            assertEquals(0, p.exitValue(), "chromium failed; stderr in " + stderr);
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }
}
