package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): a sequence of blocks {type, total length, body, total
 * length}. Each Section Header Block starts a section with its own byte order and interface list;
 * Interface Description Blocks give link type, snaplen and timestamp resolution per interface;
 * Enhanced, Simple and (obsolete) Packet Blocks carry frames. Other blocks are skipped by length.
 *
 * <p>A block whose two length fields disagree, or whose length is impossible, ends the file: after
 * such damage no later boundary can be trusted (Wireshark stops there too).
 */
final class PcapngReader extends CaptureReader {
    static final int SHB = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int IDB = 1;
    private static final int PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int OPT_ENDOFOPT = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    private static final int DEFAULT_TSRESOL = 6;

    private final List<PcapngInterface> interfaces = new ArrayList<>();
    private long lastTimestamp;
    private boolean noTimestampNoticed;
    private boolean timestampNoticed;

    PcapngReader(RecordInput in, ReadContext ctx) {
        super(in, ctx);
    }

    @Override
    void read() throws IOException {
        pos = 0;
        while (!ctx.stopped() && readBlock()) {
            // one block per iteration
        }
    }

    /** Reads one block; false when the file ends (cleanly, truncated or damaged). */
    private boolean readBlock() throws IOException {
        if (!in.ensure(pos, 12)) {
            endOrTruncated();
            return false;
        }
        ByteBuf b = in.buf();
        int i = in.index(pos);
        int type = b.getInt(i); // SHB's type is a byte palindrome: readable before the byte order is known
        if (type == SHB && !startSection(b, i)) {
            return false;
        }
        type = (int) u32(b, i);
        long length = u32(b, i + 4);
        if (length < 12 || (length & 3) != 0) {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BLOCK_LENGTH);
            return false;
        }
        boolean parsed = type == SHB || type == IDB || type == EPB || type == SPB || type == PB;
        if (!parsed) {
            return skipBlock(length);
        }
        if (length > ctx.config.maxBlockLength()) {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BLOCK_LENGTH);
            return false;
        }
        int len = (int) length;
        if (!in.ensure(pos, len)) {
            ctx.truncated(pos, CaptureNotice.Kind.TRUNCATED_RECORD);
            return false;
        }
        b = in.buf();
        i = in.index(pos);
        if (u32(b, i + len - 4) != length) {
            ctx.damaged(pos, CaptureNotice.Kind.BLOCK_LENGTH_MISMATCH);
            return false;
        }
        handle(type, b, i, len);
        pos += len;
        return true;
    }

    /** s4.1: the Byte-Order Magic fixes the byte order of everything up to the next SHB. */
    private boolean startSection(ByteBuf b, int i) {
        int bom = b.getInt(i + 8);
        if (bom == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            bigEndian = false;
        } else {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BYTE_ORDER_MAGIC);
            return false;
        }
        interfaces.clear(); // s4.2: interface IDs are per section
        return true;
    }

    /** Unknown and uninteresting blocks: only the two length fields are read, nothing is buffered. */
    private boolean skipBlock(long length) throws IOException {
        long trailer = pos + length - 4;
        if (!in.ensure(trailer, 4)) {
            ctx.truncated(pos, CaptureNotice.Kind.TRUNCATED_RECORD);
            return false;
        }
        if (u32(in.buf(), in.index(trailer)) != length) {
            ctx.damaged(pos, CaptureNotice.Kind.BLOCK_LENGTH_MISMATCH);
            return false;
        }
        pos += length;
        return true;
    }

    private void handle(int type, ByteBuf b, int i, int len) {
        switch (type) {
            case IDB -> interfaceBlock(b, i, len);
            case EPB -> enhancedPacket(b, i, len);
            case SPB -> simplePacket(b, i, len);
            case PB -> obsoletePacket(b, i, len);
            default -> { } // SHB: handled in startSection
        }
    }

    /** s4.2: LinkType(2) Reserved(2) SnapLen(4) Options. */
    private void interfaceBlock(ByteBuf b, int i, int len) {
        if (len < 20) {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BLOCK_LENGTH);
            return;
        }
        if (interfaces.size() >= ctx.config.maxInterfaces()) {
            ctx.damaged(pos, CaptureNotice.Kind.TOO_MANY_INTERFACES);
            return;
        }
        int linkType = u16(b, i + 8);
        int snaplen = clampInt(u32(b, i + 12));
        int tsresol = DEFAULT_TSRESOL;
        long tsoffset = 0;
        int o = i + 16;
        int end = i + len - 4;
        while (o + 4 <= end) {
            int code = u16(b, o);
            int optLen = u16(b, o + 2);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (o + 4 + optLen > end) {
                ctx.notice(pos, CaptureNotice.Kind.BAD_OPTION);
                break;
            }
            if (code == IF_TSRESOL && optLen >= 1) {
                tsresol = b.getUnsignedByte(o + 4);
            } else if (code == IF_TSOFFSET && optLen >= 8) {
                tsoffset = s64(b, o + 4);
            }
            o += 4 + ((optLen + 3) & ~3); // s3.5: values are padded to 32 bits
        }
        interfaces.add(new PcapngInterface(linkType, snaplen, tsresol, tsoffset));
    }

    /** s4.3: InterfaceID(4) TsHigh(4) TsLow(4) CapLen(4) OrigLen(4) Data Options. */
    private void enhancedPacket(ByteBuf b, int i, int len) {
        packet(b, i, len, u32(b, i + 8));
    }

    /** Appendix (obsolete Packet Block): InterfaceID(2) DropsCount(2) then as the EPB. */
    private void obsoletePacket(ByteBuf b, int i, int len) {
        packet(b, i, len, u16(b, i + 8));
    }

    private void packet(ByteBuf b, int i, int len, long interfaceId) {
        if (len < 32) {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BLOCK_LENGTH);
            return;
        }
        PcapngInterface itf = interfaceId < interfaces.size() ? interfaces.get((int) interfaceId) : null;
        if (itf == null) {
            ctx.damaged(pos, CaptureNotice.Kind.UNKNOWN_INTERFACE);
            return;
        }
        long units = (u32(b, i + 12) << 32) | u32(b, i + 16);
        long capLen = u32(b, i + 20);
        int wireLength = clampInt(u32(b, i + 24));
        if (capLen > len - 32 || capLen > ctx.config.maxCaptureLength()) {
            ctx.damaged(pos, CaptureNotice.Kind.PACKET_EXCEEDS_BLOCK);
            return;
        }
        long nanos = timestamp(itf, units);
        ctx.deliver(itf.linkType, nanos, b, i + 28, (int) capLen, wireLength);
    }

    /**
     * s4.4: OrigLen(4) Data. Captured length is the smaller of OrigLen, interface 0's snaplen and the
     * block body; there is no timestamp, so the previous packet's is repeated (never a silent 0 if
     * one is known).
     */
    private void simplePacket(ByteBuf b, int i, int len) {
        if (len < 16) {
            ctx.damaged(pos, CaptureNotice.Kind.BAD_BLOCK_LENGTH);
            return;
        }
        if (interfaces.isEmpty()) {
            ctx.damaged(pos, CaptureNotice.Kind.UNKNOWN_INTERFACE);
            return;
        }
        PcapngInterface itf = interfaces.get(0);
        long wire = u32(b, i + 8);
        long capLen = Math.min(wire, len - 16);
        if (itf.snaplen > 0) {
            capLen = Math.min(capLen, itf.snaplen);
        }
        capLen = Math.min(capLen, ctx.config.maxCaptureLength());
        if (!noTimestampNoticed) {
            noTimestampNoticed = true;
            ctx.notice(pos, CaptureNotice.Kind.NO_TIMESTAMP);
        }
        ctx.deliver(itf.linkType, lastTimestamp, b, i + 12, (int) capLen, clampInt(wire));
    }

    private long timestamp(PcapngInterface itf, long units) {
        long nanos = itf.toNanos(units);
        if (nanos == Long.MIN_VALUE) {
            if (!timestampNoticed) {
                timestampNoticed = true;
                ctx.notice(pos, CaptureNotice.Kind.TIMESTAMP_OUT_OF_RANGE);
            }
            nanos = Long.MAX_VALUE;
        }
        lastTimestamp = nanos;
        return nanos;
    }
}
