package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.stripwatch.analyzer.report.html.HtmlReport;
import org.stripwatch.analyzer.report.html.ReportOptions;
import org.stripwatch.analyzer.report.measure.Measure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** One self-contained HTML file (opens offline) from session records and alerts. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (charts, alerts with their evidence) from session records and alerts.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch replay --policies captures/lab/policies --sessions s.jsonl --alerts a.jsonl captures/lab/mixed.pcap",
            "  stripwatch report --sessions s.jsonl --alerts a.jsonl --out report.html",
            "  stripwatch report --sessions day*.jsonl --asn ip2asn-v4.tsv,ip2asn-v6.tsv --out isp.html"})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", required = true, split = ",", paramLabel = "FILE",
            description = "Session records (replay/sensor --sessions output).")
    List<Path> sessions;

    @Option(names = "--alerts", split = ",", paramLabel = "FILE", description = "Alerts (replay/analyzer --alerts output).")
    List<Path> alerts = List.of();

    @Option(names = "--asn", split = ",", paramLabel = "TABLE",
            description = "IP to AS/country tables: ip2asn TSV (v4, v6, combined, .gz) or CAIDA pfx2as.")
    List<Path> asn = List.of();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        AtomicInteger problems = new AtomicInteger();
        try {
            HtmlReport.Result r = HtmlReport.run(sessions, alerts, asn, out,
                    ReportOptions.DEFAULTS.withGeneratedAt(Instant.now()), p -> {
                        problems.incrementAndGet();
                        err.println("stripwatch report: " + p);
                    });
            err.printf("stripwatch report: %s: %d sessions, %d alerts, %d charts%n", out, r.sessions(), r.alerts(), r.charts());
            return problems.get() > 0 ? ExitCodes.DAMAGED_INPUT : ExitCodes.OK;
        } catch (Measure.TableException e) {
            err.println("stripwatch report: " + e.getMessage());
            return ExitCodes.INPUT;
        } catch (IOException | IllegalArgumentException e) {
            err.println("stripwatch report: " + e.getMessage());
            return ExitCodes.INPUT;
        }
    }
}
