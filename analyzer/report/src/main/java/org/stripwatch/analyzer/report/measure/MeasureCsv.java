package org.stripwatch.analyzer.report.measure;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RFC 4180 CSV of {@link Measurement#rows()}, one header line and one line per group; columns in
 * analyzer/report/README.md ("CSV columns"). Counts are of sampled sessions; {@code est_*} columns are those
 * counts times the sampling denominator and are estimates; rates are ratios of sampled counts and carry the
 * sampling rate in {@code sample_1_in_n} on the same line. An undefined rate (denominator 0) is empty.
 */
public final class MeasureCsv {
    private MeasureCsv() {
    }

    public static List<String> header() {
        List<String> h = new ArrayList<>(List.of("day", "dimension", "key", "as_name", "country", "sample_1_in_n",
                "sessions", "est_sessions", "implicit_tls", "mid_stream", "ehlo_complete", "starttls_offered",
                "offered_rate", "starttls_used", "used_rate", "starttls_accepted", "tls_completed", "tls_completed_rate",
                "stripped_looking", "est_stripped_looking", "stripped_rate", "stripped_rate_ci95_low",
                "stripped_rate_ci95_high", "cleartext_mail"));
        for (String t : Counts.FINDING_TYPES) h.add("finding_" + t);
        return h;
    }

    public static void write(Measurement m, Writer w) throws IOException {
        w.write(String.join(",", header()));
        w.write("\r\n");
        for (Measurement.Row r : m.rows()) {
            w.write(String.join(",", line(r)));
            w.write("\r\n");
        }
        w.flush();
    }

    static List<String> line(Measurement.Row r) {
        Counts c = r.counts();
        long n = r.sampleOneIn();
        double[] ci = Counts.wilson(c.strippedWithEhlo(), c.ehloComplete());
        List<String> f = new ArrayList<>(List.of(r.day(), r.dimension().wireName, text(r.key()), text(r.asName()),
                text(r.country()), Long.toString(n), num(c.sessions()), num(c.sessions() * n), num(c.implicitTls()),
                num(c.midStream()), num(c.ehloComplete()), num(c.offered()), rate(c.offeredRate()), num(c.used()),
                rate(c.usedRate()), num(c.accepted()), num(c.tlsCompleted()), rate(c.tlsCompletedRate()),
                num(c.stripped()), num(c.stripped() * n), rate(c.strippedRate()), rate(ci[0]), rate(ci[1]),
                num(c.cleartextMail())));
        for (String t : Counts.FINDING_TYPES) f.add(num(c.finding(t)));
        return f;
    }

    private static String num(long v) {
        return Long.toString(v);
    }

    static String rate(double r) {
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.6f", r);
    }

    /**
     * Quotes per RFC 4180 §2, and defuses spreadsheet formulas (OWASP "CSV injection"): AS descriptions come from
     * third-party files, so a cell starting with = + - @ gets a leading apostrophe.
     */
    static String text(String s) {
        if (s == null) return "";
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
