package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.CaptureNotice;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.session.SessionAnalysis;
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
            "  stripwatch replay --sessions - --ports 25,2525 day1.pcap.gz day2.pcapng | jq .findings"})
final class ReplayCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try (FileSource source = FileSource.open(files); OutputOptions.Outputs out = outputs.open()) {
            Pipeline pipeline = Runs.pipeline(options, out, workers);
            Pipeline.Result result = pipeline.run(source);
            for (CaptureNotice n : source.notices()) err.println("stripwatch replay: warning: " + n.describe());
            if (!quiet) Summary.print(err, result, out.stats, source.files().size());
            boolean damaged = result.capture().truncatedInputs() > 0 || result.capture().damagedRecords() > 0;
            return damaged ? ExitCodes.DAMAGED_INPUT : ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("stripwatch replay: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (CaptureException | IOException | UncheckedIOException e) {
            err.println("stripwatch replay: " + e.getMessage());
            return ExitCodes.INPUT;
        }
    }
}
