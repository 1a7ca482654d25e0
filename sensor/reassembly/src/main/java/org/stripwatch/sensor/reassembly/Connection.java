package org.stripwatch.sensor.reassembly;

/** What a handler may know of and do to its connection while it is open. */
public interface Connection {
    long id();

    Endpoint client();

    Endpoint server();

    long startNanos();

    /** True when no SYN was seen: the streams begin at an unknown offset. */
    boolean midStream();

    /**
     * Round-trip time of the three-way handshake as seen at the capture point (SYN to the client's
     * ACK of the SYN-ACK), or -1 if it was not seen. A reply that arrives faster than this after its
     * command cannot have come from the server (injection evidence).
     */
    long handshakeRttNanos();

    /** The reassembler's controls for one direction. */
    StreamControl control(Direction direction);
}
