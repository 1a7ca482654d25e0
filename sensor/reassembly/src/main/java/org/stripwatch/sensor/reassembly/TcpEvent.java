package org.stripwatch.sensor.reassembly;

/**
 * Facts the TCP layer reports to a connection's handler, in capture order with the stream data.
 * {@code streamOffset} is the position in the sender's byte stream (0 = first byte after the SYN)
 * where the event sits, so a handler can tell "after the ClientHello" from "before it".
 */
public sealed interface TcpEvent {
    Direction direction();

    long timestampNanos();

    /**
     * A RST, with what tells a forged one apart (Weaver, Sommer, Paxson, "Detecting Forged TCP Reset
     * Packets", NDSS 2009): its sequence number against the receiver's expectation (RFC 5961 §3.2:
     * only an exact match resets a modern stack), and its TTL/hop limit and IP ID against the
     * median of the sender's earlier packets.
     *
     * @param seqMatch    how the RST's sequence number relates to the receiver's window
     * @param seqDistance RST sequence number minus the sender's next expected sequence number
     * @param ttl         TTL/hop limit of the RST
     * @param medianTtl   median TTL of the sender's earlier packets, -1 if none
     * @param ipId        IP ID of the RST, -1 if none (IPv6)
     * @param lastIpId    IP ID of the sender's previous packet, -1 if none
     * @param sincePreviousNanos time since the sender's previous packet
     * @param accepted    whether the sensor treated it as ending the connection
     */
    record Reset(Direction direction, long timestampNanos, long streamOffset, RstSeqMatch seqMatch, long seqDistance,
                 int ttl, int medianTtl, int ipId, int lastIpId, long sincePreviousNanos, boolean accepted)
            implements TcpEvent {}

    /** A FIN (RFC 9293 §3.6): the sender will send no more data after {@code streamOffset}. */
    record Fin(Direction direction, long timestampNanos, long streamOffset) implements TcpEvent {}

    /**
     * A retransmission whose bytes differ from those already seen for the same sequence numbers: the
     * footprint of an injected segment racing the real one (Zeek's {@code rexmit_inconsistency},
     * Suricata's {@code check-overlap-different-data}). The first-seen bytes were delivered; both
     * carriers' TTL, IP ID and time are given.
     */
    record OverlapConflict(Direction direction, long timestampNanos, long streamOffset, int length,
                           int firstTtl, int firstIpId, long firstTimestampNanos,
                           int laterTtl, int laterIpId) implements TcpEvent {}

    /** {@code length} bytes that will not be delivered, at {@code streamOffset}. */
    record Gap(Direction direction, long timestampNanos, long streamOffset, long length, GapCause cause)
            implements TcpEvent {}

    /** Everything else worth counting, as a value. */
    record Anomaly(Direction direction, long timestampNanos, long streamOffset, TcpAnomaly kind) implements TcpEvent {}

    enum RstSeqMatch {
        /** Equals the receiver's next expected sequence number: a stack accepts it. */
        EXACT("exact"),
        /**
         * Inside the receiver's window but not exact: RFC 5961 stacks answer with a challenge ACK and
         * go on, and so does the sensor (reported, not accepted).
         */
        IN_WINDOW("in_window"),
        /** Outside the window: every stack ignores it (RFC 9293 §3.10.7.4). */
        OUT_OF_WINDOW("out_of_window"),
        /** Nothing was seen from the sender before, so its sequence space is unknown. */
        UNKNOWN("unknown");

        private final String wireName;

        RstSeqMatch(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    enum GapCause {
        /** Segments the capture never saw (ACKed by the peer, or a hole at close). */
        MISSING("missing"),
        /** Bytes the snaplen cut from captured frames. */
        SNAPLEN("snaplen"),
        /** Out-of-order data dropped to stay within a buffer limit. */
        BUFFER_LIMIT("buffer_limit");

        private final String wireName;

        GapCause(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }
}
