package org.stripwatch.app.output;

import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.DirectionSummary;

/** Renders a connection summary as one conn.log JSON line (field names are a contract: README). */
public final class ConnLog {
    private final JsonWriter w = new JsonWriter();

    public String render(ConnectionSummary c) {
        return write(c).take();
    }

    /** Renders {@code c} into this log's writer and returns it, ready for {@link LineOutput#write(JsonWriter)}. */
    public JsonWriter write(ConnectionSummary c) {
        w.beginObject()
                .field("id", c.id())
                .fieldTime("start", c.startNanos())
                .fieldTime("end", c.endNanos())
                .fieldSeconds("duration", c.endNanos() - c.startNanos())
                .field("client_ip", c.client().address().toString())
                .field("client_port", c.client().port())
                .field("server_ip", c.server().address().toString())
                .field("server_port", c.server().port())
                .field("history", c.history())
                .field("close_reason", c.endReason().wireName())
                .field("established", c.established())
                .field("mid_stream", c.midStream());
        direction("client", c.clientToServer());
        direction("server", c.serverToClient());
        return w.endObject();
    }

    private void direction(String name, DirectionSummary d) {
        w.beginObject(name)
                .field("packets", d.packets())
                .field("bytes", d.frameBytes())
                .field("payload_bytes", d.payloadBytes())
                .field("stream_bytes", d.streamBytes())
                .field("gap_bytes", d.gapBytes())
                .field("ttl", d.ttlMedian())
                .endObject();
    }
}
