package org.stripwatch.analyzer.report.html;

import java.time.Instant;
import java.util.List;
import org.stripwatch.analyzer.report.measure.MeasureConfig;

/**
 * What the HTML report shows.
 *
 * @param title          page title (default "stripwatch STARTTLS report")
 * @param generatedAt    printed in the header; null prints nothing (reproducible output for tests)
 * @param sources        input names printed in the header (file names, a Kafka topic); may be empty
 * @param topN           rows per "by server / prefix / AS / country" chart (default 15)
 * @param maxAlerts      alerts listed in the drill-down table, most severe and newest first (default 5,000,
 *                       about 15 MB of HTML); the rest are counted in the charts and named as not listed
 * @param maxSessions    sessions with findings listed in the drill-down (default 500), stripping first
 * @param measure        prefix lengths and sampling ({@link MeasureConfig#DEFAULTS})
 */
public record ReportOptions(String title, Instant generatedAt, List<String> sources, int topN, int maxAlerts,
                            int maxSessions, MeasureConfig measure) {
    public static final ReportOptions DEFAULTS = new ReportOptions("stripwatch STARTTLS report", null, List.of(), 15, 5_000,
            500, MeasureConfig.DEFAULTS);

    public ReportOptions {
        if (title == null || title.isBlank()) throw new IllegalArgumentException("title is required");
        sources = List.copyOf(sources);
        if (topN < 1 || maxAlerts < 0 || maxSessions < 0) throw new IllegalArgumentException("topN >= 1, maxAlerts and maxSessions >= 0");
        if (measure == null) throw new IllegalArgumentException("measure is required");
    }

    public ReportOptions withSources(List<String> s) {
        return new ReportOptions(title, generatedAt, s, topN, maxAlerts, maxSessions, measure);
    }

    public ReportOptions withGeneratedAt(Instant t) {
        return new ReportOptions(title, t, sources, topN, maxAlerts, maxSessions, measure);
    }
}
