package org.stripwatch.sensor.decode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A decoded TCP segment with the IP facts that matter for injection evidence (TTL/hop limit, IP ID).
 *
 * <p>A flyweight: the decoder fills one instance per packet and hands it on; it and its payload
 * buffer are valid only during the {@link TcpSegmentSink#onSegment} call. Addresses are longs (see
 * {@link IpAddress}); sequence numbers are the raw 32-bit values, compared with wraparound-safe
 * arithmetic by the reassembler (RFC 793 §3.3, RFC 1982).
 */
public final class TcpSegment {
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40,
            CWR = 0x80;
    private static final ByteBuf EMPTY = Unpooled.EMPTY_BUFFER;

    private long timestampNanos;
    private int frameLength;
    private int ipVersion;
    private long srcHi, srcLo, dstHi, dstLo;
    private int srcPort, dstPort;
    private int seq, ack;
    private int flags;
    private int window;
    private int urgentPointer;
    private int ttl;
    private int ipId = -1;
    private int mss = -1;
    private int windowScale = -1;
    private boolean sackPermitted;
    private boolean hasTimestamps;
    private long tsVal, tsEcr;
    private int payloadLength;
    private ByteBuf payload = EMPTY;
    private ChecksumState checksumState = ChecksumState.UNKNOWN;
    private boolean reassembled, fragmentConflict;

    /** Resets every field to "absent" so a reused instance never leaks the previous packet's options. */
    public TcpSegment reset() {
        timestampNanos = 0;
        frameLength = 0;
        ipVersion = 0;
        srcHi = srcLo = dstHi = dstLo = 0;
        srcPort = dstPort = seq = ack = flags = window = urgentPointer = ttl = 0;
        ipId = mss = windowScale = -1;
        sackPermitted = hasTimestamps = false;
        tsVal = tsEcr = 0;
        payloadLength = 0;
        payload = EMPTY;
        checksumState = ChecksumState.UNKNOWN;
        reassembled = fragmentConflict = false;
        return this;
    }

    public TcpSegment timestampNanos(long v) { timestampNanos = v; return this; }
    public TcpSegment frameLength(int v) { frameLength = v; return this; }
    public TcpSegment ipVersion(int v) { ipVersion = v; return this; }
    public TcpSegment src(long hi, long lo) { srcHi = hi; srcLo = lo; return this; }
    public TcpSegment dst(long hi, long lo) { dstHi = hi; dstLo = lo; return this; }
    public TcpSegment src(IpAddress a) { return src(a.hi(), a.lo()); }
    public TcpSegment dst(IpAddress a) { return dst(a.hi(), a.lo()); }
    public TcpSegment ports(int src, int dst) { srcPort = src; dstPort = dst; return this; }
    public TcpSegment seq(int v) { seq = v; return this; }
    public TcpSegment ack(int v) { ack = v; return this; }
    public TcpSegment flags(int v) { flags = v; return this; }
    public TcpSegment window(int v) { window = v; return this; }
    public TcpSegment urgentPointer(int v) { urgentPointer = v; return this; }
    public TcpSegment ttl(int v) { ttl = v; return this; }
    public TcpSegment ipId(int v) { ipId = v; return this; }
    public TcpSegment mss(int v) { mss = v; return this; }
    public TcpSegment windowScale(int v) { windowScale = v; return this; }
    public TcpSegment sackPermitted(boolean v) { sackPermitted = v; return this; }
    public TcpSegment timestamps(long val, long ecr) { hasTimestamps = true; tsVal = val; tsEcr = ecr; return this; }
    public TcpSegment checksumState(ChecksumState v) { checksumState = v; return this; }
    /** Marks a segment rebuilt from IP fragments, and whether its fragments overlapped with different bytes. */
    public TcpSegment reassembled(boolean fromFragments, boolean overlapConflict) {
        reassembled = fromFragments;
        fragmentConflict = overlapConflict;
        return this;
    }

    /**
     * @param declaredLength payload length according to the IP and TCP headers
     * @param captured       the captured part of it (shorter when the snaplen cut the frame)
     */
    public TcpSegment payload(int declaredLength, ByteBuf captured) {
        payloadLength = declaredLength;
        payload = captured;
        return this;
    }

    public long timestampNanos() { return timestampNanos; }
    /** Length of the whole frame on the wire (link header included), as tshark's conversation bytes count it. */
    public int frameLength() { return frameLength; }
    /** 4 or 6. */
    public int ipVersion() { return ipVersion; }
    public long srcHi() { return srcHi; }
    public long srcLo() { return srcLo; }
    public long dstHi() { return dstHi; }
    public long dstLo() { return dstLo; }
    public IpAddress srcAddress() { return new IpAddress(srcHi, srcLo); }
    public IpAddress dstAddress() { return new IpAddress(dstHi, dstLo); }
    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    /** Raw 32-bit sequence number. */
    public int seq() { return seq; }
    public int ack() { return ack; }
    public int flags() { return flags; }
    public boolean has(int flag) { return (flags & flag) != 0; }
    public int window() { return window; }
    public int urgentPointer() { return urgentPointer; }
    /** IPv4 TTL or IPv6 hop limit as captured. */
    public int ttl() { return ttl; }
    /** IPv4 identification, or the IPv6 fragment identification when fragmented; -1 if none. */
    public int ipId() { return ipId; }
    /** MSS option (RFC 9293 §3.7.1), -1 if absent. */
    public int mss() { return mss; }
    /** Window scale shift (RFC 7323 §2), -1 if absent. */
    public int windowScale() { return windowScale; }
    public boolean sackPermitted() { return sackPermitted; }
    public boolean hasTimestamps() { return hasTimestamps; }
    public long tsVal() { return tsVal; }
    public long tsEcr() { return tsEcr; }
    /** Payload length declared by the headers; may exceed {@link #payload()}'s readable bytes. */
    public int payloadLength() { return payloadLength; }
    /** The captured payload bytes (readerIndex..writerIndex); valid only during the call. */
    public ByteBuf payload() { return payload; }
    /** Declared payload bytes that were not captured (snaplen). */
    public int missingPayload() { return payloadLength - payload.readableBytes(); }
    /** {@link ChecksumState#BAD} segments would be dropped by the receiver; reassemblers ignore them. */
    public ChecksumState checksumState() { return checksumState; }
    /** True when the IP layer rebuilt this segment from fragments (RFC 791 §3.2, RFC 8200 §4.5). */
    public boolean reassembled() { return reassembled; }
    /**
     * True when fragments of this datagram overlapped with different bytes: the first-seen bytes were
     * kept, but the end host may have kept others (Ptacek &amp; Newsham 1998 §4) — evidence of evasion.
     */
    public boolean fragmentConflict() { return fragmentConflict; }

    /** Sequence space this segment occupies: payload plus one each for SYN and FIN (RFC 9293 §3.4). */
    public int sequenceLength() {
        return payloadLength + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
    }
}
