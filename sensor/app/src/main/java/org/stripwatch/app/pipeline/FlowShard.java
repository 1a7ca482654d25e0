package org.stripwatch.app.pipeline;

import io.netty.buffer.ByteBuf;

/**
 * Which worker of a sharded pipeline a frame belongs to: a hash of its IP source and destination
 * addresses, the same in both directions, read with the fewest bytes possible (no full decode).
 *
 * <p>Addresses only, not ports: an IP fragment after the first carries no ports (RFC 791 §3.2,
 * RFC 8200 §4.5), so a port-aware hash would send a datagram's fragments to another worker than
 * its flow and the worker's defragmenter would never see them together. With addresses only, every
 * fragment and every connection between two hosts meet in one worker. The price is balance when
 * one pair of hosts carries most of the traffic. Frames that are not IP (or are too short to tell)
 * go to worker 0, whose decoder counts them like the single-threaded one.
 */
final class FlowShard {
    private static final int ETHERNET = 1, RAW = 101, RAW_12 = 12, RAW_14 = 14, NULL = 0, LOOP = 108, SLL = 113,
            IPV4 = 228, IPV6 = 229, SLL2 = 276;

    /** Set in {@link #of}'s result when the frame is an unfragmented TCP packet (it moves the flow tables' clock). */
    static final int TCP = 1 << 30;

    private FlowShard() {}

    /** The worker, or'ed with {@link #TCP} for a TCP packet. */
    static int of(int linkType, ByteBuf b, int workers) {
        int off = b.readerIndex(), end = b.writerIndex();
        int ip;
        switch (linkType) {
            case ETHERNET -> {
                if (end - off < 14) return 0;
                return ethertype(b, off + 14, end, b.getUnsignedShort(off + 12), workers);
            }
            case SLL -> {
                if (end - off < 16) return 0;
                return ethertype(b, off + 16, end, b.getUnsignedShort(off + 14), workers);
            }
            case SLL2 -> {
                if (end - off < 20) return 0;
                return ethertype(b, off + 20, end, b.getUnsignedShort(off), workers);
            }
            case NULL, LOOP -> ip = off + 4;
            case RAW, RAW_12, RAW_14, IPV4, IPV6 -> ip = off;
            default -> {
                return 0;
            }
        }
        return ip(b, ip, end, workers);
    }

    private static int ethertype(ByteBuf b, int off, int end, int type, int workers) {
        for (int depth = 0; (type == 0x8100 || type == 0x88a8 || type == 0x9100) && depth < 8; depth++) {
            if (end - off < 4) return 0;
            type = b.getUnsignedShort(off + 2);
            off += 4;
        }
        return type == 0x0800 || type == 0x86dd ? ip(b, off, end, workers) : 0;
    }

    /** By the version nibble, as the decoder does for raw IP. */
    private static int ip(ByteBuf b, int off, int end, int workers) {
        if (end - off < 1) return 0;
        int version = b.getUnsignedByte(off) >> 4;
        long h;
        boolean tcp;
        if (version == 4 && end - off >= 20) {
            h = mix(b.getUnsignedInt(off + 12)) + mix(b.getUnsignedInt(off + 16));
            // Protocol 6 and fragment offset 0 with MF clear: a whole TCP segment.
            tcp = b.getUnsignedByte(off + 9) == 6 && (b.getUnsignedShort(off + 6) & 0x3FFF) == 0;
        } else if (version == 6 && end - off >= 40) {
            h = mix(b.getLong(off + 8) ^ Long.rotateLeft(b.getLong(off + 16), 29))
                    + mix(b.getLong(off + 24) ^ Long.rotateLeft(b.getLong(off + 32), 29));
            tcp = b.getUnsignedByte(off + 6) == 6;
        } else {
            return 0;
        }
        return (int) Long.remainderUnsigned(mix(h), workers) | (tcp ? TCP : 0);
    }

    /** SplitMix64's finaliser: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
