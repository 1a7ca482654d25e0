package org.stripwatch.sensor.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.netty.util.internal.PlatformDependent;
import java.lang.reflect.Field;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.pcap4j.core.PcapHandle;

/**
 * Takes packets from an open pcap4j handle with libpcap's {@code pcap_next_ex}, called through a JNA
 * direct mapping with plain {@code long} arguments, and reads the packet header and bytes straight
 * from libpcap's buffer (its TPACKET_V3 ring on Linux): one cheap native call per packet, nothing
 * allocated. pcap4j's {@code loop} costs about 2 us per packet in its JNA callback (argument
 * conversion, reflection, a byte[] per packet, a java.sql.Timestamp, two ThreadLocals): as much as
 * the rest of the sensor's pipeline (ops/bench/performance-notes.md, "Live capture").
 *
 * <p>pcap4j 1.8.2 does not expose its {@code pcap_t} or its handle lock, so both are read by
 * reflection once; {@link #create} returns null where that or anything else this needs (64-bit
 * Linux {@code struct pcap_pkthdr}, Unsafe memory access, JNA direct mapping) is missing, and the
 * caller falls back to pcap4j's loop. The reader holds pcap4j's read lock while it reads, as
 * pcap4j's own loop does, so {@link PcapHandle#close} waits for it to return.
 */
final class NextPacketReader {
    /** struct pcap_pkthdr on LP64 Linux: struct timeval (two longs), caplen, len. */
    private static final int TS_SEC = 0, TS_FRAC = 8, CAPLEN = 16, LEN = 20;
    static final int OK = 1, TIMEOUT = 0, ERROR = -1, BREAK = -2;

    private static volatile Boolean linked;

    private final long pcap;
    private final Lock lock;
    /** Two pointers pcap_next_ex writes: the header's and the data's. */
    private final Memory out = new Memory(16);
    private final long outAddress = Pointer.nativeValue(out);
    private long header;
    private long data;

    private NextPacketReader(long pcap, Lock lock) {
        this.pcap = pcap;
        this.lock = lock;
    }

    /** A reader of {@code handle}, or null if this platform or pcap4j version does not allow one. */
    static NextPacketReader create(PcapHandle handle) {
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8 || Native.LONG_SIZE != 8 || !PlatformDependent.hasUnsafe()
                || !link()) {
            return null;
        }
        try {
            Field h = PcapHandle.class.getDeclaredField("handle");
            Field l = PcapHandle.class.getDeclaredField("handleLock");
            h.setAccessible(true);
            l.setAccessible(true);
            long pcap = Pointer.nativeValue((Pointer) h.get(handle));
            Lock lock = ((ReentrantReadWriteLock) l.get(handle)).readLock();
            return pcap == 0 ? null : new NextPacketReader(pcap, lock);
        } catch (ReflectiveOperationException | RuntimeException e) { // another pcap4j, or a security manager
            return null;
        }
    }

    private static synchronized boolean link() {
        if (linked == null) {
            try {
                String name = System.getProperty(PcapLibrary.PROPERTY, "pcap");
                Native.register(NextPacketReader.class, NativeLibrary.getInstance(name));
                linked = true;
            } catch (Throwable e) { // UnsatisfiedLinkError, no JNA dispatch library: pcap4j's loop still works
                linked = false;
            }
        }
        return linked;
    }

    private static native int pcap_next_ex(long pcap, long headerOut, long dataOut);

    /** Locks the handle against {@link PcapHandle#close} while packets are read (the capture thread). */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /**
     * The next packet: {@link #OK} (then the accessors describe it until the next call), {@link #TIMEOUT}
     * (the read timeout passed without a packet), {@link #BREAK} (pcap_breakloop) or {@link #ERROR}.
     */
    int next() {
        int rc = pcap_next_ex(pcap, outAddress, outAddress + 8);
        if (rc == OK) {
            header = PlatformDependent.getLong(outAddress);
            data = PlatformDependent.getLong(outAddress + 8);
        }
        return rc;
    }

    long seconds() {
        return PlatformDependent.getLong(header + TS_SEC);
    }

    /** Microseconds or nanoseconds, as the handle's timestamp precision says. */
    long fraction() {
        return PlatformDependent.getLong(header + TS_FRAC);
    }

    int capturedLength() {
        return PlatformDependent.getInt(header + CAPLEN);
    }

    int wireLength() {
        return PlatformDependent.getInt(header + LEN);
    }

    /** Copies the first {@code length} captured bytes into {@code dst} (libpcap reuses its buffer). */
    void copyTo(byte[] dst, int length) {
        PlatformDependent.copyMemory(data, dst, 0, length);
    }
}
