package org.stripwatch.sensor.reassembly;

/** TCP-layer anomalies, each a value with a wire name and the rule it breaks. */
public enum TcpAnomaly {
    /** A connection picked up without its SYN (capture started late, or one-sided capture). */
    MID_STREAM_START("mid_stream_start", "no SYN seen; client chosen by server port (RFC 9293 §3.5)"),
    /** The SYN was repeated with a different initial sequence number. */
    SYN_ISN_CHANGED("syn_isn_changed", "retransmitted SYN with another ISN (RFC 9293 §3.4)"),
    /** A RST outside the receiver's window, which the receiver ignores. */
    RST_OUT_OF_WINDOW("rst_out_of_window", "ignored by the receiver (RFC 5961 §3.2, RFC 9293 §3.10.7.4)"),
    /** A RST inside the window but not exact: a modern receiver answers with a challenge ACK. */
    RST_IN_WINDOW("rst_in_window", "not exact: challenge ACK, connection kept (RFC 5961 §3.2)"),
    /** Data after the direction's FIN. */
    DATA_AFTER_FIN("data_after_fin", "sequence space beyond FIN (RFC 9293 §3.6)"),
    /** Packets after the connection was reset or closed. */
    PACKET_AFTER_CLOSE("packet_after_close", "late retransmission or injected traffic after close"),
    /** An out-of-order segment could not be buffered. */
    OUT_OF_ORDER_LIMIT("out_of_order_limit", "per-direction or global buffer limit reached"),
    /** Retransmitted bytes that match what was seen (benign, counted). */
    RETRANSMISSION("retransmission", "same bytes for the same sequence numbers"),
    /** The receiver acknowledged bytes the capture never saw. */
    ACKED_UNSEEN_DATA("acked_unseen_data", "capture loss before the sensor (Zeek ack_above_hole)"),
    /**
     * Data starting at or beyond the right edge of the window the receiver advertised: the receiver
     * drops it, so the sensor does too (an insertion otherwise: Ptacek & Newsham 1998 §3.1).
     */
    DATA_OUT_OF_WINDOW("data_out_of_window", "unacceptable segment, dropped by the receiver (RFC 9293 §3.10.7.4)"),
    /** A segment with a bad TCP checksum, ignored as the receiver ignores it. */
    BAD_CHECKSUM("bad_checksum", "dropped by the receiver (RFC 9293 §3.1); insertion (Ptacek & Newsham 1998)"),
    /** Urgent pointer set: receivers disagree on out-of-band bytes (Ptacek & Newsham 1998). */
    URGENT_DATA("urgent_data", "URG data is ambiguous across stacks (RFC 6093)");

    private final String wireName;
    private final String why;

    TcpAnomaly(String wireName, String why) {
        this.wireName = wireName;
        this.why = why;
    }

    public String wireName() {
        return wireName;
    }

    public String why() {
        return why;
    }
}
