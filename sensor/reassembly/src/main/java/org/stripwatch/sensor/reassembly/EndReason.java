package org.stripwatch.sensor.reassembly;

/** Why a direction (or a connection) ended. Wire names are what the connection log prints. */
public enum EndReason {
    /** The sender closed with FIN and every byte up to it was seen. */
    FIN("fin"),
    /** A RST from either side ended the connection. */
    RST("rst"),
    /** No packet for the idle timeout. */
    IDLE_TIMEOUT("idle_timeout"),
    /** Evicted to stay within the flow or memory limits. */
    EVICTED("evicted"),
    /** The input ended while the connection was open. */
    END_OF_INPUT("end_of_input");

    private final String wireName;

    EndReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
