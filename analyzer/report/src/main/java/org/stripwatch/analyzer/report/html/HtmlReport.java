package org.stripwatch.analyzer.report.html;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.stripwatch.analyzer.core.SessionJson;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.report.AlertLines;
import org.stripwatch.analyzer.report.measure.AsnTable;
import org.stripwatch.analyzer.report.measure.Counts;
import org.stripwatch.analyzer.report.measure.Measure;
import org.stripwatch.analyzer.report.measure.Measurement;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/**
 * {@code stripwatch report}: session records and alerts in, one self-contained HTML page out (inline CSS, SVG
 * charts drawn in Java, a few lines of inline script that only filter and report; no external URL, so it opens
 * offline and from a mail attachment). Feed it with {@link #add(SessionRecord)} and {@link #add(Alert)} from
 * files or a Kafka consumer, then {@link #render(Writer)}. Memory is bounded: counters per group and per time
 * bucket, and at most {@link ReportOptions#maxAlerts()} alerts and {@link ReportOptions#maxSessions()} sessions
 * kept for the drill-down tables. Single-threaded.
 */
public final class HtmlReport {
    /** Session timeline series, in this order. */
    static final int T_SESSIONS = 0, T_EHLO = 1, T_OFFERED = 2, T_USED = 3, T_TLS = 4, T_STRIPPED = 5;
    private static final int MAX_DISTINCT = 10_000, MAX_BANNERS = 100_000;
    private static final Comparator<Alert> ALERT_ORDER = Comparator.comparing(Alert::getSeverity).thenComparing(Alert::getTime)
            .thenComparing(Alert::getAlertId);
    private static final Comparator<SessionRecord> SESSION_ORDER = Comparator.comparingInt(HtmlReport::interest)
            .thenComparing(SessionRecord::getStart).thenComparing(SessionRecord::getConnectionId);

    final ReportOptions options;
    final Measurement measurement;
    final Timeline sessionTimeline = new Timeline(6), alertTimeline = new Timeline(Severity.values().length);
    final Map<String, Long> tlsVersions = new TreeMap<>(), alertTypes = new HashMap<>();
    final Map<String, String> banners = new HashMap<>();
    final EnumMap<Severity, Long> severities = new EnumMap<>(Severity.class);
    private final PriorityQueue<Alert> alerts = new PriorityQueue<>(ALERT_ORDER);
    private final PriorityQueue<SessionRecord> notable = new PriorityQueue<>(SESSION_ORDER);
    long alertCount, alertsNotListed, sessionsNotListed, distinctOverflow;
    Instant firstStart, lastEnd;

    public HtmlReport(ReportOptions options, AsnTable table) {
        this.options = options;
        this.measurement = new Measurement(options.measure(), table);
    }

    /** Counts one session (sampled per {@link ReportOptions#measure()}). */
    public void add(SessionRecord s) {
        measurement.add(s); // counts it as seen, and aggregates it when sampled in
        if (!options.measure().sampler().keep(s)) return;
        Instant t = s.getStart();
        if (firstStart == null || t.isBefore(firstStart)) firstStart = t;
        if (lastEnd == null || s.getEnd().isAfter(lastEnd)) lastEnd = s.getEnd();
        sessionTimeline.add(t, T_SESSIONS);
        if (s.getEhloReplyComplete()) sessionTimeline.add(t, T_EHLO);
        if (s.getEhloReplyComplete() && s.getStarttls().getOffered()) sessionTimeline.add(t, T_OFFERED);
        if (s.getStarttls().getAttempted()) sessionTimeline.add(t, T_USED);
        if (Sessions.tlsCompleted(s)) sessionTimeline.add(t, T_TLS);
        if (interest(s) >= 2) sessionTimeline.add(t, T_STRIPPED);
        String v = s.getTls() == null || s.getTls().getVersion() == null ? null : s.getTls().getVersion();
        if (v != null) bump(tlsVersions, v + (s.getTls().getCompleted() ? "" : " (not completed)"));
        if (s.getServerBannerHost() != null && (banners.size() < MAX_BANNERS || banners.containsKey(Sessions.ip(s.getServerIp())))) {
            banners.put(Sessions.ip(s.getServerIp()), s.getServerBannerHost());
        }
        if (!s.getFindings().isEmpty()) keep(notable, s, options.maxSessions(), true);
    }

    public void add(Alert a) {
        alertCount++;
        severities.merge(a.getSeverity(), 1L, Long::sum);
        alertTimeline.add(a.getTime(), a.getSeverity().ordinal());
        bump(alertTypes, a.getType());
        keep(alerts, a, options.maxAlerts(), false);
    }

    public HtmlReport addSessions(Iterable<SessionRecord> sessions) {
        for (SessionRecord s : sessions) add(s);
        return this;
    }

    public HtmlReport addAlerts(Iterable<Alert> as) {
        for (Alert a : as) add(a);
        return this;
    }

    /** Writes the page; returns the number of charts in it. */
    public int render(Writer out) throws IOException {
        Page p = new Page(this);
        String html = p.render();
        out.write(html);
        out.flush();
        return p.charts();
    }

    /** 0 no findings, 1 findings, 2 a stripping signature: the order of the sessions drill-down. */
    static int interest(SessionRecord s) {
        int i = s.getFindings().isEmpty() ? 0 : 1;
        for (var f : s.getFindings()) if (Counts.STRIPPING.contains(f.getType())) i = 2;
        return i;
    }

    private <T> void keep(PriorityQueue<T> q, T item, int max, boolean sessions) {
        if (max == 0) {
            notListed(sessions);
            return;
        }
        q.add(item);
        if (q.size() > max) {
            q.poll(); // the least severe / least interesting, oldest first
            notListed(sessions);
        }
    }

    private void notListed(boolean sessions) {
        if (sessions) sessionsNotListed++;
        else alertsNotListed++;
    }

    private void bump(Map<String, Long> m, String k) {
        if (m.size() >= MAX_DISTINCT && !m.containsKey(k)) {
            distinctOverflow++;
            k = Measurement.OTHER;
        }
        m.merge(k, 1L, Long::sum);
    }

    /** Kept alerts, most severe first, then newest. */
    List<Alert> alerts() {
        List<Alert> l = new ArrayList<>(alerts);
        l.sort(ALERT_ORDER.reversed());
        return l;
    }

    /** Kept sessions with findings, stripping first, then newest. */
    List<SessionRecord> notableSessions() {
        List<SessionRecord> l = new ArrayList<>(notable);
        l.sort(SESSION_ORDER.reversed());
        return l;
    }

    /** What {@link #run} did. */
    public record Result(long sessions, long alerts, int charts, List<String> problems) {
    }

    /**
     * {@code stripwatch report --sessions FILE... [--alerts FILE...] [--asn TABLE...] --out report.html}. Unreadable
     * lines go to {@code problems} and are skipped; a bad AS table is refused ({@link Measure.TableException}).
     */
    public static Result run(List<Path> sessionFiles, List<Path> alertFiles, List<Path> tables, Path out, ReportOptions options,
                             Consumer<String> problems) throws IOException, Measure.TableException {
        List<String> seen = new ArrayList<>();
        Consumer<String> p = m -> {
            if (seen.size() < 100) seen.add(m);
            problems.accept(m);
        };
        AsnTable table = Measure.table(tables, p);
        List<String> names = new ArrayList<>(options.sources());
        for (Path f : sessionFiles) names.add(f.getFileName().toString());
        for (Path f : alertFiles) names.add(f.getFileName().toString());
        HtmlReport r = new HtmlReport(options.withSources(names), table);
        for (Path f : sessionFiles) r.addSessions(SessionJson.read(f, "report", p));
        for (Path f : alertFiles) r.addAlerts(AlertLines.read(f, p));
        int charts;
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            charts = r.render(w);
        }
        return new Result(r.measurement.seen(), r.alertCount, charts, List.copyOf(seen));
    }
}
