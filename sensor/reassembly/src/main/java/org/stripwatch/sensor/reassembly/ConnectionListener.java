package org.stripwatch.sensor.reassembly;

/** Told of every connection the flow table opens and closes. */
public interface ConnectionListener {
    /**
     * A new connection; return its handler, or {@code null} to keep only its summary (no payload is
     * then copied or buffered for it).
     */
    ConnectionHandler onOpen(Connection connection);

    /** Every connection's summary, handled or not: the connection log. */
    void onClose(ConnectionSummary summary);
}
