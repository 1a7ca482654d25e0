package org.stripwatch.analyzer.report.html;

import static org.stripwatch.analyzer.report.html.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.core.alert.AlertJson;
import org.stripwatch.analyzer.report.html.Svg.Series;
import org.stripwatch.analyzer.report.measure.Counts;
import org.stripwatch.analyzer.report.measure.Counts.Outcome;
import org.stripwatch.analyzer.report.measure.Measurement;
import org.stripwatch.analyzer.report.measure.Measurement.Dimension;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/**
 * Renders one {@link HtmlReport} as a page. The Content-Security-Policy allows only this page's two scripts (by
 * hash) and no network at all: escaping is the first defence against markup from the wire, the policy the second,
 * and a blocked script is recorded in {@code window.__stripwatchErrors} so tests notice it.
 */
final class Page {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String CSS = resource("report.css"), HEAD_JS = resource("report-head.js"), TAIL_JS = resource("report-tail.js");
    private static final List<Severity> SEVERITY_STACK = List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
            Severity.INFO, Severity.UNKNOWN);
    private final HtmlReport r;
    private final StringBuilder b = new StringBuilder(1 << 16);
    private int charts;

    Page(HtmlReport r) {
        this.r = r;
    }

    int charts() {
        return charts;
    }

    String render() {
        head();
        header();
        b.append("<main>");
        kpis();
        timeSection();
        alertSection();
        groupSection(Dimension.SERVER, "servers", "Receiving servers", "by server address, with the name from its 220 greeting");
        groupSection(Dimension.PREFIX, "prefixes", "Receiving prefixes", "IPv4 /" + r.options.measure().v4PrefixLength() + ", IPv6 /"
                + r.options.measure().v6PrefixLength());
        if (r.measurement.hasTable()) {
            groupSection(Dimension.AS, "as", "Origin AS of the receiving server", "from the --asn table");
            groupSection(Dimension.COUNTRY, "country", "Country of the receiving server", "from the --asn table");
        }
        versionsAndFindings();
        alertList();
        sessionList();
        b.append("</main>");
        footer();
        b.append("<pre id=\"stripwatch-status\" hidden>{\"rendered\":false}</pre>");
        b.append("<script>").append(TAIL_JS).append("</script></body></html>\n");
        return b.toString();
    }

    private void head() {
        b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src ")
                .append(hash(HEAD_JS)).append(' ').append(hash(TAIL_JS)).append("; base-uri 'none'; form-action 'none'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
                .append("<title>").append(esc(r.options.title())).append("</title>")
                .append("<script>").append(HEAD_JS).append("</script><style>").append(CSS).append("</style></head><body>");
    }

    private void header() {
        Counts t = r.measurement.total();
        b.append("<header class=\"top\"><h1><span class=\"brand\">stripwatch</span> ").append(esc(title())).append("</h1><div class=\"meta\">");
        if (r.firstStart != null) {
            b.append("Sessions from <b>").append(TIME.format(r.firstStart)).append("</b> to <b>").append(TIME.format(r.lastEnd))
                    .append(" UTC</b> &middot; ");
        }
        b.append("<b>").append(Svg.num(r.measurement.seen())).append("</b> sessions, <b>").append(Svg.num(r.alertCount)).append("</b> alerts");
        if (r.measurement.sampleOneIn() > 1) {
            b.append(" &middot; <b>sampled 1 in ").append(r.measurement.sampleOneIn()).append("</b> (").append(Svg.num(t.sessions()))
                    .append(" kept; counts below are of sampled sessions)");
        }
        if (!r.options.sources().isEmpty()) b.append(" &middot; from ").append(esc(String.join(", ", r.options.sources())));
        if (r.options.generatedAt() != null) b.append(" &middot; generated ").append(TIME.format(r.options.generatedAt())).append(" UTC");
        b.append("</div></header><nav class=\"toc\"><a href=\"#overview\">Overview</a><a href=\"#time\">Over time</a><a href=\"#alerts-chart\">Alerts</a>")
                .append("<a href=\"#servers\">Servers</a><a href=\"#prefixes\">Prefixes</a>");
        if (r.measurement.hasTable()) b.append("<a href=\"#as\">AS</a><a href=\"#country\">Countries</a>");
        b.append("<a href=\"#tls\">TLS &amp; findings</a><a href=\"#alerts\">Alert details</a><a href=\"#sessions\">Sessions with findings</a><a href=\"#method\">Definitions</a></nav>");
    }

    private String title() {
        String t = r.options.title();
        return t.startsWith("stripwatch ") ? t.substring("stripwatch ".length()) : t;
    }

    private void kpis() {
        Counts t = r.measurement.total();
        long crit = r.severities.getOrDefault(Severity.CRITICAL, 0L), high = r.severities.getOrDefault(Severity.HIGH, 0L);
        b.append("<h2 id=\"overview\">Overview</h2><div class=\"kpis\">");
        kpi("Sessions", Svg.num(t.sessions()), t.implicitTls() > 0 ? Svg.num(t.implicitTls()) + " on implicit-TLS ports" : "SMTP connections", "");
        kpi("STARTTLS offered", pct(t.offeredRate()), Svg.num(t.offered()) + " of " + Svg.num(t.ehloComplete()) + " complete EHLO replies",
                grade(t.offeredRate(), 0.9, 0.7));
        kpi("STARTTLS used", pct(t.usedRate()), Svg.num(t.used()) + " of " + Svg.num(t.starttlsPort()) + " sessions", grade(t.usedRate(), 0.9, 0.7));
        kpi("TLS completed", pct(t.tlsCompletedRate()), Svg.num(t.tlsCompleted()) + " of " + Svg.num(t.used() + t.implicitTls()) + " attempts",
                grade(t.tlsCompletedRate(), 0.95, 0.8));
        kpi("Stripping signatures", Svg.num(t.stripped()), pct(t.strippedRate()) + " of complete EHLO replies", t.stripped() > 0 ? "bad" : "good");
        kpi("Cleartext mail", Svg.num(t.cleartextMail()), "sessions with MAIL FROM outside TLS", t.cleartextMail() > 0 ? "warn" : "good");
        kpi("Alerts critical / high", Svg.num(crit) + " / " + Svg.num(high), Svg.num(r.alertCount) + " alerts in total",
                crit > 0 ? "crit" : high > 0 ? "bad" : "good");
        b.append("</div>");
    }

    private void kpi(String label, String value, String sub, String cls) {
        b.append("<div class=\"kpi ").append(cls).append("\"><div class=\"label\">").append(esc(label)).append("</div><div class=\"value\">")
                .append(esc(value)).append("</div><div class=\"sub\">").append(esc(sub)).append("</div></div>");
    }

    private static String grade(double rate, double good, double warn) {
        return Double.isNaN(rate) ? "" : rate >= good ? "good" : rate >= warn ? "warn" : "bad";
    }

    private void timeSection() {
        b.append("<h2 id=\"time\">STARTTLS over time</h2>");
        if (r.sessionTimeline.isEmpty()) {
            b.append("<p class=\"note\">No session records were given.</p>");
            return;
        }
        Timeline.View v = r.sessionTimeline.display(from(), to());
        List<Series> s = List.of(new Series("sessions", "c-sessions", v.series()[HtmlReport.T_SESSIONS]),
                new Series("complete EHLO reply seen", "c-ehlo", v.series()[HtmlReport.T_EHLO]),
                new Series("STARTTLS offered", "c-offered", v.series()[HtmlReport.T_OFFERED]),
                new Series("STARTTLS used", "c-used", v.series()[HtmlReport.T_USED]),
                new Series("TLS completed", "c-tls", v.series()[HtmlReport.T_TLS]),
                new Series("stripping signature", "c-strip", v.series()[HtmlReport.T_STRIPPED]));
        chart("Sessions per " + v.stepText(), "UTC; bucket start shown", Svg.lines("STARTTLS over time", v.labels(), s, Svg.FULL), s);
    }

    private long from() {
        long a = r.sessionTimeline.isEmpty() ? Long.MAX_VALUE : r.sessionTimeline.first();
        return Math.min(a, r.alertTimeline.isEmpty() ? Long.MAX_VALUE : r.alertTimeline.first());
    }

    private long to() {
        return Math.max(r.sessionTimeline.last(), r.alertTimeline.last());
    }

    private void alertSection() {
        b.append("<h2 id=\"alerts-chart\">Alerts<small>verdicts of the analyzer against policies and baselines</small></h2>");
        if (r.alertCount == 0) {
            b.append("<p class=\"note\">No alerts were given (or none were raised).</p>");
            return;
        }
        b.append("<div class=\"chips\">");
        for (Severity sev : SEVERITY_STACK) {
            long n = r.severities.getOrDefault(sev, 0L);
            if (n > 0) b.append("<span class=\"chip\"><span class=\"sev sev-").append(sevName(sev)).append("\">").append(sev.name())
                    .append("</span> ").append(Svg.num(n)).append("</span>");
        }
        b.append("</div><div class=\"grid2\">");
        Timeline.View v = r.alertTimeline.display(from(), to());
        List<Series> s = new ArrayList<>();
        for (Severity sev : SEVERITY_STACK) s.add(new Series(sev.name().toLowerCase(Locale.ROOT), "c-sev-" + sevName(sev), v.series()[sev.ordinal()]));
        chart("Alerts per " + v.stepText() + " by severity", "UTC; by session start", Svg.columns("Alerts over time", v.labels(), s, Svg.HALF), s);
        List<Map.Entry<String, Long>> types = top(r.alertTypes, r.options.topN());
        chart("Alerts by type", "", Svg.rows("Alerts by type", keys(types), null, List.of(new Series("alerts", "c-alert", values(types))), Svg.HALF), null);
        b.append("</div>");
    }

    private void groupSection(Dimension d, String id, String title, String sub) {
        List<Measurement.Row> rows = r.measurement.rows(Measurement.ALL_DAYS, d);
        b.append("<h2 id=\"").append(id).append("\">").append(esc(title)).append("<small>").append(esc(sub)).append("</small></h2>");
        if (rows.isEmpty()) {
            b.append("<p class=\"note\">No sessions.</p>");
            return;
        }
        List<Measurement.Row> shown = rows.subList(0, Math.min(rows.size(), r.options.topN()));
        List<String> labels = new ArrayList<>(), notes = new ArrayList<>();
        Outcome[] outcomes = Outcome.values();
        double[][] v = new double[outcomes.length][shown.size()];
        for (int i = 0; i < shown.size(); i++) {
            Measurement.Row row = shown.get(i);
            labels.add(label(d, row));
            Counts c = row.counts();
            notes.add(Svg.num(c.sessions()) + (c.stripped() > 0 ? " \u00b7 " + Svg.num(c.stripped()) + " stripped" : ""));
            for (Outcome o : outcomes) v[o.ordinal()][i] = c.outcome(o);
        }
        String[] css = {"c-tls", "c-tlsfail", "c-notused", "c-notoffered", "c-unseen"};
        List<Series> s = new ArrayList<>();
        for (Outcome o : outcomes) s.add(new Series(o.label, css[o.ordinal()], v[o.ordinal()]));
        String caption = "Top " + shown.size() + " of " + Svg.num(rows.size()) + " by sessions";
        chart(caption, "what became of each session; stripping signatures counted at the right", Svg.rows(title, labels, notes, s, Svg.FULL), s);
        groupTable(d, shown);
    }

    private String label(Dimension d, Measurement.Row row) {
        if (d == Dimension.SERVER) {
            String banner = r.banners.get(row.key());
            return banner == null ? row.key() : row.key() + " " + banner;
        }
        if (d == Dimension.AS && !row.asName().isEmpty()) return row.key() + " " + row.asName();
        return row.key();
    }

    private void groupTable(Dimension d, List<Measurement.Row> rows) {
        b.append("<details class=\"table\"><summary>Numbers</summary><table class=\"data\"><thead><tr><th>")
                .append(esc(d.wireName)).append("</th><th>sessions</th><th>STARTTLS offered</th><th>used</th><th>TLS completed</th>")
                .append("<th>stripping signatures</th><th>cleartext mail</th></tr></thead><tbody>");
        for (Measurement.Row row : rows) {
            Counts c = row.counts();
            b.append("<tr><td>").append(esc(label(d, row))).append("</td><td>").append(Svg.num(c.sessions())).append("</td><td>")
                    .append(pct(c.offeredRate())).append("</td><td>").append(pct(c.usedRate())).append("</td><td>").append(pct(c.tlsCompletedRate()))
                    .append("</td><td>").append(Svg.num(c.stripped())).append("</td><td>").append(Svg.num(c.cleartextMail())).append("</td></tr>");
        }
        b.append("</tbody></table></details>");
    }

    private void versionsAndFindings() {
        b.append("<h2 id=\"tls\">TLS versions and wire findings</h2><div class=\"grid2\">");
        List<Map.Entry<String, Long>> v = top(r.tlsVersions, r.options.topN());
        if (v.isEmpty()) {
            b.append("<p class=\"note\">No TLS handshakes seen.</p>");
        } else {
            chart("Negotiated TLS versions", "sessions by version from the ServerHello", Svg.rows("TLS versions", keys(v), null,
                    List.of(new Series("sessions", "c-version", values(v))), Svg.HALF), null);
        }
        Counts t = r.measurement.total();
        List<String> types = new ArrayList<>();
        List<Double> counts = new ArrayList<>();
        for (String type : Counts.FINDING_TYPES) {
            if (t.finding(type) == 0) continue;
            types.add(type);
            counts.add((double) t.finding(type));
        }
        if (types.isEmpty()) {
            b.append("<p class=\"note\">No wire findings.</p>");
        } else {
            double[] c = counts.stream().mapToDouble(Double::doubleValue).toArray();
            chart("Wire findings", "sessions with at least one finding of the type (facts, not verdicts)",
                    Svg.rows("Wire findings", types, null, List.of(new Series("sessions", "c-finding", c)), Svg.HALF), null);
        }
        b.append("</div>");
    }

    private void alertList() {
        List<Alert> alerts = r.alerts();
        b.append("<h2 id=\"alerts\">Alert details<small>most severe first; click a row for its evidence</small></h2>");
        if (alerts.isEmpty()) {
            b.append("<p class=\"note\">No alerts.</p>");
            return;
        }
        controls("alert-controls", alerts.size(), true);
        b.append("<div class=\"list\" id=\"alert-list\"><div class=\"head\"><span>severity</span><span>time (UTC)</span><span>type</span>")
                .append("<span>server</span><span>domain</span><span>reason</span></div>");
        for (Alert a : alerts) alertRow(a);
        b.append("</div>");
        if (r.alertsNotListed > 0) b.append("<p class=\"note\">").append(Svg.num(r.alertsNotListed)).append(" less severe alerts are counted above but not listed.</p>");
    }

    private void alertRow(Alert a) {
        String sev = sevName(a.getSeverity());
        Map<String, Object> m = AlertJson.toMap(a);
        b.append("<details class=\"alert\" data-sev=\"").append(sev).append("\"><summary><span><span class=\"sev sev-").append(sev).append("\">")
                .append(a.getSeverity().name()).append("</span></span><span class=\"mono\">").append(TIME.format(a.getTime()))
                .append("</span><span>").append(esc(a.getType())).append("</span><span class=\"mono\">")
                .append(esc(Sessions.ip(a.getServerIp()) + " port " + a.getServerPort())).append("</span><span>")
                .append(esc(a.getDomain() == null ? "\u2014" : a.getDomain())).append("</span><span>").append(esc(a.getReason()))
                .append("</span></summary><div class=\"detail\">");
        if (!a.getReason().isEmpty()) b.append("<div class=\"reason\">").append(esc(a.getReason())).append("</div>");
        m.remove("reason");
        kv(m);
        b.append("</div></details>");
    }

    private void sessionList() {
        List<SessionRecord> ss = r.notableSessions();
        b.append("<h2 id=\"sessions\">Sessions with findings<small>stripping signatures first</small></h2>");
        if (ss.isEmpty()) {
            b.append("<p class=\"note\">No session had a wire finding.</p>");
            return;
        }
        controls("session-controls", ss.size(), false);
        b.append("<div class=\"list sessions\" id=\"session-list\"><div class=\"head\"><span>kind</span><span>start (UTC)</span>")
                .append("<span>client \u2192 server</span><span>server greeting</span><span>findings</span></div>");
        for (SessionRecord s : ss) sessionRow(s);
        b.append("</div>");
        if (r.sessionsNotListed > 0) b.append("<p class=\"note\">").append(Svg.num(r.sessionsNotListed)).append(" more sessions with findings are counted above but not listed.</p>");
    }

    private void sessionRow(SessionRecord s) {
        boolean strip = HtmlReport.interest(s) >= 2;
        List<String> types = new ArrayList<>();
        for (Finding f : s.getFindings()) if (!types.contains(f.getType())) types.add(f.getType());
        b.append("<details data-sev=\"").append(strip ? "strip" : "finding").append("\"><summary><span><span class=\"sev sev-")
                .append(strip ? "strip\">STRIPPING" : "finding\">FINDINGS").append("</span></span><span class=\"mono\">")
                .append(TIME.format(s.getStart())).append("</span><span class=\"mono\">")
                .append(esc(Sessions.ip(s.getClientIp()) + " \u2192 " + Sessions.ip(s.getServerIp()) + ":" + s.getServerPort()))
                .append("</span><span>").append(esc(s.getServerBannerHost() == null ? "\u2014" : s.getServerBannerHost()))
                .append("</span><span>").append(esc(String.join(", ", types))).append("</span></summary><div class=\"detail\">");
        kv(sessionMap(s));
        b.append("</div></details>");
    }

    private static Map<String, Object> sessionMap(SessionRecord s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor / connection", s.getSensorId() + " / " + s.getConnectionId());
        m.put("start", TIME.format(s.getStart()) + " UTC");
        m.put("client", Sessions.ip(s.getClientIp()) + " port " + s.getClientPort());
        m.put("server", Sessions.ip(s.getServerIp()) + " port " + s.getServerPort() + " (" + s.getMode() + ")");
        m.put("greeting", s.getGreetingCode() == null ? null : s.getGreetingCode() + " " + (s.getServerBannerHost() == null ? "" : s.getServerBannerHost()));
        m.put("client hello", s.getHeloVerb() == null ? null : s.getHeloVerb() + " " + (s.getEhloDomain() == null ? "" : s.getEhloDomain()));
        List<String> caps = new ArrayList<>();
        s.getEhloCapabilities().forEach(c -> caps.add((c.getKeyword() + " " + String.join(" ", c.getParams())).trim()));
        m.put("EHLO capabilities", caps);
        m.put("EHLO reply complete", s.getEhloReplyComplete());
        var st = s.getStarttls();
        m.put("STARTTLS", "offered " + st.getOffered() + ", attempted " + st.getAttempted()
                + (st.getReplyCode() == null ? "" : ", reply " + st.getReplyCode() + " " + (st.getReplyText() == null ? "" : st.getReplyText())));
        if (s.getTls() != null) {
            var t = s.getTls();
            m.put("TLS", (t.getVersion() == null ? "?" : t.getVersion()) + (t.getCompleted() ? ", completed" : ", not completed")
                    + (t.getCipher() == null ? "" : ", cipher " + t.getCipher()) + ", history " + t.getHistory());
        }
        List<Object> findings = new ArrayList<>();
        for (Finding f : s.getFindings()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("type", f.getType());
            fm.put("detail", f.getDetail());
            fm.put("evidence", new LinkedHashMap<>(f.getEvidence()));
            findings.add(fm);
        }
        m.put("findings", findings);
        m.put("SMTP history", s.getSmtpHistory());
        m.put("TCP history", s.getTcpHistory());
        m.put("close", s.getCloseReason());
        m.put("anomalies", new ArrayList<>(s.getAnomalies()));
        return m;
    }

    private void controls(String id, int n, boolean severities) {
        b.append("<div class=\"controls\" id=\"").append(id).append("\" hidden><input type=\"search\" placeholder=\"Filter: address, domain, type, text\" aria-label=\"filter\">");
        if (severities) {
            for (Severity sev : SEVERITY_STACK) {
                if (r.severities.getOrDefault(sev, 0L) == 0) continue;
                b.append("<label><input type=\"checkbox\" checked data-sev=\"").append(sevName(sev)).append("\"> ")
                        .append(sev.name().toLowerCase(Locale.ROOT)).append("</label>");
            }
        }
        b.append("<button type=\"button\" data-open=\"true\">Expand all</button><button type=\"button\" data-open=\"false\">Collapse all</button>")
                .append("<span class=\"muted\">showing <b class=\"shown\">").append(n).append("</b> of ").append(n).append("</span></div>");
    }

    /** A nested map as a key/value table; lists as lists; every string escaped. */
    private void kv(Map<?, ?> m) {
        b.append("<table class=\"kv\">");
        for (Map.Entry<?, ?> e : m.entrySet()) {
            b.append("<tr><th>").append(esc(String.valueOf(e.getKey()))).append("</th><td>");
            value(e.getValue());
            b.append("</td></tr>");
        }
        b.append("</table>");
    }

    private void value(Object v) {
        if (v == null || (v instanceof Map<?, ?> mm && mm.isEmpty()) || (v instanceof List<?> l && l.isEmpty())) {
            b.append("<span class=\"muted\">\u2014</span>");
        } else if (v instanceof Map<?, ?> mm) {
            kv(mm);
        } else if (v instanceof List<?> l) {
            b.append("<ul class=\"plain\">");
            for (Object o : l) {
                b.append("<li>");
                value(o);
                b.append("</li>");
            }
            b.append("</ul>");
        } else {
            b.append(esc(String.valueOf(v)));
        }
    }

    private void chart(String caption, String sub, String svg, List<Series> legend) {
        charts++;
        b.append("<figure class=\"card\"><figcaption>").append(esc(caption)).append("</figcaption>");
        if (!sub.isEmpty()) b.append("<div class=\"sub\">").append(esc(sub)).append("</div>");
        b.append(svg);
        if (legend != null) b.append(Svg.legend(legend));
        b.append("</figure>");
    }

    private void footer() {
        b.append("<footer id=\"method\"><h2>Definitions</h2><dl>")
                .append("<dt>STARTTLS offered</dt><dd>sessions whose complete cleartext EHLO reply listed STARTTLS, over sessions whose complete EHLO reply was seen (RFC 3207)</dd>")
                .append("<dt>STARTTLS used</dt><dd>sessions in which the client sent STARTTLS, over sessions on STARTTLS ports</dd>")
                .append("<dt>TLS completed</dt><dd>handshakes seen to complete, over STARTTLS attempts plus implicit-TLS sessions</dd>")
                .append("<dt>Stripping signature</dt><dd>a mangled STARTTLS capability or command on the wire (starttls_capability_garbled, ")
                .append("starttls_command_garbled), as in Durumeric et al., IMC 2015; over sessions whose complete EHLO reply was seen</dd>")
                .append("<dt>Alerts</dt><dd>the analyzer's verdicts: wire findings judged against MTA-STS, DANE, policy lists and learned baselines</dd>")
                .append("</dl>A passive sensor sees what crossed its link: a one-sided capture or a session picked up mid-stream has no complete ")
                .append("EHLO reply and is left out of the offered rate. Methodology: analyzer/report/README.md.</footer>");
    }

    private static String sevName(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    static String pct(double rate) {
        return Double.isNaN(rate) ? "\u2014" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> m, int n) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).toList();
    }

    private static List<String> keys(List<Map.Entry<String, Long>> l) {
        return l.stream().map(Map.Entry::getKey).toList();
    }

    private static double[] values(List<Map.Entry<String, Long>> l) {
        return l.stream().mapToDouble(Map.Entry::getValue).toArray();
    }

    /** The CSP source for an inline script: 'sha256-BASE64' of its exact text (CSP Level 2 §4.2.4). */
    static String hash(String script) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(d) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Page.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
