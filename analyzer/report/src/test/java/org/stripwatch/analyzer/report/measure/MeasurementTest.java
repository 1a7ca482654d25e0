package org.stripwatch.analyzer.report.measure;

import org.stripwatch.analyzer.core.Rec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stripwatch.analyzer.report.measure.Measurement.Dimension;
import org.stripwatch.analyzer.report.measure.Measurement.Row;
import org.stripwatch.schemas.SessionRecord;

class MeasurementTest {
    @TempDir
    Path dir;

    /** Day 1: 4 sessions to 203.0.113.25 (TLS, offered-not-used, not offered, garbled) + 1 to v6; day 2: 1 mid-stream. */
    private static List<SessionRecord> sample() {
        List<SessionRecord> l = new ArrayList<>();
        l.add(Rec.session("192.0.2.1", "203.0.113.25", Rec.T0).banner("mx1.example").ehlo(true).tls("TLSv1.3", "s").build());
        l.add(Rec.session("192.0.2.2", "203.0.113.25", Rec.T0.plusSeconds(60)).banner("mx1.example").ehlo(true).cleartextMail("example.net").build());
        l.add(Rec.session("192.0.2.3", "203.0.113.26", Rec.T0.plusSeconds(120)).banner("mx2.example").ehlo(false).build());
        l.add(Rec.session("192.0.2.4", "203.0.113.25", Rec.T0.plusSeconds(180)).banner("mx1.example").garbledCapability("XXXXXXXA")
                .cleartextMail("example.net").build());
        l.add(Rec.session("2001:db8:1::1", "2001:db8:3::25", Rec.T0.plusSeconds(240)).banner("mx1.example").ehlo(true).tls("TLSv1.2", "s").build());
        l.add(Rec.session("192.0.2.5", "203.0.113.25", Rec.T0.plus(Duration.ofDays(1))).build()); // no greeting, no EHLO
        return l;
    }

    @Test
    void countsAndDenominators() {
        Measurement m = new Measurement(MeasureConfig.DEFAULTS, null);
        m.addAll(sample());
        Counts t = m.total();
        assertEquals(6, t.sessions());
        assertEquals(5, t.ehloComplete(), "the mid-stream session has no complete EHLO reply");
        assertEquals(1, t.midStream());
        assertEquals(3, t.offered());
        assertEquals(0.6, t.offeredRate(), 1e-9);
        assertEquals(2, t.used());
        assertEquals(2.0 / 6, t.usedRate(), 1e-9);
        assertEquals(2, t.tlsCompleted());
        assertEquals(1.0, t.tlsCompletedRate(), 1e-9);
        assertEquals(1, t.stripped());
        assertEquals(0.2, t.strippedRate(), 1e-9);
        assertEquals(2, t.cleartextMail());
        assertEquals(1, t.finding("starttls_not_offered"));
        assertEquals(1, t.finding("starttls_capability_garbled"));
        assertEquals(2, t.finding("cleartext_mail_transaction"));
        assertEquals(2, t.outcome(Counts.Outcome.TLS_COMPLETED));
        assertEquals(1, t.outcome(Counts.Outcome.OFFERED_NOT_USED));
        assertEquals(2, t.outcome(Counts.Outcome.NOT_OFFERED), "not offered and garbled (no STARTTLS in a complete reply)");
        assertEquals(1, t.outcome(Counts.Outcome.EHLO_NOT_SEEN));
    }

    @Test
    void groupsByDayServerPrefixAsAndCountry() throws IOException {
        Path tsv = dir.resolve("ip2asn.tsv");
        Files.writeString(tsv, "203.0.113.0\t203.0.113.127\t64500\tDE\tEXAMPLE-MAIL\n2001:db8::\t2001:db8:ffff::\t64501\tNL\tEXAMPLE-V6\n");
        Measurement m = new Measurement(MeasureConfig.DEFAULTS, AsnTableLoader.load(List.of(tsv)).table());
        m.addAll(sample());
        List<Row> prefixes = m.rows(Measurement.ALL_DAYS, Dimension.PREFIX);
        assertEquals(List.of("203.0.113.0/24", "2001:db8:3::/48"), prefixes.stream().map(Row::key).toList());
        assertEquals(5, prefixes.get(0).counts().sessions());
        List<Row> day1 = m.rows("2026-03-01", Dimension.SERVER);
        assertEquals(List.of("203.0.113.25", "2001:db8:3::25", "203.0.113.26"), day1.stream().map(Row::key).toList());
        assertEquals(3, day1.get(0).counts().sessions());
        assertEquals(1, m.rows("2026-03-02", Dimension.SERVER).get(0).counts().sessions());
        List<Row> as = m.rows(Measurement.ALL_DAYS, Dimension.AS);
        assertEquals("AS64500", as.get(0).key());
        assertEquals("EXAMPLE-MAIL", as.get(0).asName());
        assertEquals("DE", as.get(0).country());
        assertEquals(List.of("DE", "NL"), m.rows(Measurement.ALL_DAYS, Dimension.COUNTRY).stream().map(Row::key).toList());
        // Rows of every dimension add up to the total.
        for (Dimension d : Dimension.values()) {
            assertEquals(6, m.rows(Measurement.ALL_DAYS, d).stream().mapToLong(r -> r.counts().sessions()).sum(), d.name());
        }
    }

    @Test
    void withoutATableAsAndCountryAreUnknown() {
        Measurement m = new Measurement(MeasureConfig.DEFAULTS, AsnTable.empty());
        m.addAll(sample());
        assertEquals(List.of(Measurement.UNKNOWN), m.rows(Measurement.ALL_DAYS, Dimension.AS).stream().map(Row::key).toList());
    }

    @Test
    void groupLimitFoldsIntoOther() {
        Measurement m = new Measurement(new MeasureConfig(24, 48, Sampler.ALL, 16), null);
        for (int i = 0; i < 40; i++) m.add(Rec.session("192.0.2.1", "203.0." + i + ".25", Rec.T0).banner("x").ehlo(true).build());
        assertTrue(m.groupsOverflowed() > 0);
        for (Dimension d : Dimension.values()) {
            assertEquals(40, m.rows(Measurement.ALL_DAYS, d).stream().mapToLong(r -> r.counts().sessions()).sum(), d.name());
        }
    }

    @Test
    void samplingIsDeterministicAndNearOneInN() {
        Sampler s = new Sampler(16);
        Random rnd = new Random(7);
        int kept = 0, n = 64_000;
        for (int i = 0; i < n; i++) {
            SessionRecord r = Rec.session("192.0.2." + rnd.nextInt(256), "203.0.113." + rnd.nextInt(256), Rec.T0.plusMillis(rnd.nextInt(1 << 30)))
                    .clientPort(1024 + rnd.nextInt(60000)).build();
            boolean k = s.keep(r);
            assertEquals(k, s.keep(r), "deterministic");
            if (k) kept++;
        }
        double expected = n / 16.0, sd = Math.sqrt(n * (1 / 16.0) * (15 / 16.0));
        assertTrue(Math.abs(kept - expected) < 5 * sd, "kept " + kept + " of " + n);
        assertTrue(Sampler.ALL.keep(sample().get(0)));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(0));
    }

    @Test
    void sampledRowsCarryTheRateAndEstimatesScale() throws IOException {
        Measurement m = new Measurement(MeasureConfig.DEFAULTS.withSampler(new Sampler(4)), null);
        Random rnd = new Random(11);
        for (int i = 0; i < 4000; i++) {
            Rec r = Rec.session("192.0.2." + rnd.nextInt(256), "203.0.113.25", Rec.T0.plusSeconds(i)).clientPort(1024 + i).banner("mx").ehlo(true);
            if (i % 2 == 0) r.tls("TLSv1.3", "s");
            m.add(r.build());
        }
        assertEquals(4000, m.seen());
        long kept = m.total().sessions();
        assertTrue(kept > 800 && kept < 1200, "kept " + kept);
        assertEquals(0.5, m.total().usedRate(), 0.06, "a ratio of sampled counts estimates the full ratio");
        StringWriter w = new StringWriter();
        MeasureCsv.write(m, w);
        String[] lines = w.toString().split("\r\n");
        List<String> header = MeasureCsv.header();
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            assertEquals(header.size(), f.length, lines[i]);
            assertEquals("4", f[header.indexOf("sample_1_in_n")]);
            assertEquals(Long.parseLong(f[header.indexOf("sessions")]) * 4, Long.parseLong(f[header.indexOf("est_sessions")]));
        }
    }

    @Test
    void csvColumnsQuotingAndUndefinedRates() throws IOException {
        Measurement m = new Measurement(MeasureConfig.DEFAULTS, null);
        m.addAll(sample());
        StringWriter w = new StringWriter();
        MeasureCsv.write(m, w);
        String[] lines = w.toString().split("\r\n");
        assertEquals(String.join(",", MeasureCsv.header()), lines[0]);
        String total = lines[lines.length - 5]; // day "all" rows come last: all, server x3, ... ; find the all/all row instead
        for (String l : lines) if (l.startsWith("all,all,")) total = l;
        List<String> h = MeasureCsv.header();
        String[] f = total.split(",", -1);
        assertEquals("6", f[h.indexOf("sessions")]);
        assertEquals("0.600000", f[h.indexOf("offered_rate")]);
        assertEquals("0.200000", f[h.indexOf("stripped_rate")]);
        assertEquals("1", f[h.indexOf("finding_starttls_capability_garbled")]);
        String day2 = null;
        for (String l : lines) if (l.startsWith("2026-03-02,all,")) day2 = l;
        assertEquals("", day2.split(",", -1)[h.indexOf("offered_rate")], "0 complete EHLO replies: no rate, not 0%");
        assertEquals("\"a,b\"", MeasureCsv.text("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", MeasureCsv.text("say \"hi\""));
        assertEquals("'=HYPERLINK(1)", MeasureCsv.text("=HYPERLINK(1)"));
        assertEquals("\"'=1,2\"", MeasureCsv.text("=1,2"));
    }

    @Test
    void wilsonInterval() {
        double[] ci = Counts.wilson(0, 100);
        assertEquals(0, ci[0], 1e-12);
        assertEquals(0.037, ci[1], 0.001);
        ci = Counts.wilson(50, 100);
        assertEquals(0.404, ci[0], 0.001);
        assertEquals(0.596, ci[1], 0.001);
        assertTrue(Double.isNaN(Counts.wilson(0, 0)[0]));
    }

    @Test
    void measureRunRefusesABadTableAndWritesTheCsv() throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "nonsense\n");
        Path sessions = dir.resolve("s.jsonl");
        Files.writeString(sessions, "");
        List<String> problems = new ArrayList<>();
        Measure.TableException e = assertThrows(Measure.TableException.class,
                () -> Measure.run(List.of(sessions), List.of(bad), 1, dir.resolve("o.csv"), problems::add));
        assertTrue(e.getMessage().startsWith(bad + ":1: "), e.getMessage());
        Path root = Path.of(System.getProperty("stripwatch.root", "../.."));
        Path lab = root.resolve("captures/lab/mixed.expected.jsonl");
        if (!Files.exists(lab)) return;
        problems.clear();
        Measurement m = Measure.run(List.of(lab), List.of(), 1, dir.resolve("o.csv"), problems::add);
        assertTrue(problems.isEmpty(), problems.toString());
        assertTrue(m.total().sessions() > 0);
        assertTrue(Files.readAllLines(dir.resolve("o.csv")).size() > 3);
    }
}
