package org.stripwatch.sensor.capture.live;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.sql.Timestamp;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;
import org.stripwatch.sensor.capture.CaptureException;
import org.stripwatch.sensor.capture.CaptureStats;
import org.stripwatch.sensor.capture.PacketSink;
import org.stripwatch.sensor.capture.PacketSource;

/**
 * Frames from a live interface through libpcap (pcap4j 1.8.2 opens it, sets the filter and reads the
 * statistics). Packets are taken with {@code pcap_next_ex} through {@link NextPacketReader}: one
 * direct native call per packet, the frame copied into one reused buffer, nothing allocated; where
 * that reader is not available, with pcap4j's {@code pcap_loop} and a {@link RawPacketListener}
 * (a fresh byte[] and java.sql.Timestamp per packet, about 2 us of JNA callback: see
 * ops/bench/performance-notes.md, "Live capture"). Timestamps are asked for in nanoseconds and fall back to microseconds
 * where the platform lacks them. Kernel and interface drops ({@code ps_drop + ps_ifdrop}) are
 * refreshed from the capture thread every {@link LiveConfig#statsInterval()} while packets flow, and
 * once more when {@link #run} ends.
 *
 * <p>{@link #open} opens the interface at once, so that a wrong interface name, missing privilege,
 * bad filter or missing libpcap fails before anything else starts.
 */
public final class LiveSource implements PacketSource {
    private final LiveConfig config;
    private final PcapHandle handle;
    private final int linkType;
    private final boolean nanosecondTimestamps;
    /** Null: pcap4j's loop. */
    private final NextPacketReader reader;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean stopped;
    private final AtomicLong inputs = new AtomicLong(1);
    private final AtomicLong packets = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong snaplenCut = new AtomicLong();
    private final AtomicLong kernelDrops = new AtomicLong();
    private long nextStatsNanos;

    private LiveSource(LiveConfig config, PcapHandle handle) {
        this.config = config;
        this.handle = handle;
        this.linkType = handle.getDlt().value();
        this.nanosecondTimestamps = handle.getTimestampPrecision() == PcapHandle.TimestampPrecision.NANO;
        this.reader = config.directRead() ? NextPacketReader.create(handle) : null;
    }

    /** Opens {@code config.interfaceName()} and installs the filter. */
    public static LiveSource open(LiveConfig config) throws CaptureException {
        Objects.requireNonNull(config, "config");
        PcapLibrary.configure();
        String name = config.interfaceName();
        try {
            PcapHandle handle = openHandle(config);
            try {
                if (!config.filter().isEmpty()) {
                    handle.setFilter(config.filter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                }
                return new LiveSource(config, handle);
            } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                handle.close();
                throw new CaptureException("interface " + name + ": bad BPF filter \"" + config.filter() + "\": "
                        + oneLine(e.getMessage()), e);
            }
        } catch (LinkageError e) {
            throw new CaptureException("interface " + name + ": libpcap not found (install libpcap0.8, or set -D"
                    + PcapLibrary.PROPERTY + "=/path/to/libpcap.so.N): " + oneLine(e.getMessage()), e);
        }
    }

    private static PcapHandle openHandle(LiveConfig config) throws CaptureException {
        String name = config.interfaceName();
        try {
            if (Pcaps.getDevByName(name) == null) {
                throw new CaptureException("interface " + name + ": no such interface (known: " + knownNames() + ")");
            }
            return new PcapHandle.Builder(name)
                    .snaplen(config.snaplen())
                    .promiscuousMode(config.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .bufferSize(config.bufferBytes())
                    .timeoutMillis((int) Math.max(1, config.readTimeout().toMillis()))
                    .timestampPrecision(PcapHandle.TimestampPrecision.NANO)
                    .build();
        } catch (PcapNativeException e) {
            throw new CaptureException("interface " + name + ": " + describeOpenFailure(e.getMessage()), e);
        }
    }

    /** libpcap's errors, made into the one thing an operator has to do. */
    static String describeOpenFailure(String message) {
        String m = oneLine(message);
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("permission") || lower.contains("not permitted")) {
            return "permission denied (live capture needs root or CAP_NET_RAW): " + m;
        }
        if (lower.contains("no such device")) {
            return "no such interface: " + m;
        }
        return "cannot open: " + m;
    }

    private static String knownNames() {
        try {
            return String.join(", ", Pcaps.findAllDevs().stream().map(PcapNetworkInterface::getName).toList());
        } catch (PcapNativeException e) {
            return "none listed";
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').trim();
    }

    /** The LINKTYPE_* value libpcap reports for the interface. */
    public int linkType() {
        return linkType;
    }

    /** Whether libpcap delivers nanosecond timestamps here (else microseconds). */
    public boolean nanosecondTimestamps() {
        return nanosecondTimestamps;
    }

    /** Whether packets are read with pcap_next_ex and no allocation ({@link NextPacketReader}), else pcap4j's loop. */
    public boolean directRead() {
        return reader != null;
    }

    public LiveConfig config() {
        return config;
    }

    @Override
    public void run(PacketSink sink) throws CaptureException {
        Objects.requireNonNull(sink, "sink");
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("run() is already active or has ended");
        }
        try {
            if (!stopped && reader != null) {
                readLoop(sink);
            } else if (!stopped) {
                handle.loop(-1, listener(sink));
            }
        } catch (InterruptedException e) {
            // breakLoop() from stop(): the normal way out of pcap_loop
        } catch (PcapNativeException | NotOpenException e) {
            if (!stopped) {
                throw new CaptureException("interface " + config.interfaceName() + ": capture failed: "
                        + oneLine(e.getMessage()), e);
            }
        } finally {
            refreshDrops();
        }
    }

    /** The capture thread's loop with {@link NextPacketReader}; ends on stop() (breakloop or the read timeout). */
    private void readLoop(PacketSink sink) throws CaptureException {
        byte[] buffer = new byte[config.snaplen()];
        ByteBuf frame = Unpooled.wrappedBuffer(buffer);
        long intervalNanos = config.statsInterval().toNanos();
        long next = System.nanoTime() + intervalNanos;
        long fractionScale = nanosecondTimestamps ? 1 : 1000;
        reader.lock();
        try {
            if (!handle.isOpen()) return;
            while (!stopped) {
                int rc = reader.next();
                if (rc == NextPacketReader.OK) {
                    int caplen = Math.min(reader.capturedLength(), buffer.length);
                    int wire = reader.wireLength();
                    reader.copyTo(buffer, caplen);
                    frame.setIndex(0, caplen);
                    // Per packet, as before: on a quiet link libpcap's TPACKET_V3 read may wait for the next
                    // packet without a timeout, and the counters must not lag behind what was delivered.
                    bump(packets, 1);
                    bump(bytes, caplen);
                    if (caplen < wire) bump(snaplenCut, 1);
                    sink.onPacket(linkType, reader.seconds() * 1_000_000_000L + reader.fraction() * fractionScale, frame,
                            wire);
                } else if (rc == NextPacketReader.BREAK) {
                    return;
                } else if (rc != NextPacketReader.TIMEOUT) {
                    if (stopped) return;
                    throw new CaptureException("interface " + config.interfaceName() + ": capture failed: "
                            + oneLine(errorText()));
                }
                long now = System.nanoTime();
                if (now - next >= 0) {
                    next = now + intervalNanos;
                    refreshDrops();
                }
            }
        } finally {
            reader.unlock();
        }
    }

    private String errorText() {
        try {
            return handle.getError();
        } catch (NotOpenException e) {
            return "handle closed";
        }
    }

    private RawPacketListener listener(PacketSink sink) {
        long intervalNanos = config.statsInterval().toNanos();
        nextStatsNanos = System.nanoTime() + intervalNanos;
        return raw -> {
            ByteBuf frame = Unpooled.wrappedBuffer(raw); // pcap4j copies each packet into a fresh array
            Integer original = handle.getOriginalLength();
            int wireLength = original == null ? raw.length : original;
            bump(packets, 1);
            bump(bytes, raw.length);
            if (raw.length < wireLength) {
                bump(snaplenCut, 1);
            }
            sink.onPacket(linkType, nanos(handle.getTimestamp()), frame, wireLength);
            long now = System.nanoTime();
            if (now - nextStatsNanos >= 0) {
                nextStatsNanos = now + intervalNanos;
                refreshDrops();
            }
        };
    }

    /** java.sql.Timestamp keeps whole seconds in getTime() and the fraction, to the nanosecond, in getNanos(). */
    static long nanos(Timestamp ts) {
        return Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
    }

    /** Single writer (the capture thread, or run's finally after the loop ended). */
    private static void bump(AtomicLong counter, long delta) {
        counter.lazySet(counter.get() + delta);
    }

    private void refreshDrops() {
        try {
            PcapStat stat = handle.getStats();
            kernelDrops.lazySet(stat.getNumPacketsDropped() + stat.getNumPacketsDroppedByIf());
        } catch (PcapNativeException | NotOpenException e) {
            // statistics are best effort: keep the last value
        }
    }

    /** Makes {@link #run} return soon: pcap_breakloop wakes the capture thread. Any thread. */
    @Override
    public void stop() {
        stopped = true;
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing is running
        }
    }

    @Override
    public CaptureStats stats() {
        return new CaptureStats(inputs.get(), packets.get(), bytes.get(), snaplenCut.get(), 0, 0, kernelDrops.get());
    }

    /** Stops the loop and releases the handle (pcap4j waits for a running loop to return first). */
    @Override
    public void close() {
        stop();
        handle.close();
    }
}
