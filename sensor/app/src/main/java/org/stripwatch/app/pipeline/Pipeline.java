package org.stripwatch.app.pipeline;

import java.util.ArrayList;
import java.util.List;
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

/**
 * The sensor's pipeline on one thread: source → decoder → flow table → analysis and outputs.
 *
 * <p>Which connections are analysed is the {@link Analysis}'s choice (by server port); every
 * connection, analysed or not, reaches the connection log.
 */
public final class Pipeline {
    /** Decides per connection whether to analyse its payload; null keeps only its summary. */
    public interface Analysis {
        ConnectionHandler open(Connection connection);
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
        // The table's counters are written by the pipeline thread; a monitoring read may lag a little.
        if (t == null) return new Live(packets, drops, 0, 0, 0);
        ReassemblyStats r = t.stats();
        return new Live(packets, drops, r.flowsOpened(), r.flowsActive(), r.flowsEvicted());
    }

    public record Result(CaptureStats capture, DecodeStats decode, ReassemblyStats reassembly, long wallNanos) {}

    private final DecoderConfig decoderConfig;
    private final ReassemblyConfig reassemblyConfig;
    private final Analysis analysis;
    private final List<SummarySink> sinks = new ArrayList<>();
    private volatile PacketDecoder decoder;
    private volatile FlowTable table;
    private volatile PacketSource source;

    public Pipeline(DecoderConfig decoderConfig, ReassemblyConfig reassemblyConfig, Analysis analysis) {
        this.decoderConfig = decoderConfig;
        this.reassemblyConfig = reassemblyConfig;
        this.analysis = analysis;
    }

    public Pipeline addSummarySink(SummarySink sink) {
        sinks.add(sink);
        return this;
    }

    /** Runs the source to its end (or until stopped) and ends every open connection. */
    public Result run(PacketSource source) throws CaptureException {
        long t0 = System.nanoTime();
        FlowTable t = new FlowTable(reassemblyConfig, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                return analysis.open(connection);
            }

            @Override
            public void onClose(ConnectionSummary summary) {
                for (SummarySink s : sinks) s.accept(summary);
            }
        });
        PacketDecoder d = new PacketDecoder(decoderConfig, t);
        table = t;
        decoder = d;
        this.source = source;
        try {
            source.run(d);
        } finally {
            t.finishAll();
        }
        return new Result(source.stats(), d.stats(), t.stats(), System.nanoTime() - t0);
    }
}
