package org.stripwatch.sensor.decode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Feeds frames to a decoder (inside a larger buffer, at a non-zero reader index) and keeps copies. */
final class Harness implements TcpSegmentSink {
    /** A copy of what a TcpSegment said, for assertions after the call. */
    record Seen(long timestampNanos, int ipVersion, IpAddress src, IpAddress dst, int srcPort, int dstPort, int seq,
                int ack, int flags, int window, int urgent, int ttl, int ipId, int mss, int windowScale,
                boolean sackPermitted, boolean hasTimestamps, long tsVal, long tsEcr, int payloadLength,
                byte[] payload, ChecksumState checksum, boolean reassembled,
                boolean fragmentConflict) {
        String payloadText() {
            return new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Bytes before the frame; none after it, so a read past the capture throws and fails the test. */
    private static final int LEAD = 7;

    final List<Seen> seen = new ArrayList<>();
    final PacketDecoder decoder;
    long now = 1_700_000_000_000_000_000L;

    Harness() {
        this(DecoderConfig.DEFAULTS);
    }

    Harness(DecoderConfig config) {
        decoder = new PacketDecoder(config, this);
    }

    @Override
    public void onSegment(TcpSegment s) {
        ByteBuf p = s.payload();
        seen.add(new Seen(s.timestampNanos(), s.ipVersion(), s.srcAddress(), s.dstAddress(), s.srcPort(),
                s.dstPort(), s.seq(), s.ack(), s.flags(), s.window(), s.urgentPointer(), s.ttl(), s.ipId(), s.mss(),
                s.windowScale(), s.sackPermitted(), s.hasTimestamps(), s.tsVal(), s.tsEcr(), s.payloadLength(),
                ByteBufUtil.getBytes(p, p.readerIndex(), p.readableBytes()), s.checksumState(), s.reassembled(),
                s.fragmentConflict()));
    }

    Harness feed(int linkType, byte[] frame) {
        return feed(linkType, frame, frame.length);
    }

    /** Delivers the first {@code captured} bytes of {@code frame} as a snaplen-cut capture. */
    Harness feed(int linkType, byte[] frame, int captured) {
        byte[] big = new byte[LEAD + captured];
        Arrays.fill(big, (byte) 0xee);
        System.arraycopy(frame, 0, big, LEAD, captured);
        ByteBuf buf = Unpooled.wrappedBuffer(big).setIndex(LEAD, LEAD + captured);
        decoder.onPacket(linkType, now, buf, frame.length);
        return this;
    }

    DecodeStats stats() {
        return decoder.stats();
    }

    long anomaly(DecodeAnomaly a) {
        return decoder.stats().anomaly(a);
    }

    Seen only() {
        if (seen.size() != 1) throw new AssertionError("expected one segment, got " + seen.size() + ": " + stats());
        return seen.get(0);
    }

    /** packets = linkDropped + nonIp + ipv4 + ipv6, and every delivered segment counted as tcp. */
    void assertConsistent() {
        DecodeStats s = stats();
        if (s.packets() != s.linkDropped() + s.nonIp() + s.ipv4() + s.ipv6()) throw new AssertionError("kinds: " + s);
        if (s.tcp() != seen.size()) throw new AssertionError("tcp " + s.tcp() + " != delivered " + seen.size());
        for (long v : s.anomalies().values()) if (v < 0) throw new AssertionError("negative: " + s);
    }
}
