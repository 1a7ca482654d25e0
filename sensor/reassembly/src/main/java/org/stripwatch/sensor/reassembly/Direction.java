package org.stripwatch.sensor.reassembly;

/** The two directions of a connection; the client is the side that sent the SYN. */
public enum Direction {
    CLIENT_TO_SERVER,
    SERVER_TO_CLIENT;

    public Direction opposite() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }
}
