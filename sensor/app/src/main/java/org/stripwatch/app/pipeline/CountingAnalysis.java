package org.stripwatch.app.pipeline;

import io.netty.buffer.ByteBuf;
import java.util.Set;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;

/**
 * Reassembles the connections to the analysed server ports and counts their bytes, without
 * protocol parsing: what the connection log needs to report gaps exactly.
 */
public final class CountingAnalysis implements Pipeline.Analysis {
    private final Set<Integer> ports;

    public CountingAnalysis(Set<Integer> ports) {
        this.ports = Set.copyOf(ports);
    }

    @Override
    public ConnectionHandler open(Connection connection) {
        if (!ports.contains(connection.server().port())) return null;
        return direction -> new StreamConsumer() {
            @Override
            public void onData(ByteBuf data, long timestampNanos) {}

            @Override
            public void onGap(long length, long timestampNanos) {}

            @Override
            public void onEnd(EndReason reason, long timestampNanos) {}
        };
    }
}
