package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.live.LiveConfig;
import org.stripwatch.sensor.capture.live.LiveSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Watches a live interface (a span port) until SIGINT or SIGTERM, then flushes every open
 * connection and output before exiting.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = "Capture from a network interface (needs root or CAP_NET_RAW) and analyse live.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch sensor --interface eth1 --flows /var/log/stripwatch/conn.jsonl",
            "  stripwatch sensor -i span0 --filter 'tcp port 25' --buffer-size 67108864 --flows -"})
final class SensorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, required = true, paramLabel = "NAME", description = "Interface to capture on.")
    String iface;

    @Option(names = "--filter", paramLabel = "BPF", defaultValue = LiveConfig.DEFAULT_FILTER,
            description = "Kernel packet filter (default: ${DEFAULT-VALUE}).")
    String filter;

    @Option(names = "--snaplen", paramLabel = "BYTES", defaultValue = "" + LiveConfig.DEFAULT_SNAPLEN,
            description = "Bytes kept of each frame (default: ${DEFAULT-VALUE}).")
    int snaplen;

    @Option(names = "--buffer-size", paramLabel = "BYTES", defaultValue = "" + LiveConfig.DEFAULT_BUFFER_BYTES,
            description = "Kernel capture buffer; too small drops packets under load (default: ${DEFAULT-VALUE}).")
    int bufferBytes;

    @Option(names = "--no-promiscuous", description = "Do not put the interface in promiscuous mode.")
    boolean noPromiscuous;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error at exit.")
    boolean quiet;

    @Mixin
    OutputOptions outputs;

    @Mixin
    AnalysisOptions options;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        LiveConfig config;
        try {
            config = LiveConfig.defaults(iface).withFilter(filter).withSnaplen(snaplen).withBufferBytes(bufferBytes)
                    .withPromiscuous(!noPromiscuous);
        } catch (IllegalArgumentException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        CountDownLatch flushed = new CountDownLatch(1);
        try (LiveSource source = LiveSource.open(config); OutputOptions.Outputs out = outputs.open()) {
            Pipeline pipeline = Runs.pipeline(options, out);
            // SIGINT/SIGTERM: stop capturing, then let this thread flush before the JVM halts.
            Thread hook = new Thread(() -> {
                source.stop();
                try {
                    flushed.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "stripwatch-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            if (!quiet) err.println("stripwatch sensor: capturing on " + iface + " (" + filter + "); Ctrl-C to stop");
            err.flush();
            Pipeline.Result result = pipeline.run(source);
            if (!quiet) Summary.print(err, result, out.stats, 0);
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (CaptureException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.INPUT;
        } catch (IOException | UncheckedIOException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.INPUT;
        } finally {
            err.flush();
            flushed.countDown();
        }
    }
}
