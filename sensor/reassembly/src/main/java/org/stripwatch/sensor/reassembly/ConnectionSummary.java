package org.stripwatch.sensor.reassembly;

/**
 * The connection log record (Zeek's conn.log): one per TCP connection, written when it is done.
 *
 * @param id           a number unique within the run, in order of first packet
 * @param history      compact flag history, Zeek style: upper case from the client, lower case from
 *                     the server (see {@link History})
 * @param endReason    why the record was closed
 * @param established  whether the three-way handshake was seen
 */
public record ConnectionSummary(long id, Endpoint client, Endpoint server, long startNanos, long endNanos,
                                DirectionSummary clientToServer, DirectionSummary serverToClient,
                                String history, EndReason endReason, boolean established,
                                boolean midStream) {
    /** The same summary under another number (a sharded run numbers connections in global first-packet order). */
    public ConnectionSummary withId(long newId) {
        return new ConnectionSummary(newId, client, server, startNanos, endNanos, clientToServer, serverToClient,
                history, endReason, established, midStream);
    }
}
