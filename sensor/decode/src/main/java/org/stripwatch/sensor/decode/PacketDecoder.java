package org.stripwatch.sensor.decode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;
import org.stripwatch.sensor.capture.PacketSink;

/**
 * Decodes captured frames down to TCP and hands each segment to a {@link TcpSegmentSink}; everything
 * else is counted and dropped. See the package documentation for the layers and the RFCs.
 *
 * <p>Not thread-safe: one decoder per capture thread. The segment and its payload view are reused
 * and valid only during {@link TcpSegmentSink#onSegment}. Reads use absolute getters only; on the
 * common path nothing is allocated (the payload view is one duplicate of the source's frame buffer,
 * re-pointed with {@code setIndex}, as long as the source reuses its frame buffer).
 */
public final class PacketDecoder implements PacketSink {
    public static final int LINKTYPE_NULL = 0, LINKTYPE_ETHERNET = 1, LINKTYPE_RAW = 101, LINKTYPE_LOOP = 108,
            LINKTYPE_LINUX_SLL = 113, LINKTYPE_IPV4 = 228, LINKTYPE_IPV6 = 229, LINKTYPE_LINUX_SLL2 = 276;
    /** DLT_RAW as written by some Linux/BSD libpcap versions into files instead of 101. */
    static final int DLT_RAW_12 = 12, DLT_RAW_14 = 14;

    private static final int ETHERTYPE_IPV4 = 0x0800, ETHERTYPE_IPV6 = 0x86dd, ETHERTYPE_8021Q = 0x8100,
            ETHERTYPE_8021AD = 0x88a8, ETHERTYPE_QINQ_LEGACY = 0x9100;
    private static final long V4_MAPPED = 0x0000_ffff_0000_0000L;
    private static final int PROTO_TCP = 6, PROTO_UDP = 17;
    private static final int IPV6_HOP_BY_HOP = 0, IPV6_ROUTING = 43, IPV6_FRAGMENT = 44, IPV6_ESP = 50,
            IPV6_AH = 51, IPV6_NO_NEXT = 59, IPV6_DEST_OPTS = 60;

    private final DecoderConfig config;
    private final TcpSegmentSink sink;
    private final Counters counters = new Counters();
    private final IpDefragmenter defragmenter;
    private final TcpSegment segment = new TcpSegment();

    /** One view per distinct source buffer; re-pointed per segment. */
    private ByteBuf viewedBuffer;
    private ByteBuf view;

    // The packet being decoded: set by the IP layer, read by TCP. Plain fields, no per-packet objects.
    private long timestampNanos;
    private int wireExtra;
    private int ipVersion, ttl, ipId;
    private long srcHi, srcLo, dstHi, dstLo;
    private boolean reassembled, fragmentConflict;

    public PacketDecoder(DecoderConfig config, TcpSegmentSink sink) {
        this.config = Objects.requireNonNull(config, "config");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.defragmenter = new IpDefragmenter(config, counters);
    }

    /** A snapshot of the counters; call it from the decoding thread (or after it has stopped). */
    public DecodeStats stats() {
        return counters.snapshot();
    }

    /** Bytes held by the IP defragmenter; never above {@link DecoderConfig#fragmentMemcap()}. */
    public long fragmentMemoryInUse() {
        return defragmenter.memoryInUse();
    }

    /** Datagrams under reassembly; never above {@link DecoderConfig#maxFragmentedDatagrams()}. */
    public int fragmentedDatagramsInUse() {
        return defragmenter.datagramsInUse();
    }

    /** Wire length of the frame being decoded (for the connection log's byte counts). */
    private int wireLength;

    @Override
    public void onPacket(int linkType, long timestampNanos, ByteBuf frame, int wireLength) {
        counters.packets++;
        this.timestampNanos = timestampNanos;
        this.wireLength = wireLength;
        reassembled = fragmentConflict = false;
        defragmenter.expire(timestampNanos);
        int off = frame.readerIndex(), end = frame.writerIndex();
        // Bytes the snaplen cut off: lets the IP layer tell a snaplen cut from a lying length field.
        wireExtra = Math.max(0, wireLength - (end - off));
        switch (linkType) {
            case LINKTYPE_ETHERNET -> ethernet(frame, off, end);
            case LINKTYPE_LINUX_SLL -> sll(frame, off, end);
            case LINKTYPE_LINUX_SLL2 -> sll2(frame, off, end);
            case LINKTYPE_NULL -> bsdLoopback(frame, off, end, true);
            case LINKTYPE_LOOP -> bsdLoopback(frame, off, end, false);
            case LINKTYPE_RAW, DLT_RAW_12, DLT_RAW_14 -> raw(frame, off, end);
            case LINKTYPE_IPV4 -> ipv4(frame, off, end);
            case LINKTYPE_IPV6 -> ipv6(frame, off, end);
            default -> linkDrop(DecodeAnomaly.UNKNOWN_LINK_TYPE);
        }
    }

    // ---- Link layer (tcpdump.org/linktypes.html) ----

    private void linkDrop(DecodeAnomaly a) {
        counters.linkDropped++;
        counters.anomaly(a);
    }

    /** IEEE 802.3: 6 destination, 6 source, 2 EtherType; then tags. */
    private void ethernet(ByteBuf b, int off, int end) {
        if (end - off < 14) {
            linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
            return;
        }
        etherType(b, off + 14, end, b.getUnsignedShort(off + 12));
    }

    /** LINKTYPE_LINUX_SLL: 16-byte header, protocol (an EtherType for IP) in its last two bytes. */
    private void sll(ByteBuf b, int off, int end) {
        if (end - off < 16) {
            linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
            return;
        }
        etherType(b, off + 16, end, b.getUnsignedShort(off + 14));
    }

    /** LINKTYPE_LINUX_SLL2: 20-byte header, protocol in its first two bytes. */
    private void sll2(ByteBuf b, int off, int end) {
        if (end - off < 20) {
            linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
            return;
        }
        etherType(b, off + 20, end, b.getUnsignedShort(off));
    }

    /**
     * Skips 802.1Q (0x8100), 802.1ad (0x88a8) and legacy QinQ (0x9100) tags, each a 2-byte TCI and
     * the inner EtherType, up to {@link DecoderConfig#maxVlanDepth()} of them.
     */
    private void etherType(ByteBuf b, int off, int end, int type) {
        int depth = 0;
        while (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD || type == ETHERTYPE_QINQ_LEGACY) {
            if (depth == config.maxVlanDepth()) {
                linkDrop(DecodeAnomaly.VLAN_DEPTH_EXCEEDED);
                return;
            }
            if (end - off < 4) {
                linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
                return;
            }
            type = b.getUnsignedShort(off + 2);
            off += 4;
            depth++;
        }
        if (type == ETHERTYPE_IPV4) ipv4(b, off, end);
        else if (type == ETHERTYPE_IPV6) ipv6(b, off, end);
        else counters.nonIp++;
    }

    /**
     * LINKTYPE_NULL carries the BSD address family in the writer's byte order, LINKTYPE_LOOP in
     * network order. AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30
     * (macOS).
     */
    private void bsdLoopback(ByteBuf b, int off, int end, boolean eitherOrder) {
        if (end - off < 4) {
            linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
            return;
        }
        int be = b.getInt(off);
        int le = eitherOrder ? b.getIntLE(off) : be;
        if (be == 2 || le == 2) ipv4(b, off + 4, end);
        else if (isAfInet6(be) || isAfInet6(le)) ipv6(b, off + 4, end);
        else {
            counters.nonIp++;
            counters.anomaly(DecodeAnomaly.NULL_UNKNOWN_FAMILY);
        }
    }

    private static boolean isAfInet6(int af) {
        return af == 24 || af == 28 || af == 30;
    }

    /** LINKTYPE_RAW: an IPv4 or IPv6 packet, told apart by the version nibble. */
    private void raw(ByteBuf b, int off, int end) {
        if (end - off < 1) {
            linkDrop(DecodeAnomaly.TRUNCATED_LINK_HEADER);
            return;
        }
        int version = b.getUnsignedByte(off) >>> 4;
        if (version == 4) ipv4(b, off, end);
        else if (version == 6) ipv6(b, off, end);
        else {
            counters.nonIp++;
            counters.anomaly(DecodeAnomaly.IP_BAD_VERSION);
        }
    }

    // ---- IPv4 (RFC 791 §3.1) ----

    private void ipv4(ByteBuf b, int off, int end) {
        counters.ipv4++;
        int total = ipv4Length(b, off, end);
        if (total < 0) return;
        int ihl = (b.getUnsignedByte(off) & 0x0f) * 4;
        int capEnd = trimPadding(off, end, total);
        if (off + ihl > capEnd) {
            counters.anomaly(DecodeAnomaly.IP_HEADER_TRUNCATED);
            return;
        }
        checkIpv4Options(b, off + 20, off + ihl);
        ipVersion = 4;
        ttl = b.getUnsignedByte(off + 8);
        ipId = b.getUnsignedShort(off + 4);
        srcHi = dstHi = 0;
        srcLo = V4_MAPPED | b.getUnsignedInt(off + 12);
        dstLo = V4_MAPPED | b.getUnsignedInt(off + 16);
        int protocol = b.getUnsignedByte(off + 9);
        int flagsOffset = b.getUnsignedShort(off + 6);
        boolean more = (flagsOffset & 0x2000) != 0;
        int fragOffset = (flagsOffset & 0x1fff) * 8;
        if (more || fragOffset != 0) {
            IpDefragmenter.Key key = new IpDefragmenter.Key(4, srcHi, srcLo, dstHi, dstLo, protocol, ipId);
            fragment(key, b, off + ihl, off + total, capEnd, fragOffset, more, protocol);
        } else {
            transport(b, off + ihl, off + total, capEnd, protocol);
        }
    }

    /**
     * Validates version, IHL and total length (RFC 791 §3.1) against each other and the wire length;
     * returns the datagram length to use, or -1 after counting why the packet is dropped.
     */
    private int ipv4Length(ByteBuf b, int off, int end) {
        if (end - off < 20) return ipDrop(DecodeAnomaly.IP_HEADER_TRUNCATED);
        int versionIhl = b.getUnsignedByte(off);
        if (versionIhl >>> 4 != 4) return ipDrop(DecodeAnomaly.IP_BAD_VERSION);
        int ihl = (versionIhl & 0x0f) * 4;
        int wireBytes = end - off + wireExtra;
        int total = b.getUnsignedShort(off + 2);
        if (total == 0 && wireBytes > 20) {
            // Segmentation offload hands the capture a super-packet with length 0 (Zeek ip_hdr_len_zero).
            counters.anomaly(DecodeAnomaly.IPV4_ZERO_TOTAL_LENGTH);
            total = Math.min(wireBytes, 0xffff);
        }
        if (ihl < 20) return ipDrop(DecodeAnomaly.IPV4_BAD_HEADER_LENGTH);
        if (total < 20) return ipDrop(DecodeAnomaly.IPV4_BAD_TOTAL_LENGTH);
        if (total < ihl) return ipDrop(DecodeAnomaly.IPV4_BAD_HEADER_LENGTH);
        if (total > wireBytes) return ipDrop(DecodeAnomaly.IP_TRUNCATED);
        return total;
    }

    private int ipDrop(DecodeAnomaly a) {
        counters.anomaly(a);
        return -1;
    }

    /** Trusts the IP length over the frame: bytes beyond it are Ethernet padding or a trailer. */
    private int trimPadding(int off, int end, int ipLength) {
        if (end - off > ipLength) {
            counters.paddedFrames++;
            return off + ipLength;
        }
        return end;
    }

    /** RFC 791 §3.1 option framing: EOL ends, NOP is one byte, others carry a length >= 2. */
    private void checkIpv4Options(ByteBuf b, int off, int end) {
        while (off < end) {
            int kind = b.getUnsignedByte(off);
            if (kind == 0) return;
            if (kind == 1) {
                off++;
                continue;
            }
            int len = off + 1 < end ? b.getUnsignedByte(off + 1) : 0;
            if (len < 2 || off + len > end) {
                counters.anomaly(DecodeAnomaly.IPV4_BAD_OPTION_LENGTH);
                return;
            }
            off += len;
        }
    }

    // ---- IPv6 (RFC 8200 §3, §4) ----

    private void ipv6(ByteBuf b, int off, int end) {
        counters.ipv6++;
        if (end - off < 40) {
            counters.anomaly(DecodeAnomaly.IP_HEADER_TRUNCATED);
            return;
        }
        if (b.getUnsignedByte(off) >>> 4 != 6) {
            counters.anomaly(DecodeAnomaly.IP_BAD_VERSION);
            return;
        }
        int total = 40 + b.getUnsignedShort(off + 4);
        if (total > end - off + wireExtra) {
            counters.anomaly(DecodeAnomaly.IP_TRUNCATED);
            return;
        }
        int capEnd = trimPadding(off, end, total);
        ipVersion = 6;
        ttl = b.getUnsignedByte(off + 7);
        ipId = -1;
        srcHi = b.getLong(off + 8);
        srcLo = b.getLong(off + 16);
        dstHi = b.getLong(off + 24);
        dstLo = b.getLong(off + 32);
        extensionHeaders(b, off + 40, off + total, capEnd, b.getUnsignedByte(off + 6), 0);
    }

    /**
     * Walks the extension header chain (RFC 8200 §4) to the upper-layer header, at most
     * {@link DecoderConfig#maxIpv6ExtensionHeaders()} headers. ESP (RFC 4303) and No Next Header end
     * the walk: what follows is opaque.
     */
    private void extensionHeaders(ByteBuf b, int off, int end, int capEnd, int next, int seen) {
        while (true) {
            int len;
            switch (next) {
                case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTS, 135, 139, 140, 253, 254 -> len = 8;
                case IPV6_AH -> len = 4;
                case IPV6_FRAGMENT -> {
                    if (++seen > config.maxIpv6ExtensionHeaders()) {
                        counters.anomaly(DecodeAnomaly.IPV6_EXT_CHAIN_TOO_LONG);
                    } else {
                        ipv6Fragment(b, off, end, capEnd, seen);
                    }
                    return;
                }
                case IPV6_ESP, IPV6_NO_NEXT -> {
                    counters.otherIp++;
                    return;
                }
                default -> {
                    transport(b, off, end, capEnd, next);
                    return;
                }
            }
            if (++seen > config.maxIpv6ExtensionHeaders()) {
                counters.anomaly(DecodeAnomaly.IPV6_EXT_CHAIN_TOO_LONG);
                return;
            }
            // RFC 8200 §4.3: Hop-by-Hop only right after the IPv6 header; later ones are suspicious.
            if (next == IPV6_HOP_BY_HOP && seen > 1) {
                counters.anomaly(DecodeAnomaly.IPV6_HOP_BY_HOP_NOT_FIRST);
            }
            if (!fits(off, 2, end, capEnd)) return;
            // Generic headers count 8-octet units beyond the first 8; AH counts 4-octet units minus 2 (RFC 4302 §2.2).
            int hdrLen = len == 8 ? (b.getUnsignedByte(off + 1) + 1) * 8 : (b.getUnsignedByte(off + 1) + 2) * 4;
            if (!fits(off, hdrLen, end, capEnd)) return;
            next = b.getUnsignedByte(off);
            off += hdrLen;
        }
    }

    /** Counts why {@code need} bytes at {@code off} are not there: beyond the payload, or not captured. */
    private boolean fits(int off, int need, int end, int capEnd) {
        if (off + need > end) {
            counters.anomaly(DecodeAnomaly.IPV6_BAD_EXT_HEADER);
            return false;
        }
        if (off + need > capEnd) {
            counters.anomaly(DecodeAnomaly.IP_HEADER_TRUNCATED);
            return false;
        }
        return true;
    }

    /** RFC 8200 §4.5 Fragment header: next header, reserved, offset(13)|res(2)|M(1), identification(32). */
    private void ipv6Fragment(ByteBuf b, int off, int end, int capEnd, int seen) {
        if (!fits(off, 8, end, capEnd)) return;
        int next = b.getUnsignedByte(off);
        int offsetFlags = b.getUnsignedShort(off + 2);
        int fragOffset = offsetFlags & 0xfff8;
        boolean more = (offsetFlags & 1) != 0;
        ipId = b.getInt(off + 4);
        if (fragOffset == 0 && !more) {
            // An atomic fragment (RFC 6946 §4): process as a whole packet, never via reassembly.
            extensionHeaders(b, off + 8, end, capEnd, next, seen);
            return;
        }
        IpDefragmenter.Key key = new IpDefragmenter.Key(6, srcHi, srcLo, dstHi, dstLo, 0, ipId);
        fragment(key, b, off + 8, end, capEnd, fragOffset, more, next);
    }

    // ---- Fragments (RFC 791 §3.2, RFC 8200 §4.5) ----

    private void fragment(IpDefragmenter.Key key, ByteBuf b, int dataOff, int end, int capEnd, int fragOffset,
                          boolean more, int nextHeader) {
        counters.fragments++;
        if (capEnd < end) {
            counters.anomaly(DecodeAnomaly.IP_FRAGMENT_TRUNCATED);
            return;
        }
        IpDefragmenter.Datagram d = defragmenter.offer(key, timestampNanos, b, dataOff, end - dataOff, fragOffset,
                more, ttl, nextHeader);
        if (d == null) return;
        counters.reassembled++;
        ttl = d.ttl;
        reassembled = true;
        fragmentConflict = d.conflict;
        ByteBuf whole = Unpooled.wrappedBuffer(d.data, 0, d.length);
        if (key.version() == 4) transport(whole, 0, d.length, d.length, key.protocol());
        else extensionHeaders(whole, 0, d.length, d.length, d.nextHeader, 1);
    }

    // ---- Transport ----

    private void transport(ByteBuf b, int off, int end, int capEnd, int protocol) {
        if (protocol == PROTO_TCP) tcp(b, off, end, capEnd);
        else if (protocol == PROTO_UDP) counters.udp++;
        else counters.otherIp++;
    }

    /** RFC 9293 §3.1 header; {@code end} is the IP payload end, {@code capEnd} the captured end. */
    private void tcp(ByteBuf b, int off, int end, int capEnd) {
        if (end - off < 20 || capEnd - off < 20) {
            counters.anomaly(DecodeAnomaly.TCP_TRUNCATED_HEADER);
            return;
        }
        int headerLength = (b.getUnsignedByte(off + 12) >>> 4) * 4;
        if (headerLength < 20 || off + headerLength > end) {
            counters.anomaly(DecodeAnomaly.TCP_BAD_DATA_OFFSET);
            return;
        }
        int optionsEnd = off + headerLength;
        if (optionsEnd > capEnd) {
            // A snaplen of 68 (old tcpdump default) cuts SYN options: keep the segment, its seq matters.
            counters.anomaly(DecodeAnomaly.TCP_OPTIONS_TRUNCATED);
            optionsEnd = capEnd;
        }
        TcpSegment s = segment.reset()
                .timestampNanos(timestampNanos)
                .frameLength(wireLength)
                .ipVersion(ipVersion)
                .src(srcHi, srcLo)
                .dst(dstHi, dstLo)
                .ttl(ttl)
                .ipId(ipId)
                .ports(b.getUnsignedShort(off), b.getUnsignedShort(off + 2))
                .seq(b.getInt(off + 4))
                .ack(b.getInt(off + 8))
                .flags(b.getUnsignedByte(off + 13))
                .window(b.getUnsignedShort(off + 14))
                .urgentPointer(b.getUnsignedShort(off + 18))
                .reassembled(reassembled, fragmentConflict);
        tcpOptions(b, off + 20, optionsEnd, optionsEnd < off + headerLength, s);
        int payloadStart = off + headerLength;
        int captured = Math.max(0, Math.min(capEnd, end) - payloadStart);
        s.payload(end - payloadStart, view(b, Math.min(payloadStart, capEnd), captured));
        if (captured < end - payloadStart) counters.snaplenPayloads++;
        // Only a wholly captured segment can be checked; otherwise the state stays UNKNOWN.
        if (config.verifyTcpChecksums() && capEnd >= end) checksum(b, off, end, s);
        counters.tcp++;
        sink.onSegment(s);
    }

    /**
     * A root buffer (no {@code unwrap()}) gets one cached duplicate, which delegates to it and so
     * stays valid however the source moves its indices. A derived buffer (e.g. a pooled slice, whose
     * duplicate re-bases indices on the root and whose object may be recycled) gets a fresh slice.
     */
    private ByteBuf view(ByteBuf b, int index, int length) {
        if (b.unwrap() != null) return b.slice(index, length);
        if (b != viewedBuffer) {
            viewedBuffer = b;
            view = b.duplicate();
        }
        return view.setIndex(index, index + length);
    }

    /**
     * RFC 9293 §3.2 option framing and the options a reassembler needs: MSS (RFC 9293 §3.7.1),
     * window scale and timestamps (RFC 7323 §2.2, §3.2), SACK-permitted (RFC 2018). A length below 2
     * or past the header breaks the framing: count it and stop. A known option with the wrong size is
     * ignored (as Linux tcp_parse_options does) and counted. When {@code cut}, {@code end} is where
     * the capture ends, and an option running into it is dropped silently.
     */
    private void tcpOptions(ByteBuf b, int off, int end, boolean cut, TcpSegment s) {
        while (off < end) {
            int kind = b.getUnsignedByte(off);
            if (kind == 0) return;
            if (kind == 1) {
                off++;
                continue;
            }
            int len = off + 1 < end ? b.getUnsignedByte(off + 1) : 0;
            if (cut && (off + 1 >= end || off + len > end)) return; // the snaplen, not the sender, cut it
            if (len < 2 || off + len > end) {
                counters.anomaly(DecodeAnomaly.TCP_BAD_OPTION_LENGTH);
                return;
            }
            tcpOption(b, off, kind, len, s);
            off += len;
        }
    }

    private void tcpOption(ByteBuf b, int off, int kind, int len, TcpSegment s) {
        switch (kind) {
            case 2 -> {
                if (sized(len, 4)) s.mss(b.getUnsignedShort(off + 2));
            }
            case 3 -> {
                if (sized(len, 3)) windowScale(b.getUnsignedByte(off + 2), s);
            }
            case 4 -> {
                if (sized(len, 2)) s.sackPermitted(true);
            }
            case 5 -> sized(len, len >= 10 && (len - 2) % 8 == 0 ? len : -1);
            case 8 -> {
                if (sized(len, 10)) s.timestamps(b.getUnsignedInt(off + 2), b.getUnsignedInt(off + 6));
            }
            default -> {
                // Unknown options are skipped by their length (RFC 9293 §3.2).
            }
        }
    }

    private boolean sized(int len, int expected) {
        if (len == expected) return true;
        counters.anomaly(DecodeAnomaly.TCP_BAD_OPTION_SIZE);
        return false;
    }

    /** RFC 7323 §2.3: a shift above 14 is used as 14, and worth logging. */
    private void windowScale(int shift, TcpSegment s) {
        if (shift > 14) {
            counters.anomaly(DecodeAnomaly.TCP_WINDOW_SCALE_TOO_LARGE);
            shift = 14;
        }
        s.windowScale(shift);
    }

    /** One's-complement sum over the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) and the segment. */
    private void checksum(ByteBuf b, int off, int end, TcpSegment s) {
        int length = end - off;
        long sum = words(srcHi) + words(srcLo) + words(dstHi) + words(dstLo) + PROTO_TCP + length;
        if (ipVersion == 4) sum -= 0xffff * 2; // the v4-mapped prefix ::ffff: is not in the IPv4 pseudo-header
        sum += Checksums.sum(b, off, end);
        boolean ok = Checksums.fold(sum) == 0xffff;
        if (ok) counters.checksumOk++;
        else counters.anomaly(DecodeAnomaly.TCP_BAD_CHECKSUM);
        s.checksumState(ok ? ChecksumState.OK : ChecksumState.BAD);
    }

    private static long words(long v) {
        return ((v >>> 48) & 0xffff) + ((v >>> 32) & 0xffff) + ((v >>> 16) & 0xffff) + (v & 0xffff);
    }
}
