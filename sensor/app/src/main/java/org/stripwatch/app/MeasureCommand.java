package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.stripwatch.analyzer.report.measure.Measure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** STARTTLS use and stripping per day, prefix, AS and country, as CSV (methodology: analyzer/report/README.md). */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Aggregate STARTTLS offered/used/stripped per day and per receiving prefix, AS and country into CSV.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch measure --sessions s.jsonl --asn ip2asn-combined.tsv.gz --csv starttls.csv",
            "  stripwatch measure --sessions big.jsonl --asn routeviews.pfx2as --sample 100 --csv sampled.csv"})
final class MeasureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sessions", required = true, split = ",", paramLabel = "FILE",
            description = "Session records (replay/sensor --sessions output).")
    List<Path> sessions;

    @Option(names = "--asn", split = ",", paramLabel = "TABLE",
            description = "IP to AS/country tables: ip2asn TSV (v4, v6, combined, .gz) or CAIDA pfx2as.")
    List<Path> asn = List.of();

    @Option(names = "--sample", paramLabel = "N", defaultValue = "1",
            description = "Keep 1 session in N (by a hash of the connection); every rate carries the rate (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The CSV file to write.")
    Path csv;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (sample < 1) {
            err.println("stripwatch measure: --sample: must be at least 1, got " + sample);
            return ExitCodes.USAGE;
        }
        AtomicInteger problems = new AtomicInteger();
        try {
            Measure.run(sessions, asn, sample, csv, p -> {
                problems.incrementAndGet();
                err.println("stripwatch measure: " + p);
            });
            err.println("stripwatch measure: wrote " + csv);
            return problems.get() > 0 ? ExitCodes.DAMAGED_INPUT : ExitCodes.OK;
        } catch (Measure.TableException e) {
            err.println("stripwatch measure: " + e.getMessage());
            return ExitCodes.INPUT;
        } catch (IOException | IllegalArgumentException e) {
            err.println("stripwatch measure: " + e.getMessage());
            return ExitCodes.INPUT;
        }
    }
}
