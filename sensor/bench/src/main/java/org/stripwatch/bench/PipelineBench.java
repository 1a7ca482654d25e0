package org.stripwatch.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.decode.PacketDecoder;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionListener;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.FlowTable;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * Nanoseconds per packet of each stage over the same 100,000 frames of the benchmark corpus:
 * decode alone, decode + reassembly (no payload consumer), and decode + reassembly + SMTP/TLS
 * session analysis. Differences between the three are each stage's cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineBench {
    private Frames frames;

    @Setup
    public void load() throws Exception {
        frames = Frames.load();
    }

    @Benchmark
    @OperationsPerInvocation(Frames.COUNT)
    public Object decode(Blackhole bh) {
        PacketDecoder d = new PacketDecoder(DecoderConfig.DEFAULTS, bh::consume);
        frames.replay(d);
        return d.stats();
    }

    @Benchmark
    @OperationsPerInvocation(Frames.COUNT)
    public Object decodeReassemble(Blackhole bh) {
        FlowTable t = new FlowTable(ReassemblyConfig.DEFAULTS, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                return null;
            }

            @Override
            public void onClose(ConnectionSummary summary) {
                bh.consume(summary);
            }
        });
        frames.replay(new PacketDecoder(DecoderConfig.DEFAULTS, t));
        t.finishAll();
        return t.stats();
    }

    @Benchmark
    @OperationsPerInvocation(Frames.COUNT)
    public Object wholeAnalysis(Blackhole bh) {
        SessionAnalysis sessions = new SessionAnalysis(SessionConfig.DEFAULTS, bh::consume);
        FlowTable t = new FlowTable(ReassemblyConfig.DEFAULTS, new ConnectionListener() {
            @Override
            public ConnectionHandler onOpen(Connection connection) {
                return sessions.open(connection);
            }

            @Override
            public void onClose(ConnectionSummary summary) {
                bh.consume(summary);
            }
        });
        frames.replay(new PacketDecoder(DecoderConfig.DEFAULTS, t));
        t.finishAll();
        return sessions.sessions();
    }
}
