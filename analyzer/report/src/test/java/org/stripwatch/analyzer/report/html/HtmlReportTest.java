package org.stripwatch.analyzer.report.html;

import org.stripwatch.analyzer.core.Rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.core.alert.AlertJson;
import org.stripwatch.analyzer.report.AlertLines;
import org.stripwatch.analyzer.report.measure.AsnTable;
import org.stripwatch.schemas.Alert;

class HtmlReportTest {
    @TempDir
    Path dir;

    static String render(HtmlReport r) throws IOException {
        StringWriter w = new StringWriter();
        r.render(w);
        return w.toString();
    }

    static HtmlReport sample() {
        HtmlReport r = new HtmlReport(ReportOptions.DEFAULTS, AsnTable.empty());
        for (int i = 0; i < 50; i++) {
            Rec s = Rec.session("192.0.2." + (i % 7), "203.0.113." + (20 + i % 3), Rec.T0.plus(Duration.ofMinutes(7L * i))).banner("mx" + (i % 3) + ".example");
            if (i % 10 == 3) s.garbledCapability("XXXXXXXA").cleartextMail("example.net");
            else s.ehlo(i % 6 != 0).tls(i % 2 == 0 ? "TLSv1.3" : "TLSv1.2", "s");
            r.add(s.build());
        }
        r.add(Hostile.session(Rec.T0.plusSeconds(600)));
        r.add(Hostile.alert(Rec.T0.plusSeconds(600)));
        return r;
    }

    @Test
    void escapesEverythingFromTheWire() throws IOException {
        String html = render(sample());
        assertEquals(2, count(html.toLowerCase(Locale.ROOT), "<script"), "only the page's own two scripts");
        assertFalse(html.contains("<img"), "no injected element");
        assertFalse(html.contains("<svg onload"));
        assertFalse(html.contains("__pwned=1</script>"));
        assertTrue(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
        assertTrue(html.contains("&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;"));
        assertTrue(html.contains("&#39;\\x07\\x1b[31m&amp;amp;&lt;!--"), "controls visible, entities double-escaped");
        assertFalse(html.contains("\u0007"));
    }

    @Test
    void selfContainedAndStrictlyPoliced() throws IOException {
        String html = render(sample());
        Matcher m = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+").matcher(html.replace("http://www.w3.org/2000/svg", ""));
        List<String> urls = new ArrayList<>();
        while (m.find()) if (m.group().startsWith("http") || m.group().startsWith("//")) urls.add(m.group());
        assertEquals(List.of(), urls.stream().filter(u -> u.contains(".")).toList(), "no external URL");
        assertFalse(Pattern.compile("(?i)\\s(src|href)=\"(?!#)").matcher(html).find(), "no loaded resources, only in-page links");
        assertTrue(html.contains("default-src 'none'"));
        Matcher hashes = Pattern.compile("'sha256-([A-Za-z0-9+/=]+)'").matcher(html);
        int n = 0;
        while (hashes.find()) n++;
        assertEquals(2, n);
        assertTrue(html.contains(Page.hash(scriptBody(html, 0))), "the CSP hash matches the first script");
        assertTrue(html.contains(Page.hash(scriptBody(html, 1))), "and the second");
    }

    private static String scriptBody(String html, int which) {
        int from = -1;
        for (int i = 0; i <= which; i++) from = html.indexOf("<script>", from + 1);
        return html.substring(from + "<script>".length(), html.indexOf("</script>", from));
    }

    @Test
    void chartsAndDrillDown() throws IOException {
        HtmlReport r = sample();
        StringWriter w = new StringWriter();
        int charts = r.render(w);
        String html = w.toString();
        assertEquals(charts, count(html, "<svg class=\"chart\""));
        assertTrue(charts >= 7, "time, alerts x2, servers, prefixes, versions, findings: " + charts);
        assertEquals(1, count(html, "<details class=\"alert\""));
        assertTrue(count(html, "<details data-sev=\"strip\"") >= 5, "sessions with a stripping signature are listed");
        assertTrue(html.contains("id=\"stripwatch-status\" hidden"));
        assertTrue(html.contains("Sessions per 5 min"), "the narrowest bucket giving at most 96 points over about 6 h");
    }

    @Test
    void emptyInputStillRenders() throws IOException {
        HtmlReport r = new HtmlReport(ReportOptions.DEFAULTS, AsnTable.empty());
        StringWriter w = new StringWriter();
        assertEquals(0, r.render(w));
        assertTrue(w.toString().contains("No session records were given."));
        assertTrue(w.toString().endsWith("</html>\n"));
    }

    @Test
    void boundedDrillDownKeepsTheMostSevere() throws IOException {
        HtmlReport r = new HtmlReport(new ReportOptions("t", null, List.of(), 15, 1, 1, ReportOptions.DEFAULTS.measure()), AsnTable.empty());
        Alert high = Hostile.alert(Rec.T0);
        r.add(Alert.newBuilder(high).setAlertId("low").setSeverity(org.stripwatch.schemas.Severity.LOW).build());
        r.add(high);
        r.add(Alert.newBuilder(high).setAlertId("info").setSeverity(org.stripwatch.schemas.Severity.INFO).build());
        assertEquals(List.of(high.getAlertId()), r.alerts().stream().map(Alert::getAlertId).toList());
        assertTrue(render(r).contains("2 less severe alerts are counted above but not listed."));
    }

    @Test
    void alertLinesRoundTripAlertJson() throws IOException {
        Alert a = Hostile.alert(Rec.T0);
        Alert back = AlertLines.parse(AlertJson.toJson(a));
        assertEquals(AlertJson.toJson(a), AlertJson.toJson(back));
        Path f = dir.resolve("a.jsonl");
        Files.writeString(f, AlertJson.toJson(a) + "\n{\"id\":1}\nnot json\n\n");
        List<String> problems = new ArrayList<>();
        assertEquals(1, AlertLines.read(f, problems::add).size());
        assertEquals(2, problems.size());
        assertTrue(problems.get(0).startsWith(f + ":2: not an alert: missing"), problems.get(0));
        assertTrue(problems.get(1).startsWith(f + ":3: not an alert"), problems.get(1));
    }

    @Test
    void htmlEscape() {
        assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", Html.esc("<a href=\"x\">&'"));
        assertEquals("plain text", Html.esc("plain text"));
        assertEquals("\\x00\\x7f\\x85\ttab\nnl", Html.esc("\u0000\u007f\u0085\ttab\nnl"));
        assertEquals("", Html.esc(null));
    }

    @Test
    void timelineCoarsensAndPicksABucketWidth() {
        Timeline t = new Timeline(1);
        for (int i = 0; i < 10_000; i++) t.add(Rec.T0.plus(Duration.ofMinutes(i * 7L)), 0);
        Timeline.View v = t.display();
        assertTrue(v.labels().size() <= Timeline.MAX_SHOWN, "points " + v.labels().size());
        assertEquals(10_000, (long) java.util.Arrays.stream(v.series()[0]).sum());
        assertEquals("day", v.stepText());
    }

    @Test
    void aCoarserTimelineKeepsEveryCountOnASharedAxis() {
        Timeline coarse = new Timeline(1), fine = new Timeline(1);
        for (int i = 0; i < 5_000; i++) coarse.add(Rec.T0.plus(Duration.ofMinutes(i)), 0); // coarsens to hours
        fine.add(Rec.T0.plus(Duration.ofMinutes(30)), 0);
        long from = Math.min(coarse.first(), fine.first()) + 1800, to = Math.max(coarse.last(), fine.last());
        assertEquals(5_000, (long) java.util.Arrays.stream(coarse.display(Math.max(from, fine.first()), to).series()[0]).sum());
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
        return n;
    }
}
