package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.capture.PacketSource;
import org.stripwatch.sensor.capture.live.LiveConfig;
import org.stripwatch.sensor.capture.live.LiveSource;
import org.stripwatch.sensor.publish.AvroMapper;
import org.stripwatch.sensor.publish.KafkaPublisher;
import org.stripwatch.sensor.publish.PublisherStats;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The production sensor: watches a live interface (a span port) — or replays files — and publishes
 * session records to Kafka and/or local files, until SIGINT or SIGTERM, then flushes everything.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true,
        description = "Capture from a network interface (needs root or CAP_NET_RAW) or replay files, "
                + "and publish session records to Kafka and/or files.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch sensor --interface eth1 --kafka kafka1:9092 --sensor-id dc1-span0",
            "  stripwatch sensor -i span0 --filter 'tcp port 25' --sessions /var/log/stripwatch/sessions.jsonl",
            "  stripwatch sensor --kafka 127.0.0.1:9092 captures/lab/mixed.pcap   # replay into Kafka"})
final class SensorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "NAME", description = "Interface to capture on.")
    String iface;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "Capture files to replay instead of an interface.")
    List<Path> files;

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

    @Option(names = "--pcap4j-loop", description = "Read packets with pcap4j's callback loop (a copy and a timestamp "
            + "object per packet) instead of pcap_next_ex into one reused buffer; for comparison.")
    boolean pcap4jLoop;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Analysis threads for capture FILEs, flows sharded by address pair (default: ${DEFAULT-VALUE}). "
                    + "Not with --interface: frames go to a worker in batches of 4096, which a quiet link would "
                    + "hold back with their records.")
    int workers;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard error at exit.")
    boolean quiet;

    @Mixin
    OutputOptions outputs;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    AnalysisOptions options;

    @Mixin
    MetricsOptions metrics;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        boolean live = iface != null;
        if (live == (files != null && !files.isEmpty())) {
            err.println("stripwatch sensor: give either --interface NAME or capture FILEs, not " + (live ? "both" : "neither"));
            return ExitCodes.USAGE;
        }
        if (live && workers != 1) {
            // ShardedPipeline hands a worker its frames when a batch fills (or at the end of a file): on a
            // live link that can be minutes, and the records and idle expiry would wait as long.
            err.println("stripwatch sensor: --workers applies to capture FILEs; live capture analyses on the capture thread");
            return ExitCodes.USAGE;
        }
        if (!kafka.enabled() && outputs.sessions == null && outputs.flows == null) {
            err.println("stripwatch sensor: nothing to publish to: give --kafka, --sessions or --flows");
            return ExitCodes.USAGE;
        }
        CountDownLatch flushed = new CountDownLatch(1);
        KafkaPublisher publisher = null;
        Metrics exporter = null;
        try (PacketSource source = live ? LiveSource.open(liveConfig()) : FileSource.open(files);
             OutputOptions.Outputs out = outputs.open()) {
            Pipeline pipeline = Runs.pipeline(options, out, workers);
            if (kafka.enabled()) {
                publisher = KafkaPublisher.create(kafka.publisherConfig());
                KafkaPublisher pub = publisher;
                AvroMapper mapper = new AvroMapper(kafka.sensorId());
                out.addSessionListener(r -> pub.publish(mapper.toAvro(r)));
                pub.startHeartbeats(() -> {
                    Pipeline.Live l = pipeline.live();
                    return pub.heartbeat(l.packets(), l.drops(), l.flows(), out.stats.sessions,
                            out.stats.findingCount(), Map.of());
                });
            }
            if (metrics.enabled()) {
                exporter = sensorMetrics(pipeline, out, publisher).serve(metrics.bind, metrics.port);
                if (!quiet) err.println("stripwatch sensor: metrics on http://" + metrics.bind + ":" + exporter.port() + "/metrics");
            }
            // SIGINT/SIGTERM: stop capturing, then let this thread flush before the JVM halts.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                source.stop();
                try {
                    flushed.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
            }, "stripwatch-shutdown"));
            if (!quiet && live) {
                err.println("stripwatch sensor: capturing on " + iface + " (" + filter + "; "
                        + (((LiveSource) source).directRead() ? "pcap_next_ex" : "pcap4j loop") + "); Ctrl-C to stop");
            }
            err.flush();
            Pipeline.Result result = pipeline.run(source);
            if (publisher != null) {
                publisher.close(Duration.ofSeconds(15));
                report(err, publisher.stats());
            }
            if (!quiet) Summary.print(err, result, out.stats, live ? 0 : files.size());
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (CaptureException | IOException | UncheckedIOException e) {
            err.println("stripwatch sensor: " + e.getMessage());
            return ExitCodes.INPUT;
        } finally {
            if (publisher != null) publisher.close(Duration.ofSeconds(1));
            if (exporter != null) exporter.close();
            err.flush();
            flushed.countDown();
        }
    }

    /** What a SOC graphs: traffic, drops, flows, findings by type, and the spool when publishing. */
    static Metrics sensorMetrics(Pipeline pipeline, OutputOptions.Outputs out, KafkaPublisher publisher) {
        Metrics m = new Metrics()
                .counter("stripwatch_packets", "Packets captured.", () -> pipeline.live().packets())
                .counter("stripwatch_kernel_drops", "Packets the kernel or interface dropped.", () -> pipeline.live().drops())
                .counter("stripwatch_flows", "TCP connections opened.", () -> pipeline.live().flows())
                .gauge("stripwatch_flows_active", "TCP connections tracked now.", () -> pipeline.live().flowsActive())
                .counter("stripwatch_flows_evicted", "Connections evicted at the flow limit.", () -> pipeline.live().flowsEvicted())
                .counter("stripwatch_sessions", "SMTP session records produced.", () -> out.stats.sessions)
                .counters("stripwatch_findings", "Wire-level findings, by type.", "type", () -> {
                    Map<String, Long> byType = new java.util.TreeMap<>();
                    out.stats.findings.forEach((t, n) -> byType.put(t.wireName(), n));
                    return byType;
                });
        if (publisher != null) {
            m.gauge("stripwatch_spool_records", "Records waiting in the on-disk spool.", () -> publisher.stats().spoolRecords())
                    .gauge("stripwatch_spool_bytes", "Bytes in the on-disk spool.", () -> publisher.stats().spoolBytes())
                    .counter("stripwatch_spool_dropped", "Records dropped because the spool was full.", () -> publisher.stats().dropped())
                    .counter("stripwatch_publish_failures", "Failed sends to Kafka.", () -> publisher.stats().sendFailures());
        }
        return m;
    }

    /** @throws IllegalArgumentException naming the flag whose value is out of range */
    private LiveConfig liveConfig() {
        LiveConfig c = LiveConfig.defaults(iface).withFilter(filter);
        try {
            c = c.withSnaplen(snaplen);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--snaplen: " + e.getMessage());
        }
        try {
            c = c.withBufferBytes(bufferBytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--buffer-size: " + e.getMessage());
        }
        return c.withPromiscuous(!noPromiscuous).withDirectRead(!pcap4jLoop);
    }

    private static void report(PrintWriter err, PublisherStats s) {
        err.println("kafka: " + s);
    }
}
