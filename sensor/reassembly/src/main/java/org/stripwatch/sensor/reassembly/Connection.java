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
     * Round trip between the capture point and the server, from the handshake (SYN to SYN-ACK), or
     * -1 if not seen. A reply that follows its command faster than this cannot have come from the
     * server: injection evidence (cf. Weaver et al., NDSS 2009, on timing of forged packets).
     */
    long serverRttNanos();

    /** Round trip between the capture point and the client (SYN-ACK to its ACK), or -1. */
    long clientRttNanos();

    /** The reassembler's controls for one direction. */
    StreamControl control(Direction direction);
}
