package org.stripwatch.sensor.reassembly;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.decode.TcpSegment;

/**
 * Tracks every TCP connection of one packet stream and reassembles both directions.
 *
 * <p>Single-threaded: a sensor that wants more cores runs one table per worker and shards packets
 * by flow. Time is the capture's own (packet timestamps), so replaying a file and watching a live
 * interface expire connections identically. Memory is bounded by {@link ReassemblyConfig}: the
 * number of connections, the out-of-order bytes per direction and in total; recently active
 * connections are kept when something must go (least recently used first, connections that never
 * completed a handshake before established ones, as a SYN flood must not push real sessions out).
 */
public final class FlowTable implements org.stripwatch.sensor.decode.TcpSegmentSink {
    private static final System.Logger LOG = System.getLogger(FlowTable.class.getName());
    /** How often (capture time) idle connections are expired and lingering ones retired. */
    public static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    /** How far from the least recently used end an eviction looks for an unestablished victim. */
    private static final int EVICTION_SCAN = 64;
    /** {@link #retireOrder}'s phases, above any packet number. */
    private static final long LINGER_OVER = 1L << 61, IDLE = 1L << 62;

    private final ReassemblyConfig config;
    private final ConnectionListener listener;
    private final Counters counters = new Counters();
    private final LinkedHashMap<FlowKey, TcpConnection> flows = new LinkedHashMap<>(1024, 0.75f, true);
    private final ArrayDeque<TcpConnection> lingering = new ArrayDeque<>();
    private final ArrayDeque<Long> lingerSince = new ArrayDeque<>();
    private final FlowKey probe = new FlowKey();
    private long nextId = 1;
    private long now = Long.MIN_VALUE;
    private long lastSweep = Long.MIN_VALUE;
    private boolean externalSweeps;
    private long packetNumber;
    private long retireOrder;

    public FlowTable(ReassemblyConfig config, ConnectionListener listener) {
        this.config = config;
        this.listener = listener;
    }

    ReassemblyConfig config() {
        return config;
    }

    Counters counters() {
        return counters;
    }

    public ReassemblyStats stats() {
        return counters.snapshot(flows.size());
    }

    @Override
    public void onSegment(TcpSegment seg) {
        counters.segments++;
        long ts = seg.timestampNanos();
        // Merged or reordered captures can step back in time; the clock never does.
        if (ts > now) now = ts;
        boolean fromA = probe.set(seg);
        TcpConnection conn = flows.get(probe);
        if (conn != null && conn.closed && isFreshSyn(seg)) {
            // Port reuse after close (RFC 9293 §3.5 TIME-WAIT): the old record is done.
            retire(conn, conn.closeReason);
            conn = null;
        }
        if (conn == null) conn = open(seg, fromA);
        conn.lastPacket = packetNumber;
        conn.onSegment(seg, fromA);
        if (!externalSweeps && (lastSweep == Long.MIN_VALUE || now - lastSweep >= SWEEP_INTERVAL_NANOS)) sweep();
    }

    /**
     * From now on sweeps happen only through {@link #sweepAt}: a sharded pipeline's tables each see
     * part of the packets, so the reader, which sees them all, decides when the one table of a
     * single-threaded run would have swept, and tells every table.
     */
    public void externalSweeps() {
        externalSweeps = true;
    }

    /**
     * For a sharded pipeline's tables, before each packet: the packet's global number, and the clock
     * the one table of a single-threaded run would have at it (the latest time over all TCP packets,
     * not just this table's). Connections keep the number of their latest packet and of the packet
     * that closed them, which orders what one sweep ends ({@link #retireOrder}); the clock makes a
     * closed connection's linger start when it would in the single table.
     */
    public void atPacket(long number, long clockNanos) {
        packetNumber = number;
        if (clockNanos > now) now = clockNanos;
    }

    /**
     * While a sweep retires a connection (during its listener calls): a key that orders the connections
     * one sweep ends as this table ends them, comparable across tables that share packet numbers (the
     * workers of a sharded pipeline): closed connections whose linger is over first, in the order they
     * closed, then idle ones, least recently active first. Outside sweeps, 0.
     */
    public long retireOrder() {
        return retireOrder;
    }

    /** Advances the clock to {@code nowNanos} (never back) and sweeps, as at a packet of that time. */
    public void sweepAt(long nowNanos) {
        if (nowNanos > now) now = nowNanos;
        sweep();
    }

    private static boolean isFreshSyn(TcpSegment seg) {
        return seg.has(TcpSegment.SYN) && !seg.has(TcpSegment.ACK);
    }

    private TcpConnection open(TcpSegment seg, boolean fromA) {
        if (flows.size() >= config.maxFlows()) evictOne();
        Endpoint src = new Endpoint(new IpAddress(seg.srcHi(), seg.srcLo()), seg.srcPort());
        Endpoint dst = new Endpoint(new IpAddress(seg.dstHi(), seg.dstLo()), seg.dstPort());
        boolean srcIsClient;
        boolean midStream = false;
        if (seg.has(TcpSegment.SYN)) {
            srcIsClient = !seg.has(TcpSegment.ACK);
        } else {
            // No SYN: the configured server ports decide, else the lower port is the server.
            midStream = true;
            boolean srcServer = config.serverPorts().contains(seg.srcPort());
            boolean dstServer = config.serverPorts().contains(seg.dstPort());
            srcIsClient = srcServer != dstServer ? dstServer : seg.srcPort() > seg.dstPort();
        }
        Endpoint client = srcIsClient ? src : dst, server = srcIsClient ? dst : src;
        boolean clientIsA = srcIsClient == fromA;
        TcpConnection c = new TcpConnection(this, nextId++, client, server, clientIsA, seg.timestampNanos(),
                midStream);
        c.key = probe.copy();
        flows.put(c.key, c);
        counters.flowsOpened++;
        ConnectionHandler h;
        try {
            h = listener.onOpen(c);
        } catch (RuntimeException e) {
            counters.consumerFailures++;
            reportFailure(c, e);
            h = null;
        }
        c.attach(h);
        if (midStream) c.anomaly(srcIsClient ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                TcpAnomaly.MID_STREAM_START);
        return c;
    }

    /** Called by a connection that has just seen its end (FIN both ways, or RST). */
    void closed(TcpConnection c) {
        c.closePacket = packetNumber;
        lingering.addLast(c);
        lingerSince.addLast(now);
    }

    private void evictOne() {
        Iterator<TcpConnection> it = flows.values().iterator();
        TcpConnection victim = null;
        for (int i = 0; i < EVICTION_SCAN && it.hasNext(); i++) {
            TcpConnection c = it.next();
            if (victim == null) victim = c;
            if (c.closed || !c.established) {
                victim = c;
                break;
            }
        }
        if (victim == null) return;
        counters.flowsEvicted++;
        if (!victim.established) counters.evictedUnestablished++;
        else if (victim.closed) counters.evictedClosed++;
        retire(victim, EndReason.EVICTED);
    }

    /** Expires idle connections and ends the linger of closed ones. */
    private void sweep() {
        lastSweep = now;
        while (!lingerSince.isEmpty() && now - lingerSince.peekFirst() >= config.closedLingerNanos()) {
            lingerSince.pollFirst();
            TcpConnection c = lingering.pollFirst();
            retireOrder = LINGER_OVER | c.closePacket;
            if (flows.get(c.key) == c) retire(c, c.closeReason);
        }
        List<TcpConnection> expired = new ArrayList<>();
        for (TcpConnection c : flows.values()) {
            long idle = now - c.lastNanos;
            if (idle < config.unestablishedTimeoutNanos()) break; // LRU order: the rest are younger
            long limit = c.established ? config.idleTimeoutNanos() : config.unestablishedTimeoutNanos();
            if (idle >= limit && !c.closed) expired.add(c);
        }
        for (TcpConnection c : expired) {
            counters.flowsTimedOut++;
            retireOrder = IDLE | c.lastPacket; // the LRU order is the order of latest packets
            retire(c, EndReason.IDLE_TIMEOUT);
        }
        retireOrder = 0;
    }

    /** Ends every open connection: the input is over. */
    public void finishAll() {
        List<TcpConnection> all = new ArrayList<>(flows.values());
        all.sort((x, y) -> Long.compare(x.id(), y.id()));
        for (TcpConnection c : all) retire(c, c.closed ? c.closeReason : EndReason.END_OF_INPUT);
        lingering.clear();
        lingerSince.clear();
    }

    private void retire(TcpConnection c, EndReason reason) {
        flows.remove(c.key);
        counters.flowsClosed++;
        ConnectionSummary s = c.finish(reason);
        listener.onClose(s);
    }

    void reportFailure(Connection c, RuntimeException e) {
        if (counters.consumerFailures <= 10) {
            LOG.log(System.Logger.Level.WARNING, "connection " + c.id() + " " + c.client() + " -> " + c.server()
                    + ": analysis failed and was detached (a bug, please report): " + e, e);
        }
    }
}
