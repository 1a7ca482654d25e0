package org.stripwatch.sensor.reassembly;

import io.netty.buffer.ByteBuf;
import org.stripwatch.sensor.decode.ChecksumState;
import org.stripwatch.sensor.decode.TcpSegment;

/**
 * The state of one TCP connection: which side is the client, both half-connections, the handler,
 * the history and the close state. Everything happens on the flow table's thread.
 */
final class TcpConnection implements Connection {
    private final FlowTable table;
    private final long id;
    private final Endpoint client, server;
    /** True when the client is the lower endpoint of the flow key (decides a segment's direction). */
    final boolean clientIsA;
    final long startNanos;
    private final boolean midStream;
    final HalfConnection toServer, toClient;
    private ConnectionHandler handler;
    private final History history = new History();
    private final java.util.EnumSet<TcpAnomaly> anomaliesSeen = java.util.EnumSet.noneOf(TcpAnomaly.class);
    /** This connection's entry in the flow table. */
    FlowKey key;
    long lastNanos;
    /** The pipeline's numbers of this connection's latest packet and of the packet that closed it ({@link FlowTable#atPacket}). */
    long lastPacket, closePacket;
    boolean established;
    boolean closed;
    EndReason closeReason;
    private boolean sawSynAck;
    private long synNanos = -1, synAckNanos = -1, serverRtt = -1, clientRtt = -1;

    TcpConnection(FlowTable table, long id, Endpoint client, Endpoint server, boolean clientIsA, long start,
                  boolean midStream) {
        this.table = table;
        this.id = id;
        this.client = client;
        this.server = server;
        this.clientIsA = clientIsA;
        this.startNanos = start;
        this.lastNanos = start;
        this.midStream = midStream;
        this.toServer = new HalfConnection(this, Direction.CLIENT_TO_SERVER);
        this.toClient = new HalfConnection(this, Direction.SERVER_TO_CLIENT);
        if (midStream) history.add('^', true);
    }

    void attach(ConnectionHandler h) {
        handler = h;
        toServer.setConsumer(h == null ? null : safeConsumer(h, Direction.CLIENT_TO_SERVER));
        toClient.setConsumer(h == null ? null : safeConsumer(h, Direction.SERVER_TO_CLIENT));
    }

    private StreamConsumer safeConsumer(ConnectionHandler h, Direction d) {
        try {
            return h.consumer(d);
        } catch (RuntimeException e) {
            fail(e);
            return null;
        }
    }

    @Override public long id() { return id; }
    @Override public Endpoint client() { return client; }
    @Override public Endpoint server() { return server; }
    @Override public long startNanos() { return startNanos; }
    @Override public boolean midStream() { return midStream; }
    @Override public long serverRttNanos() { return serverRtt; }
    @Override public long clientRttNanos() { return clientRtt; }

    @Override
    public StreamControl control(Direction direction) {
        return half(direction);
    }

    HalfConnection half(Direction d) {
        return d == Direction.CLIENT_TO_SERVER ? toServer : toClient;
    }

    ReassemblyConfig config() {
        return table.config();
    }

    Counters counters() {
        return table.counters();
    }

    // ---- per segment -----------------------------------------------------------------------

    void onSegment(TcpSegment seg, boolean fromA) {
        boolean fromClient = fromA == clientIsA;
        HalfConnection snd = fromClient ? toServer : toClient;
        HalfConnection rcv = fromClient ? toClient : toServer;
        long ts = seg.timestampNanos();
        lastNanos = Math.max(lastNanos, ts);
        snd.count(seg);
        if (closed) {
            // The last ACKs of a FIN close are normal; payload after the end is not (after a RST it
            // says the RST did not come from the endpoint: Weaver et al., NDSS 2009).
            if (seg.has(TcpSegment.RST)) history.add('R', fromClient);
            if (seg.payloadLength() > 0 || seg.has(TcpSegment.SYN)) {
                counters().packetsAfterClose++;
                history.add('L', fromClient);
                anomaly(snd.direction, TcpAnomaly.PACKET_AFTER_CLOSE);
            }
            snd.remember(seg);
            return;
        }
        if (seg.checksumState() == ChecksumState.BAD) {
            // The receiver drops it (RFC 9293 §3.1), so must we: an insertion attack otherwise
            // (Ptacek & Newsham 1998 §3.1). Only checked when checksum verification is on.
            history.add('C', fromClient);
            anomaly(snd.direction, TcpAnomaly.BAD_CHECKSUM);
            return;
        }
        // Data the receiver will not accept (RFC 9293 §3.10.7.4) must not reach the parsers as if
        // accepted: an attacker's insertion would otherwise occupy sequence space that the real data
        // fills later (Ptacek & Newsham 1998 §3.1). It is held until the receiver acknowledges it.
        boolean beyondWindow = seg.payloadLength() > 0 && !seg.has(TcpSegment.SYN | TcpSegment.RST)
                && rcv.beyondAdvertisedWindow(seg.seq());
        if (beyondWindow) {
            counters().dataOutOfWindow++;
            history.add('V', fromClient);
            anomaly(snd.direction, TcpAnomaly.DATA_OUT_OF_WINDOW);
        }
        recordFlags(seg, fromClient);
        if (seg.has(TcpSegment.RST)) {
            onRst(seg, snd, rcv);
            return;
        }
        if (seg.has(TcpSegment.SYN)) onSynFlag(seg, snd, rcv);
        if (seg.windowScale() >= 0 && seg.has(TcpSegment.SYN)) snd.windowScale = seg.windowScale();
        snd.noteAdvertisedWindow(seg, rcv);
        int dataSeq = seg.seq() + (seg.has(TcpSegment.SYN) ? 1 : 0);
        if (!snd.seqKnown) snd.startAt(dataSeq);
        if (seg.has(TcpSegment.URG) && seg.urgentPointer() != 0) {
            history.add('U', fromClient);
            anomaly(snd.direction, TcpAnomaly.URGENT_DATA);
        }
        // The ACK speaks of what the peer received before this segment was sent: settle it first.
        if (seg.has(TcpSegment.ACK)) rcv.onPeerAck(seg.ack(), ts);
        if (seg.payloadLength() > 0) snd.onData(seg, dataSeq, beyondWindow);
        else snd.noteEnd(dataSeq);
        if (seg.has(TcpSegment.FIN)) snd.onFin(dataSeq + seg.payloadLength(), ts);
        snd.remember(seg);
        if (toServer.ended && toClient.ended) close(EndReason.FIN);
    }

    private void onSynFlag(TcpSegment seg, HalfConnection snd, HalfConnection rcv) {
        snd.onSyn(seg.seq());
        if (seg.has(TcpSegment.ACK)) {
            sawSynAck = true;
            // A SYN-ACK without the SYN still tells where the client's stream starts.
            if (!rcv.seqKnown) rcv.startAt(seg.ack());
        }
    }

    private void recordFlags(TcpSegment seg, boolean fromClient) {
        int f = seg.flags();
        if ((f & TcpSegment.SYN) != 0) {
            history.add((f & TcpSegment.ACK) != 0 ? 'H' : 'S', fromClient);
            if ((f & TcpSegment.ACK) == 0 && fromClient && synNanos < 0) synNanos = seg.timestampNanos();
            if ((f & TcpSegment.ACK) != 0 && !fromClient && synAckNanos < 0) synAckNanos = seg.timestampNanos();
        }
        if ((f & TcpSegment.FIN) != 0) history.add('F', fromClient);
        if ((f & TcpSegment.RST) != 0) history.add('R', fromClient);
        if (seg.payloadLength() > 0) history.add('D', fromClient);
        else if ((f & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) == 0 && (f & TcpSegment.ACK) != 0) {
            history.add('A', fromClient);
            // The handshake's final ACK from the client completes establishment (RFC 9293 §3.5).
            if (fromClient && sawSynAck && !established) {
                established = true;
                if (synNanos >= 0 && synAckNanos >= synNanos) serverRtt = synAckNanos - synNanos;
                if (synAckNanos >= 0 && seg.timestampNanos() >= synAckNanos) {
                    clientRtt = seg.timestampNanos() - synAckNanos;
                }
            }
        }
        if (seg.window() == 0 && (f & (TcpSegment.SYN | TcpSegment.RST)) == 0) history.add('W', fromClient);
        if (seg.payloadLength() > 0 && fromClient && sawSynAck) established = true;
    }

    /**
     * Classifies a RST against the receiver's expectation (RFC 5961 §3.2) and the sender's earlier
     * packets (Weaver et al., NDSS 2009), then ends the connection only if a modern stack would.
     */
    private void onRst(TcpSegment seg, HalfConnection snd, HalfConnection rcv) {
        counters().resets++;
        long ts = seg.timestampNanos();
        TcpEvent.RstSeqMatch match;
        long distance = 0;
        if (!snd.seqKnown) {
            match = TcpEvent.RstSeqMatch.UNKNOWN;
        } else {
            distance = Seq.diff(seg.seq(), snd.receiverNext());
            long wnd = (long) rcv.window << (rcv.windowScale >= 0 && snd.windowScale >= 0 ? rcv.windowScale : 0);
            if (distance == 0) match = TcpEvent.RstSeqMatch.EXACT;
            else if (distance > 0 && distance < Math.max(wnd, 1)) match = TcpEvent.RstSeqMatch.IN_WINDOW;
            else match = TcpEvent.RstSeqMatch.OUT_OF_WINDOW;
        }
        // RFC 5961 §3.2: only an exact match resets a modern stack; one merely in the window earns a
        // challenge ACK and is otherwise ignored. Ending the connection on it would let an attacker
        // blind the sensor with a cheap inexact RST, so the sensor keeps tracking and reports it.
        boolean accepted = match == TcpEvent.RstSeqMatch.EXACT || match == TcpEvent.RstSeqMatch.UNKNOWN;
        long since = snd.lastTs == Long.MIN_VALUE ? -1 : ts - snd.lastTs;
        event(new TcpEvent.Reset(snd.direction, ts, snd.streamOffset, match, distance, seg.ttl(), snd.medianTtl(),
                seg.ipId(), snd.lastIpId, since, accepted));
        snd.remember(seg);
        if (!accepted) {
            counters().resetsIgnored++;
            history.add('X', snd.direction == Direction.CLIENT_TO_SERVER);
            anomaly(snd.direction, match == TcpEvent.RstSeqMatch.IN_WINDOW ? TcpAnomaly.RST_IN_WINDOW
                    : TcpAnomaly.RST_OUT_OF_WINDOW);
            return;
        }
        toServer.finish(EndReason.RST, ts);
        toClient.finish(EndReason.RST, ts);
        close(EndReason.RST);
    }

    private void close(EndReason reason) {
        if (closed) return;
        closed = true;
        closeReason = reason;
        table.closed(this);
    }

    /** Ends the connection for good (timeout, eviction, end of input, linger over) and reports it. */
    ConnectionSummary finish(EndReason reason) {
        if (!closed) {
            toServer.finish(reason, lastNanos);
            toClient.finish(reason, lastNanos);
            closed = true;
            closeReason = reason;
        }
        ConnectionSummary s = new ConnectionSummary(id, client, server, startNanos, lastNanos, toServer.summary(),
                toClient.summary(), history.toString(), closeReason, established, midStream);
        if (handler != null) {
            try {
                handler.onClose(s);
            } catch (RuntimeException e) {
                fail(e);
            }
        }
        return s;
    }

    // ---- calls into the handler, fenced: a parser bug must not blind the sensor --------------

    void deliver(StreamConsumer c, ByteBuf data, long ts) {
        try {
            c.onData(data, ts);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    void gapTo(StreamConsumer c, long length, long ts) {
        if (c == null) return;
        try {
            c.onGap(length, ts);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    void endConsumer(StreamConsumer c, EndReason reason, long ts) {
        try {
            c.onEnd(reason, ts);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    void event(TcpEvent e) {
        if (handler == null) return;
        try {
            handler.onTcpEvent(e);
        } catch (RuntimeException ex) {
            fail(ex);
        }
    }

    void anomaly(Direction d, TcpAnomaly kind) {
        if (anomaliesSeen.add(kind)) {
            event(new TcpEvent.Anomaly(d, lastNanos, half(d).streamOffset, kind));
        }
    }

    void history(Direction d, char upper) {
        history.add(upper, d == Direction.CLIENT_TO_SERVER);
    }

    /** A handler threw: that is a bug; count it, detach the handler, keep tracking the connection. */
    private void fail(RuntimeException e) {
        counters().consumerFailures++;
        table.reportFailure(this, e);
        handler = null;
        toServer.detach();
        toClient.detach();
    }
}
