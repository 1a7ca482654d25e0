package org.stripwatch.sensor.reassembly;

/** What a handler may know of and do to its connection while it is open. */
public interface Connection {
    long id();

    Endpoint client();

    Endpoint server();

    long startNanos();

    /** True when no SYN was seen: the streams begin at an unknown offset. */
    boolean midStream();

    /** The reassembler's controls for one direction. */
    StreamControl control(Direction direction);
}
