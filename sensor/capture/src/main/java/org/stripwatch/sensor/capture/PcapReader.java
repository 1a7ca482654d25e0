package org.stripwatch.sensor.capture;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Classic libpcap files (draft-ietf-opsawg-pcap): a 24-byte file header, then records of a 16-byte
 * header (seconds, micro- or nanoseconds, captured length, original length) and the frame bytes.
 * The magic number fixes byte order and timestamp unit; the modified ("Kuznetzov") format adds 8
 * bytes to each record header and is read too.
 */
final class PcapReader extends CaptureReader {
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    private static final int FILE_HEADER = 24;
    /** draft-ietf-opsawg-pcap s4: LinkType is the low 16 bits; FCS length and the f bit sit at the top. */
    private static final int LINK_TYPE_MASK = 0xFFFF;
    private static final int FCS_BITS = 0xF000_0000;

    private int recordHeader = 16;
    private long fractionScale;
    private int snaplen;
    private int linkType;
    private boolean snaplenNoticed;
    private boolean wireLengthNoticed;

    PcapReader(RecordInput in, ReadContext ctx) {
        super(in, ctx);
    }

    /** The magic read as a big-endian int, in either byte order. */
    static boolean isMagic(int magic) {
        return isBigEndianMagic(magic) || isBigEndianMagic(Integer.reverseBytes(magic));
    }

    private static boolean isBigEndianMagic(int m) {
        return m == MAGIC_MICROS || m == MAGIC_NANOS || m == MAGIC_MODIFIED;
    }

    @Override
    void read() throws IOException {
        if (!readFileHeader()) {
            return;
        }
        pos = FILE_HEADER;
        while (!ctx.stopped() && readRecord()) {
            // one record per iteration
        }
    }

    private boolean readFileHeader() throws IOException {
        if (!in.ensure(0, FILE_HEADER)) {
            ctx.truncated(0, CaptureNotice.Kind.TRUNCATED_FILE_HEADER);
            return false;
        }
        ByteBuf b = in.buf();
        int i = in.index(0);
        int magic = b.getInt(i);
        bigEndian = isBigEndianMagic(magic);
        int m = bigEndian ? magic : Integer.reverseBytes(magic);
        fractionScale = m == MAGIC_NANOS ? 1 : 1000;
        recordHeader = m == MAGIC_MODIFIED ? 24 : 16;
        snaplen = clampInt(u32(b, i + 16));
        int field = (int) u32(b, i + 20);
        linkType = field & LINK_TYPE_MASK;
        if ((field & FCS_BITS) != 0) {
            ctx.notice(20, CaptureNotice.Kind.FCS_PRESENT);
        }
        return true;
    }

    /** Reads one record; false when the file ends (cleanly, truncated or damaged). */
    private boolean readRecord() throws IOException {
        if (!in.ensure(pos, recordHeader)) {
            endOrTruncated();
            return false;
        }
        ByteBuf b = in.buf();
        int i = in.index(pos);
        long seconds = u32(b, i);
        long fraction = u32(b, i + 4);
        long capLen = u32(b, i + 8);
        int wireLength = clampInt(u32(b, i + 12));
        if (capLen > ctx.config.maxCaptureLength()) {
            // No resynchronisation in pcap: record boundaries are only known by walking lengths.
            ctx.damaged(pos, CaptureNotice.Kind.CAPLEN_TOO_LARGE);
            return false;
        }
        int capturedLength = (int) capLen;
        if (!in.ensure(pos, recordHeader + capturedLength)) {
            ctx.truncated(pos, CaptureNotice.Kind.TRUNCATED_RECORD);
            return false;
        }
        checkLengths(capturedLength, wireLength);
        b = in.buf();
        i = in.index(pos);
        long nanos = seconds * 1_000_000_000L + fraction * fractionScale;
        ctx.deliver(linkType, nanos, b, i + recordHeader, capturedLength, wireLength);
        pos += recordHeader + capturedLength;
        return true;
    }

    /**
     * Lengths that break the spec but not the framing: libpcap and Wireshark deliver such records, so
     * we do too and say so once per file.
     */
    private void checkLengths(int capturedLength, int wireLength) {
        if (capturedLength > snaplen && snaplen > 0 && !snaplenNoticed) {
            snaplenNoticed = true;
            ctx.notice(pos, CaptureNotice.Kind.CAPLEN_EXCEEDS_SNAPLEN);
        }
        if (wireLength < capturedLength && !wireLengthNoticed) {
            wireLengthNoticed = true;
            ctx.notice(pos, CaptureNotice.Kind.WIRE_LENGTH_BELOW_CAPLEN);
        }
    }
}
