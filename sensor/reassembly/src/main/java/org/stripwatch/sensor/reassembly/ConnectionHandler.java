package org.stripwatch.sensor.reassembly;

/**
 * Everything about one connection, delivered on one thread in capture order: stream data through
 * the two consumers, TCP facts through {@link #onTcpEvent}, and the summary last.
 */
public interface ConnectionHandler {
    /** The consumer for one direction; asked once per direction when the connection opens. */
    StreamConsumer consumer(Direction direction);

    /** A TCP-level fact (RST, FIN, overlap conflict, gap, anomaly), in order with the stream data. */
    default void onTcpEvent(TcpEvent event) {}

    /** The connection is done; both consumers have had {@code onEnd}. */
    default void onClose(ConnectionSummary summary) {}
}
