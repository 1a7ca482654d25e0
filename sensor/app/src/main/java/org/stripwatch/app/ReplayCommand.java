package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripwatch.app.pipeline.HandOff;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.analyzer.core.AnalyzerRuntime;
import org.stripwatch.analyzer.ingest.EmbeddedIngest;
import org.stripwatch.analyzer.policy.PolicyLoadException;
import org.stripwatch.sensor.publish.AvroMapper;
import org.stripwatch.sensor.session.SessionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Replays capture files through the whole analysis, in one process, with no broker. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Analyse pcap/pcapng files (gzip-compressed or not, or whole directories).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch replay captures/public/zeek-smtp-starttls.pcap",
            "  stripwatch replay --sessions sessions.jsonl --flows conn.jsonl captures/",
            "  stripwatch replay --sessions - --ports 25,2525 day1.pcap.gz day2.pcapng | jq .findings",
            "  stripwatch replay --policies captures/lab/policies --alerts - captures/lab/mixed.pcap"})
final class ReplayCommand implements Callable<Integer> {
    /** Records handed to the analyzer thread at a time, and batches that may wait (the memory bound). */
    private static final int ANALYZER_BATCH = 64, ANALYZER_BATCHES = 32;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Capture files or directories.")
    List<Path> files;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error.")
    boolean quiet;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Analysis threads, flows sharded by address pair; same records in the same order as 1 (default: ${DEFAULT-VALUE}).")
    int workers;

    @Mixin
    OutputOptions outputs;

    @Mixin
    AnalysisOptions options;

    @Mixin
    AlertOptions alerting;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        AnalyzerRuntime analyzer = null;
        HandOff<SessionRecord> analysis = null;
        java.util.Map<org.stripwatch.schemas.Severity, Long> alertCounts = null;
        long incidents = 0;
        try (FileSource source = FileSource.open(files); OutputOptions.Outputs out = outputs.open()) {
            Pipeline pipeline = Runs.pipeline(options, out, workers);
            if (alerting.enabled()) {
                // Embedded: the same analyzer code as the Kafka consumer, on the same Avro records. A
                // replay holds a tampered attempt until its retry so an incident prints once.
                analyzer = AnalyzerRuntime.open(alerting.analyzerOptions(alerting.alerts, null, true));
                analyzer.policyWarnings().forEach(w -> err.println("stripwatch replay: warning: " + w));
                // The analyzer runs on a thread of its own (Avro mapping included), records in order.
                EmbeddedIngest ingest = analyzer.embedded();
                AvroMapper mapper = new AvroMapper("replay");
                analysis = new HandOff<>("stripwatch-analyzer", r -> ingest.accept(mapper.toAvro(r)),
                        ANALYZER_BATCH, ANALYZER_BATCHES);
                out.addSessionListener(analysis);
            }
            Pipeline.Result result;
            try (Progress progress = Progress.start(err, source.files(), () -> source.stats().bytes())) {
                result = pipeline.run(source);
            }
            if (analysis != null) {
                HandOff<?> h = analysis;
                analysis = null;
                h.close(); // every record analysed before the analyzer closes
            }
            Notices.print(err, "stripwatch replay", source.notices(), source.noticesDropped());
            if (analyzer != null) {
                AnalyzerRuntime a = analyzer;
                analyzer = null; // closed once, here; the finally block covers the error paths
                a.close();
                alertCounts = a.alertsBySeverity();
                incidents = a.analyzer().stats().incidents();
            }
            if (!quiet) {
                Summary.print(err, new Summary.Input(result, out.stats, alertCounts, incidents, source.files().size()));
            }
            boolean damaged = result.capture().truncatedInputs() > 0 || result.capture().damagedRecords() > 0;
            return damaged ? ExitCodes.DAMAGED_INPUT : ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("stripwatch replay: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (PolicyLoadException e) {
            return PolicyErrors.print(err, "stripwatch replay", e);
        } catch (CaptureException | IOException | UncheckedIOException e) {
            err.println("stripwatch replay: " + e.getMessage());
            return ExitCodes.INPUT;
        } finally {
            if (analysis != null) {
                try {
                    analysis.close();
                } catch (RuntimeException e) {
                    // the run already fails with its own error; this one is a consequence
                }
            }
            if (analyzer != null) {
                try {
                    analyzer.close();
                } catch (IOException e) {
                    err.println("stripwatch replay: " + e.getMessage());
                }
            }
        }
    }
}
