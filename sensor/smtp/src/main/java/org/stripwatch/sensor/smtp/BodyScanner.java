package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;

import io.netty.util.ByteProcessor;

/**
 * Scans a DATA body for its end, CRLF "." CRLF (RFC 5321 §4.1.1.4), without copying: a rolling
 * window of the last five bytes survives across deliveries, so a terminator split anywhere is found.
 * Also notes end-of-data look-alikes that some servers accept ({@code <LF>.<LF>}, {@code <CR>.<CR>},
 * {@code <CRLF>.<CR>x}, ...: the SMTP smuggling family, CVE-2023-51764/51765/51766) and text lines
 * over the RFC 5321 §4.5.3.1.6 limit.
 */
final class BodyScanner implements ByteProcessor {
    interface Sink {
        void lookAlike(long position);

        void lineOverLimit(long position);
    }

    private static final long TERMINATOR = 0x0D0A2E0D0AL;
    private static final long MASK5 = 0xFF_FFFF_FFFFL;
    private static final int CR_LF_DOT_CR = 0x0D0A2E0D;

    private final Sink sink;
    private final int maxLineContent;
    private long window;
    /** Bytes of the body processed so far, gaps included. */
    private long position;
    private int lineLength;
    private boolean lineLimitReported;
    private boolean pendingCrDot;

    BodyScanner(Sink sink, int textLineLimit) {
        this.sink = sink;
        this.maxLineContent = Math.max(0, textLineLimit - 2);
    }

    /** A body starts at the beginning of a line, as if after CRLF. */
    void start() {
        window = 0x0D0A;
        position = 0;
        lineLength = 0;
        lineLimitReported = false;
        pendingCrDot = false;
    }

    /** A gap: the bytes count, but line position is unknown. */
    void gap(long length) {
        position += length;
        window = 0;
        lineLength = 0;
        pendingCrDot = false;
    }

    long position() {
        return position;
    }

    /** Body bytes before the final ".CRLF", once {@link #process} has stopped at the terminator. */
    long contentLength() {
        return Math.max(0, position - 3);
    }

    /**
     * Scans {@code in[from, to)} like {@link #process} byte by byte, and returns the index of the
     * terminator's LF or -1. Runs of bytes without CR or LF (nearly all of a body) are skipped with
     * netty's word-at-a-time {@code indexOf}: only their count, their last bytes (the rolling window)
     * and the line-length limit matter, and those are computed arithmetically.
     */
    int scan(ByteBuf in, int from, int to) {
        int i = from;
        while (i < to) {
            int lf = in.indexOf(i, to, Ascii.LF);
            int stop = lf < 0 ? to : lf;
            int cr = stop > i ? in.indexOf(i, stop, Ascii.CR) : -1;
            int brk = cr >= 0 ? cr : lf;
            int plainEnd = brk < 0 ? to : brk;
            if (plainEnd > i) plain(in, i, plainEnd);
            if (brk < 0) return -1;
            if (!process(in.getByte(brk))) return brk;
            i = brk + 1;
        }
        return -1;
    }

    /** What {@link #process} does for {@code in[from, to)}, none of which is CR or LF. */
    private void plain(ByteBuf in, int from, int to) {
        int n = to - from;
        long p0 = position;
        if (pendingCrDot) {
            pendingCrDot = false;
            sink.lookAlike(p0); // the byte after CR "." CR is not LF
        }
        int crossing = Math.max(0, maxLineContent - lineLength); // the byte that goes over the limit
        if (!lineLimitReported && crossing < n) {
            lineLimitReported = true;
            sink.lineOverLimit(p0 + crossing);
        }
        lineLength = (int) Math.min(Integer.MAX_VALUE, (long) lineLength + n);
        position += n;
        for (int j = Math.max(from, to - 5); j < to; j++) {
            window = (window << 8) | (in.getByte(j) & 0xff);
        }
    }

    @Override
    public boolean process(byte b) {
        position++;
        window = (window << 8) | (b & 0xff);
        if (pendingCrDot) {
            pendingCrDot = false;
            if (b != Ascii.LF) {
                sink.lookAlike(position - 1);
            }
        }
        if (b == Ascii.LF) {
            if ((window & MASK5) == TERMINATOR) {
                return false;
            }
            lineLength = 0;
            checkLookAlike();
        } else if (b == Ascii.CR) {
            checkLookAlike();
        } else if (++lineLength > maxLineContent && !lineLimitReported) {
            lineLimitReported = true;
            sink.lineOverLimit(position - 1);
        }
        return true;
    }

    /** At a line-break byte: is it the end of "<break> . <break>" other than the real terminator? */
    private void checkLookAlike() {
        int dot = (int) (window >>> 8) & 0xff;
        int before = (int) (window >>> 16) & 0xff;
        if (dot != '.' || (before != Ascii.CR && before != Ascii.LF)) {
            return;
        }
        if ((int) window == CR_LF_DOT_CR) {
            pendingCrDot = true; // decided by the next byte: LF ends the body
        } else {
            sink.lookAlike(position - 1);
        }
    }
}
