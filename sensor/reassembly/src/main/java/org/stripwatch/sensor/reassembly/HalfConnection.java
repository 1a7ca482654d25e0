package org.stripwatch.sensor.reassembly;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import org.stripwatch.sensor.decode.TcpSegment;

/**
 * One direction of a connection: sequence tracking, in-order delivery, out-of-order buffering,
 * gaps, and the memory of recently delivered bytes that exposes conflicting retransmissions.
 *
 * <p>Policy when bytes overlap: the first bytes seen for a sequence number are delivered, and a
 * later copy that differs is reported as a {@link TcpEvent.OverlapConflict} rather than silently
 * chosen (Ptacek & Newsham 1998: the sensor cannot know which copy the receiver kept, so it says
 * so). Delivery stops being a copy as soon as the consumer needs no more payload: sequence numbers,
 * flags and sizes are all that is then tracked.
 *
 * <p>Data that starts beyond the window the receiver advertised (RFC 9293 §3.10.7.4) is held as
 * <em>provisional</em>: the receiver drops such a segment, so it is delivered only if the receiver
 * later acknowledges its first byte (then the sensor's view of the window was stale: capture loss
 * of a window update, or a sender that ignores flow control), never at the end of the stream, and
 * an in-window copy of the same bytes always goes first. An insertion beyond the window therefore
 * never becomes the stream (Ptacek &amp; Newsham 1998 §3.1), and real traffic loses nothing.
 */
final class HalfConnection implements StreamControl {
    /** Recent carriers remembered for overlap evidence; a handful covers any racing reply. */
    private static final int CARRIERS = 8;
    private static final int TTL_SAMPLES = 15;

    private final TcpConnection conn;
    final Direction direction;
    private StreamConsumer consumer;

    // Sequence space. nextSeq is the next byte to consume; maxSeqEnd the highest seq+len sent.
    boolean seqKnown;
    boolean synSeen;
    int isn;
    int nextSeq;
    int maxSeqEnd;
    boolean finSeen;
    int finSeq;
    boolean ended;
    long streamOffset;
    private long skipRemaining;
    private boolean payloadStopped;

    // Out-of-order segments sorted by sequence number, first-arrived first among equals.
    private ArrayList<Pending> pending;
    private int pendingBytes;

    // The last delivered bytes (ring) and the packets that carried them.
    private byte[] ring;
    private long ringEnd; // stream offset just past the last byte written to the ring
    private int ringFilled;
    private long[] carrierStart;
    private int[] carrierTtl, carrierIpId;
    private long[] carrierTs;
    private int carrierNext;

    // Statistics and evidence baselines.
    long packets, frameBytes, payloadBytes, gapBytes;
    private final byte[] ttls = new byte[TTL_SAMPLES];
    private int ttlCount;
    int lastIpId = -1;
    long lastTs = Long.MIN_VALUE;
    int window;
    int windowScale = -1;
    private boolean retransmissionSeen;
    private int deliveringTtl = -1, deliveringIpId = -1;
    // The right edge (ACK + scaled window) of the receive window this direction's sender advertised
    // to its peer; the highest seen, as a receiver must not shrink its window (RFC 9293 §3.8.6).
    private boolean windowEdgeKnown;
    private int windowEdge;
    private int lastAck;

    HalfConnection(TcpConnection conn, Direction direction) {
        this.conn = conn;
        this.direction = direction;
    }

    void setConsumer(StreamConsumer consumer) {
        this.consumer = consumer;
        if (consumer == null) payloadStopped = true;
    }

    /** The consumer failed: it gets nothing more, not even {@code onEnd}. */
    void detach() {
        consumer = null;
        stopPayload();
    }

    boolean tracksPayload() {
        return !payloadStopped && !ended;
    }

    // ---- StreamControl -------------------------------------------------------------------

    @Override
    public void skip(long bytes) {
        if (bytes > 0) skipRemaining += bytes;
    }

    @Override
    public void stopPayload() {
        payloadStopped = true;
        dropPending();
    }

    @Override
    public long offset() {
        return streamOffset;
    }

    @Override
    public int carrierTtl() {
        return deliveringTtl;
    }

    @Override
    public int carrierIpId() {
        return deliveringIpId;
    }

    // ---- statistics ---------------------------------------------------------------------------

    /** Counts a packet of this direction. */
    void count(TcpSegment seg) {
        packets++;
        frameBytes += seg.frameLength();
        payloadBytes += seg.payloadLength();
        window = seg.window();
    }

    /**
     * Remembers a processed packet as a baseline for the ones after it (so evidence compares a
     * packet with its predecessors only); RSTs stay out of the TTL baseline they are judged by.
     */
    void remember(TcpSegment seg) {
        lastIpId = seg.ipId();
        lastTs = seg.timestampNanos();
        if (!seg.has(TcpSegment.RST)) {
            ttls[ttlCount % TTL_SAMPLES] = (byte) seg.ttl();
            ttlCount++;
        }
    }

    @Override
    public int medianTtl() {
        int n = Math.min(ttlCount, TTL_SAMPLES);
        if (n == 0) return -1;
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = ttls[i] & 0xff;
        Arrays.sort(v);
        return v[n / 2];
    }

    // ---- the receive window this sender advertises (RFC 9293 §3.10.7.4) ------------------------

    /**
     * Notes the window {@code seg} (sent by this direction, acknowledging {@code peer}'s data)
     * advertises. Only with both SYNs seen: the window scale is then known (RFC 7323 §2.2: the
     * shift applies when both SYNs carried the option, never to the window of a SYN itself).
     */
    void noteAdvertisedWindow(TcpSegment seg, HalfConnection peer) {
        if (!seg.has(TcpSegment.ACK) || !synSeen || !peer.synSeen) return;
        boolean scaled = !seg.has(TcpSegment.SYN) && windowScale >= 0 && peer.windowScale >= 0;
        long wnd = (long) seg.window() << (scaled ? Math.min(windowScale, 14) : 0);
        int edge = seg.ack() + (int) wnd;
        if (!windowEdgeKnown || Seq.gt(edge, windowEdge)) windowEdge = edge;
        if (!windowEdgeKnown || Seq.gt(seg.ack(), lastAck)) lastAck = seg.ack();
        windowEdgeKnown = true;
    }

    /**
     * Whether data from the peer starting at {@code dataSeq} begins at or beyond the right edge of
     * the window this side advertised: an unacceptable segment that the receiver drops after an
     * ACK (RFC 9293 §3.10.7.4, first check). A zero-window probe at the acknowledged point is left
     * alone.
     */
    boolean beyondAdvertisedWindow(int dataSeq) {
        return windowEdgeKnown && dataSeq != lastAck && Seq.diff(dataSeq, windowEdge) >= 0;
    }

    /** Whether this side (as the receiver of its peer's data) has acknowledged past {@code seq}. */
    boolean acknowledgedPast(int seq) {
        return windowEdgeKnown && Seq.gt(lastAck, seq);
    }

    // ---- sequence space -------------------------------------------------------------------

    void onSyn(int seq) {
        if (synSeen && seq != isn) {
            if (streamOffset == 0 && pending == null) {
                conn.anomaly(direction, TcpAnomaly.SYN_ISN_CHANGED);
            } else {
                return; // a SYN inside an established stream is ignored by the receiver
            }
        }
        synSeen = true;
        isn = seq;
        seqKnown = true;
        nextSeq = seq + 1;
        maxSeqEnd = nextSeq;
    }

    /** The first byte we will see is at {@code seq}: start there (mid-stream or after a lost SYN). */
    void startAt(int seq) {
        seqKnown = true;
        nextSeq = seq;
        maxSeqEnd = seq;
    }

    void noteEnd(int seqEnd) {
        if (Seq.gt(seqEnd, maxSeqEnd)) maxSeqEnd = seqEnd;
    }

    /** Expected sequence number of this direction's next segment, as its receiver sees it. */
    int receiverNext() {
        return maxSeqEnd;
    }

    // ---- data ----------------------------------------------------------------------------------

    /**
     * Handles {@code seg}'s payload, which starts at sequence number {@code dataSeq};
     * {@code beyondWindow}: it starts beyond the receiver's advertised window (held provisionally).
     */
    void onData(TcpSegment seg, int dataSeq, boolean beyondWindow) {
        int len = seg.payloadLength();
        noteEnd(dataSeq + len);
        if (finSeen && Seq.gt(dataSeq + len, finSeq)) conn.anomaly(direction, TcpAnomaly.DATA_AFTER_FIN);
        if (ended) return;
        if (!tracksPayload()) {
            advanceUntracked();
            return;
        }
        int rel = Seq.diff(dataSeq, nextSeq);
        if (rel > 0 || (beyondWindow && rel == 0)) {
            buffer(seg, dataSeq, beyondWindow);
            return;
        }
        if (rel + len <= 0) {
            compareWithDelivered(seg.payload(), seg.payload().readerIndex(), dataSeq, len, seg.ttl(), seg.ipId(),
                    seg.timestampNanos());
            return;
        }
        if (rel < 0) {
            compareWithDelivered(seg.payload(), seg.payload().readerIndex(), dataSeq, -rel, seg.ttl(), seg.ipId(),
                    seg.timestampNanos());
        }
        consume(seg.payload(), seg.payload().readerIndex() - rel, len + rel, seg.ttl(), seg.ipId(),
                seg.timestampNanos());
        drainPending(seg.timestampNanos());
    }

    /** With payload no longer tracked, the stream simply follows the highest sequence number seen. */
    private void advanceUntracked() {
        int end = finSeen && Seq.lt(finSeq, maxSeqEnd) ? finSeq : maxSeqEnd;
        int d = Seq.diff(end, nextSeq);
        if (d > 0) {
            nextSeq = end;
            streamOffset += d;
            skipRemaining = Math.max(0, skipRemaining - d);
        }
    }

    /**
     * Consumes {@code declared} in-order bytes at nextSeq. The buffer holds the captured ones from
     * {@code index} on (possibly fewer: the snaplen cut the rest, which becomes a gap).
     */
    private void consume(ByteBuf buf, int index, int declared, int ttl, int ipId, long ts) {
        int captured = Math.max(0, Math.min(declared, buf.writerIndex() - index));
        int pos = 0;
        while (pos < declared && !ended) {
            if (skipRemaining > 0) {
                int k = (int) Math.min(skipRemaining, declared - pos);
                skipRemaining -= k;
                advance(k);
                pos += k;
            } else if (payloadStopped) {
                advance(declared - pos);
                pos = declared;
            } else if (pos < captured) {
                int k = captured - pos;
                deliver(buf, index + pos, k, ttl, ipId, ts);
                pos += k;
            } else {
                int k = declared - pos;
                gap(k, TcpEvent.GapCause.SNAPLEN, ts);
                pos = declared;
            }
        }
    }

    private void deliver(ByteBuf buf, int index, int length, int ttl, int ipId, long ts) {
        remember(buf, index, length, ttl, ipId, ts);
        int r = buf.readerIndex(), w = buf.writerIndex();
        buf.setIndex(index, index + length);
        deliveringTtl = ttl;
        deliveringIpId = ipId;
        try {
            conn.deliver(consumer, buf, ts);
        } finally {
            buf.setIndex(r, w);
            deliveringTtl = deliveringIpId = -1;
        }
        // offset() reads the buffer's start during the call; the stream moves on afterwards.
        advance(length);
    }

    private void advance(int k) {
        nextSeq += k;
        streamOffset += k;
        if (finSeen && nextSeq == finSeq) end(EndReason.FIN, lastTs);
    }

    /** Declares {@code length} bytes at nextSeq lost; skipped bytes absorb a gap silently. */
    void gap(long length, TcpEvent.GapCause cause, long ts) {
        if (length <= 0 || ended) return;
        long absorbed = Math.min(skipRemaining, length);
        skipRemaining -= absorbed;
        long real = length - absorbed;
        // The connection log counts every byte never seen, whether or not the consumer wanted it.
        gapBytes += length;
        conn.counters().gapBytes += length;
        if (real > 0 && !payloadStopped) {
            conn.history(direction, 'G');
            conn.event(new TcpEvent.Gap(direction, ts, streamOffset + absorbed, real, cause));
            conn.gapTo(consumer, real, ts);
        }
        nextSeq += (int) length;
        streamOffset += length;
        if (finSeen && nextSeq == finSeq) end(EndReason.FIN, ts);
    }

    // ---- overlap memory -------------------------------------------------------------------------

    private void remember(ByteBuf buf, int index, int length, int ttl, int ipId, long ts) {
        int max = conn.config().overlapMemoryBytes();
        if (max == 0) return;
        if (carrierStart == null) {
            carrierStart = new long[CARRIERS];
            carrierTtl = new int[CARRIERS];
            carrierIpId = new int[CARRIERS];
            carrierTs = new long[CARRIERS];
            Arrays.fill(carrierStart, Long.MIN_VALUE);
        }
        if (ringEnd != streamOffset) ringFilled = 0; // a skip or gap broke continuity
        int need = (int) Math.min(max, ringFilled + (long) length);
        if (ring == null || ring.length < need) growRing(need, max);
        int cap = ring.length;
        int copy = Math.min(length, cap);
        int from = index + length - copy;
        long start = streamOffset + length - copy;
        for (int done = 0; done < copy; ) {
            int at = (int) ((start + done) % cap);
            int n = Math.min(copy - done, cap - at);
            buf.getBytes(from + done, ring, at, n);
            done += n;
        }
        ringEnd = streamOffset + length;
        ringFilled = (int) Math.min(cap, ringFilled + (long) length);
        carrierStart[carrierNext] = streamOffset;
        carrierTtl[carrierNext] = ttl;
        carrierIpId[carrierNext] = ipId;
        carrierTs[carrierNext] = ts;
        carrierNext = (carrierNext + 1) % CARRIERS;
    }

    /**
     * The overlap memory grows with what was delivered, up to {@code max}: an idle SMTP connection
     * that saw a greeting and an EHLO keeps 64 bytes per direction, not the full memory (a sensor
     * tracks a million of them). Kept bytes move to their positions in the larger ring.
     */
    private void growRing(int need, int max) {
        int size = need <= 64 ? 64 : Integer.highestOneBit(need - 1) << 1;
        size = Math.min(Math.max(size, need), max);
        byte[] bigger = new byte[size];
        if (ring != null) {
            // Contiguous runs: each ends where either ring wraps (at most three runs).
            for (long o = ringEnd - ringFilled; o < ringEnd; ) {
                int from = (int) (o % ring.length), to = (int) (o % size);
                int n = (int) Math.min(ringEnd - o, Math.min(ring.length - from, size - to));
                System.arraycopy(ring, from, bigger, to, n);
                o += n;
            }
        }
        ring = bigger;
    }

    /**
     * Compares the first {@code length} bytes of an old segment (starting at {@code dataSeq}, before
     * nextSeq) with what was delivered for the same sequence numbers.
     */
    private void compareWithDelivered(ByteBuf buf, int index, int dataSeq, int length, int ttl, int ipId,
                                      long ts) {
        long segOffset = streamOffset + Seq.diff(dataSeq, nextSeq);
        long from = Math.max(segOffset, ringEnd - ringFilled);
        long to = Math.min(segOffset + Math.min(length, Math.max(0, buf.writerIndex() - index)), ringEnd);
        long firstDiff = -1;
        int cap = ring == null ? 0 : ring.length;
        for (long o = from; o < to; o++) {
            if (ring[(int) (o % cap)] != buf.getByte(index + (int) (o - segOffset))) {
                firstDiff = o;
                break;
            }
        }
        if (firstDiff < 0) {
            conn.counters().retransmissions++;
            conn.history(direction, 'T');
            if (!retransmissionSeen) {
                retransmissionSeen = true;
                conn.anomaly(direction, TcpAnomaly.RETRANSMISSION);
            }
            return;
        }
        int c = carrierOf(firstDiff);
        conn.counters().overlapConflicts++;
        conn.history(direction, 'O');
        conn.event(new TcpEvent.OverlapConflict(direction, ts, firstDiff, (int) (to - firstDiff),
                c < 0 ? -1 : carrierTtl[c], c < 0 ? -1 : carrierIpId[c], c < 0 ? 0 : carrierTs[c], ttl, ipId));
    }

    /** The remembered carrier whose delivery started last at or before {@code offset}. */
    private int carrierOf(long offset) {
        int best = -1;
        for (int i = 0; i < CARRIERS; i++) {
            long s = carrierStart[i];
            if (s != Long.MIN_VALUE && s <= offset && (best < 0 || s > carrierStart[best])) best = i;
        }
        return best;
    }

    // ---- out of order ------------------------------------------------------------------------

    private void buffer(TcpSegment seg, int dataSeq, boolean provisional) {
        ReassemblyConfig cfg = conn.config();
        ByteBuf p = seg.payload();
        int captured = p.readableBytes();
        int count = pending == null ? 0 : pending.size();
        conn.counters().outOfOrderSegments++;
        if (count >= cfg.maxOutOfOrderSegments() || pendingBytes + captured > cfg.maxBufferedBytesPerDirection()
                || !conn.counters().reserve(captured, cfg.maxBufferedBytesGlobal())) {
            conn.counters().outOfOrderDropped++;
            conn.anomaly(direction, TcpAnomaly.OUT_OF_ORDER_LIMIT);
            if (provisional) return; // the receiver dropped it too: no reason to give up on the hole
            // Give up waiting for the hole: what is buffered is delivered behind a gap, and this
            // segment's bytes become part of a gap too (it cannot be held).
            flushPending(seg.timestampNanos(), TcpEvent.GapCause.BUFFER_LIMIT);
            int rel = Seq.diff(dataSeq, nextSeq);
            if (rel > 0) gap(rel, TcpEvent.GapCause.MISSING, seg.timestampNanos());
            if (Seq.gt(dataSeq + seg.payloadLength(), nextSeq)) {
                gap(Seq.diff(dataSeq + seg.payloadLength(), nextSeq), TcpEvent.GapCause.BUFFER_LIMIT,
                        seg.timestampNanos());
            }
            return;
        }
        byte[] data = new byte[captured];
        p.getBytes(p.readerIndex(), data);
        Pending np = new Pending(dataSeq, data, seg.payloadLength(), seg.ttl(), seg.ipId(), seg.timestampNanos(),
                provisional);
        if (pending == null) pending = new ArrayList<>(4);
        int i = pending.size();
        // By sequence number; among equals first arrival first, but in-window copies before provisional ones.
        while (i > 0 && (Seq.gt(pending.get(i - 1).seq, dataSeq)
                || (pending.get(i - 1).seq == dataSeq && pending.get(i - 1).provisional && !provisional))) {
            i--;
        }
        pending.add(i, np);
        pendingBytes += captured;
    }

    /** Delivers buffered segments that have become in order. */
    private void drainPending(long ts) {
        while (pending != null && !pending.isEmpty() && !ended && tracksPayload()) {
            Pending p = pending.get(0);
            int rel = Seq.diff(p.seq, nextSeq);
            if (rel > 0) return;
            if (p.provisional && !peerAcknowledged(p.seq)) {
                // Bytes the receiver dropped: they wait for its ACK; once in-window data has covered
                // them they are discarded, not compared (they never reached the receiver).
                if (rel + p.declared > 0) return;
                pending.remove(0);
                release(p);
                continue;
            }
            pending.remove(0);
            release(p);
            ByteBuf buf = Unpooled.wrappedBuffer(p.data);
            if (rel + p.declared <= 0) {
                compareWithDelivered(buf, 0, p.seq, p.declared, p.ttl, p.ipId, p.ts);
                continue;
            }
            if (rel < 0) compareWithDelivered(buf, 0, p.seq, -rel, p.ttl, p.ipId, p.ts);
            consume(buf, -rel, p.declared + rel, p.ttl, p.ipId, p.ts);
        }
        if (!tracksPayload()) dropPending();
    }

    /** Delivers everything buffered, with gaps for the holes: the capture will not fill them. */
    void flushPending(long ts, TcpEvent.GapCause cause) {
        while (pending != null && !pending.isEmpty() && !ended && tracksPayload()) {
            Pending first = pending.get(0);
            if (first.provisional && !peerAcknowledged(first.seq)) {
                pending.remove(0); // never accepted by the receiver: not part of the stream
                release(first);
                continue;
            }
            int rel = Seq.diff(first.seq, nextSeq);
            if (rel > 0) gap(rel, cause == TcpEvent.GapCause.BUFFER_LIMIT ? TcpEvent.GapCause.MISSING : cause, ts);
            drainPending(ts);
        }
        dropPending();
    }

    /** The peer acknowledged up to {@code ack}: bytes before it that we never saw are lost. */
    void onPeerAck(int ack, long ts) {
        if (!seqKnown || ended || !tracksPayload()) return;
        if (Seq.gt(ack, maxSeqEnd) && !(finSeen && Seq.leq(ack, finSeq + 1))) {
            conn.anomaly(direction, TcpAnomaly.ACKED_UNSEEN_DATA);
        }
        // Only holes *below* bytes the sender was seen sending become gaps. An ACK beyond anything
        // seen proves nothing: the peer may be acknowledging an injected segment (a forged reply
        // longer than the real one), and skipping ahead would blind the parsers to the real bytes
        // when they come — an evasion. A FIN the capture has yet to show is no gap either.
        int limit = Seq.lt(ack, maxSeqEnd) ? ack : maxSeqEnd;
        if (finSeen && Seq.lt(finSeq, limit)) limit = finSeq;
        if (!Seq.gt(limit, nextSeq)) return;
        while (Seq.gt(limit, nextSeq) && !ended && tracksPayload()) {
            int before = nextSeq;
            int hole = pending != null && !pending.isEmpty() && Seq.lt(pending.get(0).seq, limit)
                    ? Seq.diff(pending.get(0).seq, nextSeq) : Seq.diff(limit, nextSeq);
            if (hole > 0) gap(hole, TcpEvent.GapCause.MISSING, ts);
            drainPending(ts);
            if (pending == null || pending.isEmpty()) {
                if (Seq.gt(limit, nextSeq)) gap(Seq.diff(limit, nextSeq), TcpEvent.GapCause.MISSING, ts);
                break;
            }
            if (nextSeq == before) break; // no progress possible (defensive: must not loop)
        }
    }

    private boolean peerAcknowledged(int seq) {
        return conn.half(direction.opposite()).acknowledgedPast(seq);
    }

    private void release(Pending p) {
        pendingBytes -= p.data.length;
        conn.counters().release(p.data.length);
    }

    private void dropPending() {
        if (pending == null) return;
        for (Pending p : pending) release(p);
        pending = null;
    }

    // ---- end ------------------------------------------------------------------------------------

    void onFin(int seq, long ts) {
        if (finSeen) return;
        finSeen = true;
        finSeq = seq;
        noteEnd(seq + 1);
        conn.event(new TcpEvent.Fin(direction, ts, streamOffset + Math.max(0, Seq.diff(seq, nextSeq))));
        if (!tracksPayload()) advanceUntracked();
        if (Seq.leq(finSeq, nextSeq)) end(EndReason.FIN, ts);
    }

    /** Ends this direction: what is buffered is delivered behind gaps, then {@code onEnd}. */
    void finish(EndReason reason, long ts) {
        if (ended) return;
        flushPending(ts, TcpEvent.GapCause.MISSING);
        if (finSeen && Seq.gt(finSeq, nextSeq) && tracksPayload()) {
            gap(Seq.diff(finSeq, nextSeq), TcpEvent.GapCause.MISSING, ts);
        }
        if (!tracksPayload()) advanceUntracked();
        end(reason, ts);
    }

    private void end(EndReason reason, long ts) {
        if (ended) return;
        ended = true;
        dropPending();
        ring = null;
        if (consumer != null) conn.endConsumer(consumer, reason, ts);
    }

    /** Distinct stream bytes covered so far (the FIN's sequence number excluded). */
    long streamBytes() {
        if (!seqKnown) return 0;
        int start = synSeen ? isn + 1 : nextSeq - (int) streamOffset;
        // Gaps declared from the peer's ACKs can take nextSeq beyond anything this side was seen sending.
        int end = finSeen ? finSeq : Seq.max(maxSeqEnd, nextSeq);
        return Math.max(0, Seq.diff(end, start));
    }

    DirectionSummary summary() {
        return new DirectionSummary(packets, frameBytes, payloadBytes, streamBytes(), gapBytes, medianTtl());
    }

    private record Pending(int seq, byte[] data, int declared, int ttl, int ipId, long ts, boolean provisional) {}
}
