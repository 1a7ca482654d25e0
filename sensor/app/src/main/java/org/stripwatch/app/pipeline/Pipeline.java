package org.stripwatch.app.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.CaptureStats;
import org.stripwatch.sensor.capture.PacketSource;
import org.stripwatch.sensor.decode.DecodeStats;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.decode.PacketDecoder;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.reassembly.ReassemblyStats;
import org.stripwatch.sensor.session.SessionRecord;

/**
 * The sensor's pipeline: source → decoder → flow table → analysis and outputs, on one thread or,
 * with several workers, sharded by address pair ({@link ShardedPipeline}).
 *
 * <p>Which connections are analysed is the {@link Analysis}'s choice (by server port); every
 * connection, analysed or not, reaches the connection log.
 */
public final class Pipeline {
    /** Decides per connection whether to analyse its payload; null keeps only its summary. */
    public interface Analysis {
        ConnectionHandler open(Connection connection);
    }

    /**
     * Makes one analysis per worker. {@code records} is where that analysis must hand its session
     * records, on its own thread: the pipeline prepares them there and commits them to the run's output
     * in its output order (at once with one worker; with several, merged into the single-threaded order
     * and with connection ids renumbered, see {@link ShardedPipeline}).
     */
    public interface AnalysisFactory {
        Analysis create(Consumer<SessionRecord> records);
    }

    /** Receives every connection summary (the connection log). */
    public interface SummarySink {
        void accept(ConnectionSummary summary);
    }

    /** Approximate counters of a running pipeline, safe to read from another thread (heartbeats). */
    public record Live(long packets, long drops, long flows, long flowsActive, long flowsEvicted) {}

    public Live live() {
        PacketSource s = source;
        FlowTable t = table;
        long packets = s == null ? 0 : s.stats().packets();
        long drops = s == null ? 0 : s.stats().kernelDrops();
        // The tables' counters are written by the pipeline threads; a monitoring read may lag a little.
        long flows = 0, active = 0, evicted = 0;
        java.util.List<FlowTable> all = new java.util.ArrayList<>();
        if (t != null) all.add(t);
        FlowTable[] ts = workerTables;
        if (ts != null) all.addAll(java.util.Arrays.asList(ts));
        for (FlowTable w : all) {
            ReassemblyStats r = w.stats();
            flows += r.flowsOpened();
            active += r.flowsActive();
            evicted += r.flowsEvicted();
        }
        return new Live(packets, drops, flows, active, evicted);
    }

    public record Result(CaptureStats capture, DecodeStats decode, ReassemblyStats reassembly, long wallNanos) {}

    private final DecoderConfig decoderConfig;
    private final ReassemblyConfig reassemblyConfig;
    private final Analysis analysis;
    private final AnalysisFactory factory;
    private final Output output;
    private final int workers;
    private final List<SummarySink> sinks = new ArrayList<>();
    private volatile FlowTable[] workerTables;
    private volatile FlowTable table;
    private volatile PacketSource source;

    /** One thread; {@code analysis} makes its own records, summaries go to {@link #addSummarySink}s. */
    public Pipeline(DecoderConfig decoderConfig, ReassemblyConfig reassemblyConfig, Analysis analysis) {
        this.decoderConfig = decoderConfig;
        this.reassemblyConfig = reassemblyConfig;
        this.analysis = analysis;
        this.factory = null;
        this.output = null;
        this.workers = 1;
    }

    /**
     * A pipeline on {@code workers} analysis threads (1: this thread only), each with its own analysis
     * from {@code factory}, whose records reach {@code records} (with the run's connection ids).
     *
     * @throws IllegalArgumentException if {@code workers} is not between 1 and 64
     */
    public Pipeline(DecoderConfig decoderConfig, ReassemblyConfig reassemblyConfig, int workers,
            AnalysisFactory factory, Consumer<SessionRecord> records) {
        this(decoderConfig, reassemblyConfig, workers, factory, recordsOnly(records));
    }

    /**
     * A pipeline on {@code workers} analysis threads whose records and summaries go to {@code output}:
     * prepared on the analysis thread that made them, committed on one thread in output order.
     *
     * @throws IllegalArgumentException if {@code workers} is not between 1 and 64
     */
    public Pipeline(DecoderConfig decoderConfig, ReassemblyConfig reassemblyConfig, int workers,
            AnalysisFactory factory, Output output) {
        if (workers < 1 || workers > 64) {
            throw new IllegalArgumentException("--workers must be between 1 and 64, not " + workers);
        }
        this.decoderConfig = decoderConfig;
        this.reassemblyConfig = reassemblyConfig;
        this.factory = factory;
        this.output = output;
        this.workers = workers;
        this.analysis = null;
    }

    /** An output that hands records over at commit time, unprepared (summaries: to the sinks). */
    private static Output recordsOnly(Consumer<SessionRecord> records) {
        return () -> new Output.Lane() {
            @Override
            public Output.Prepared session(SessionRecord r) {
                return id -> records.accept(id == r.connection().id() ? r : r.withConnection(r.connection().withId(id)));
            }

            @Override
            public Output.Prepared summary(ConnectionSummary s) {
                return id -> {};
            }
        };
    }

    public Pipeline addSummarySink(SummarySink sink) {
        sinks.add(sink);
        return this;
    }

    /** Runs the source to its end (or until stopped) and ends every open connection. */
    public Result run(PacketSource source) throws CaptureException {
        Output out = withSinks(output, List.copyOf(sinks));
        if (workers > 1) {
            this.source = source;
            return new ShardedPipeline(decoderConfig, reassemblyConfig, workers, factory, out)
                    .run(source, tables -> workerTables = tables);
        }
        long t0 = System.nanoTime();
        Output.Lane lane = out.lane();
        Analysis a = analysis != null ? analysis : factory.create(r -> lane.session(r).commit(r.connection().id()));
        FlowTable t = new FlowTable(reassemblyConfig, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                return a.open(connection);
            }

            @Override
            public void onClose(ConnectionSummary summary) {
                lane.summary(summary).commit(summary.id());
            }
        });
        PacketDecoder d = new PacketDecoder(decoderConfig, t);
        table = t;
        this.source = source;
        try {
            source.run(d);
        } finally {
            t.finishAll();
        }
        return new Result(source.stats(), d.stats(), t.stats(), System.nanoTime() - t0);
    }

    /** {@code output} (records and summaries; none if null) and the summary sinks, which see committed summaries. */
    private static Output withSinks(Output output, List<SummarySink> sinks) {
        if (sinks.isEmpty() && output != null) return output;
        return () -> {
            Output.Lane inner = output == null ? null : output.lane();
            return new Output.Lane() {
                @Override
                public Output.Prepared session(SessionRecord r) {
                    return inner == null ? id -> {} : inner.session(r);
                }

                @Override
                public Output.Prepared summary(ConnectionSummary s) {
                    Output.Prepared p = inner == null ? null : inner.summary(s);
                    return id -> {
                        if (p != null) p.commit(id);
                        ConnectionSummary numbered = id == s.id() ? s : s.withId(id);
                        for (SummarySink sink : sinks) sink.accept(numbered);
                    };
                }
            };
        };
    }
}
