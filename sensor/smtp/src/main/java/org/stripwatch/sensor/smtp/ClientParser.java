package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;

/**
 * The client-to-server push parser: command lines, DATA bodies scanned without copying, BDAT chunks
 * skipped in the reassembler, AUTH responses counted and never kept, and the STARTTLS hold: after
 * the STARTTLS line nothing is parsed until the server has answered (RFC 3207 §4).
 */
final class ClientParser implements StreamConsumer, BodyScanner.Sink {
    enum Mode { COMMAND, AUTH, RESYNC, BODY, BDAT_CHUNK, STARTTLS_WAIT, FORWARD }

    private static final Direction DIR = Direction.CLIENT_TO_SERVER;

    private final SmtpConversation conversation;
    private final SmtpConfig config;
    private final StreamControl control;
    private final LineFramer framer;
    private final CommandDecoder decoder;
    private final BodyScanner body;

    private Mode mode = Mode.COMMAND;
    private Mode resumeMode = Mode.COMMAND;
    /** Stream offset after every byte delivered, gapped or skipped so far. */
    private long offset;
    /** During processing: the stream offset of buffer index {@link #callStart}. */
    private long callBase;
    private int callStart;
    private long ts;
    /** Skips go to the reassembler only when the buffer being parsed ends where the reassembler is. */
    private boolean controlUsable;

    private long bodyStart;
    private SmtpCommand chunk;
    private long chunkStart;
    private long chunkRemaining;

    private long tlsOffset;
    private final HeldBytes held;
    private boolean heldReported;
    private EndReason endedReason;
    private long endedTs;
    private boolean endReported;

    ClientParser(SmtpConversation conversation, SmtpConfig config, StreamControl control) {
        this.conversation = conversation;
        this.config = config;
        this.control = control;
        this.framer = new LineFramer(config.maxLineLength());
        this.decoder = new CommandDecoder(config, (a, off, detail) -> conversation.anomaly(a, DIR, off, ts, detail));
        this.body = new BodyScanner(this, config.textLineLimit());
        this.held = new HeldBytes(config.maxHeldBytes());
    }

    int retained() {
        return framer.retained() + held.retained();
    }

    Mode mode() {
        return mode;
    }

    SmtpParserState state() {
        return switch (mode) {
            case COMMAND -> SmtpParserState.COMMANDS;
            case AUTH -> SmtpParserState.AUTH;
            case RESYNC -> SmtpParserState.RESYNC;
            case BODY -> SmtpParserState.BODY;
            case BDAT_CHUNK -> SmtpParserState.BDAT_CHUNK;
            case STARTTLS_WAIT -> SmtpParserState.STARTTLS_WAIT;
            case FORWARD -> SmtpParserState.UPGRADED;
        };
    }

    long offset() {
        return offset;
    }

    @Override
    public void onData(ByteBuf data, long timestampNanos) {
        int saved = data.readerIndex();
        long base = offset;
        offset += data.readableBytes();
        try {
            parse(data, base, timestampNanos, control != null);
        } finally {
            data.readerIndex(saved);
        }
    }

    @Override
    public void onGap(long length, long timestampNanos) {
        if (length <= 0) {
            return;
        }
        ts = timestampNanos;
        long at = offset;
        offset += length;
        conversation.count(SmtpCounter.GAP_BYTES, length);
        conversation.gap();
        conversation.anomaly(at == 0 ? SmtpAnomaly.MID_STREAM_START : SmtpAnomaly.GAP, DIR, at, timestampNanos,
                Long.toString(length));
        gap(length);
    }

    @Override
    public void onEnd(EndReason reason, long timestampNanos) {
        ts = timestampNanos;
        if (mode == Mode.STARTTLS_WAIT) {
            // decided when the reply comes: handed to TLS, or parsed as SMTP
            endedReason = reason;
            endedTs = timestampNanos;
            endReported = true;
            reportHeld();
            conversation.ended(DIR, reason, timestampNanos);
            return;
        }
        finish(reason, timestampNanos);
    }

    private void parse(ByteBuf in, long base, long timestampNanos, boolean useControl) {
        callBase = base;
        callStart = in.readerIndex();
        ts = timestampNanos;
        controlUsable = useControl;
        while (in.isReadable()) {
            switch (mode) {
                case COMMAND, AUTH, RESYNC -> {
                    if (!line(in)) {
                        return;
                    }
                }
                case BODY -> body(in);
                case BDAT_CHUNK -> chunk(in);
                case STARTTLS_WAIT -> hold(in);
                case FORWARD -> {
                    conversation.forward(DIR, in, offsetOf(in.readerIndex()), ts);
                    in.readerIndex(in.writerIndex());
                }
            }
        }
    }

    private long offsetOf(int index) {
        return callBase + (index - callStart);
    }

    private boolean line(ByteBuf in) {
        SmtpLine line = framer.next(in, offsetOf(in.readerIndex()));
        if (line == null) {
            return false;
        }
        conversation.count(SmtpCounter.LINES, 1);
        if (mode == Mode.RESYNC) {
            // the first line after a gap may be the tail of a lost one: kept only if it starts with a verb
            mode = resumeMode;
            if (!startsWithKnownVerb(line)) {
                return true;
            }
        }
        framingAnomalies(line);
        if (mode == Mode.AUTH && !leavesAuth(line)) {
            conversation.count(SmtpCounter.AUTH_LINES, 1); // RFC 4954 §4: a response, may be a credential
            return true;
        }
        mode = Mode.COMMAND;
        SmtpCommand command = decoder.decode(line, ts);
        conversation.command(command);
        afterCommand(command, in);
        return true;
    }

    private void framingAnomalies(SmtpLine line) {
        if (line.tooLong) {
            conversation.count(SmtpCounter.LINE_BYTES_DISCARDED, line.fullLength - line.length);
            conversation.anomaly(SmtpAnomaly.LINE_TOO_LONG, DIR, line.offset, ts, Long.toString(line.fullLength));
        } else if (mode != Mode.AUTH && line.wireLength() > config.commandLineLimit()) {
            // RFC 4954 §4: AUTH responses are exempt from the 512 limit
            conversation.anomaly(SmtpAnomaly.LINE_OVER_RFC_LIMIT, DIR, line.offset, ts, Long.toString(line.fullLength));
        }
        if (line.bareLf) {
            conversation.anomaly(SmtpAnomaly.BARE_LF, DIR, line.offset + line.fullLength, ts, "");
        }
        if (line.bareCrs > 0) {
            conversation.anomaly(SmtpAnomaly.BARE_CR, DIR, line.offset, ts, Integer.toString(line.bareCrs));
        }
    }

    /**
     * In an AUTH exchange whose end we may never see (one-sided capture), a line that starts with a
     * known verb and holds a byte outside base64 cannot be a response (RFC 4954 §4): it is a command.
     * Unknown verbs never leave AUTH, so a credential is never kept as an unknown command.
     */
    private static boolean leavesAuth(SmtpLine line) {
        if (!startsWithKnownVerb(line)) {
            return false;
        }
        for (int i = line.index; i < line.end(); i++) {
            int b = line.buf.getByte(i);
            boolean base64 = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || Ascii.isDigit(b)
                    || b == '+' || b == '/' || b == '=';
            if (!base64) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWithKnownVerb(SmtpLine line) {
        int verbEnd = Ascii.indexOf(line.buf, line.index, line.end(), Ascii.SP);
        return SmtpVerb.match(line.buf, line.index, verbEnd - line.index) != SmtpVerb.UNKNOWN;
    }

    private void afterCommand(SmtpCommand command, ByteBuf in) {
        switch (command.verb()) {
            case DATA -> {
                if (!conversation.serverSeen()) {
                    beginBodyAt(offsetOf(in.readerIndex())); // one-sided capture: no 354 will come
                }
            }
            case BDAT -> {
                if (command.size() >= 0) {
                    startChunk(command, in);
                }
            }
            case AUTH -> mode = Mode.AUTH;
            case STARTTLS -> startTlsWait(offsetOf(in.readerIndex()));
            default -> { }
        }
    }

    // ---- DATA body (RFC 5321 §4.1.1.4) ----

    /** The server answered DATA with 354: the body starts at the next client byte. */
    void beginBody() {
        if (mode == Mode.BODY || mode == Mode.FORWARD || mode == Mode.STARTTLS_WAIT) {
            return;
        }
        framer.reset();
        beginBodyAt(offset);
    }

    private void beginBodyAt(long start) {
        mode = Mode.BODY;
        bodyStart = start;
        body.start();
    }

    private void body(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int lf = body.scan(in, start, end);
        int stop = lf < 0 ? end : lf + 1;
        conversation.count(SmtpCounter.BODY_BYTES, stop - start);
        in.readerIndex(stop);
        if (lf >= 0) {
            mode = Mode.COMMAND;
            conversation.body(new SmtpBody(false, body.contentLength(), true, true, bodyStart, offsetOf(stop), ts));
        }
    }

    @Override
    public void lookAlike(long position) {
        conversation.anomaly(SmtpAnomaly.BODY_NONSTANDARD_TERMINATOR, DIR, bodyStart + position, ts, "");
    }

    @Override
    public void lineOverLimit(long position) {
        conversation.anomaly(SmtpAnomaly.LINE_OVER_RFC_LIMIT, DIR, bodyStart + position, ts, "body");
    }

    // ---- BDAT chunks (RFC 3030 §2): the chunk follows the line at once, without a reply ----

    private void startChunk(SmtpCommand command, ByteBuf in) {
        chunk = command;
        chunkStart = offsetOf(in.readerIndex());
        chunkRemaining = command.size();
        mode = Mode.BDAT_CHUNK;
        chunk(in);
    }

    /** Consumes the part of the chunk in this buffer and asks the reassembler to skip the rest. */
    private void chunk(ByteBuf in) {
        int here = (int) Math.min(chunkRemaining, in.readableBytes());
        in.skipBytes(here);
        chunkRemaining -= here;
        conversation.count(SmtpCounter.BDAT_BYTES, here);
        if (chunkRemaining > 0 && controlUsable) {
            control.skip(chunkRemaining);
            offset += chunkRemaining;
            conversation.count(SmtpCounter.BDAT_BYTES, chunkRemaining);
            conversation.count(SmtpCounter.BDAT_BYTES_SKIPPED, chunkRemaining);
            chunkRemaining = 0;
        }
        if (chunkRemaining == 0) {
            endChunk(true);
        }
    }

    private void endChunk(boolean complete) {
        long size = chunk.size();
        long end = complete ? chunkStart + size : chunkStart + size - chunkRemaining;
        conversation.body(new SmtpBody(true, complete ? size : size - chunkRemaining, chunk.last(), complete,
                chunkStart, end, ts));
        chunk = null;
        mode = Mode.COMMAND;
    }

    // ---- STARTTLS (RFC 3207 §4, §5) ----

    private void startTlsWait(long tlsStart) {
        mode = Mode.STARTTLS_WAIT;
        tlsOffset = tlsStart;
        held.reset();
        heldReported = false;
    }

    /** Client bytes before the reply to STARTTLS: held (bounded), for TLS or for SMTP. */
    private void hold(ByteBuf in) {
        conversation.count(SmtpCounter.HELD_BYTES_DROPPED, held.add(in, ts));
    }

    /**
     * Reports the bytes held after STARTTLS once they are final (reply or end), so the detail does
     * not depend on how they were segmented.
     */
    void reportHeld() {
        if (held.total() == 0 || heldReported) {
            return;
        }
        heldReported = true;
        conversation.anomaly(SmtpAnomaly.CLIENT_DATA_AFTER_STARTTLS, DIR, tlsOffset, held.firstTimestamp(),
                held.describe(32));
    }

    long tlsOffset() {
        return tlsOffset;
    }

    long heldTotal() {
        return held.total();
    }

    byte[] heldPrefix(int max) {
        return held.prefix(max);
    }

    /** 220: from the TLS start offset on, this direction belongs to TLS. */
    void beginForwarding() {
        mode = Mode.FORWARD;
        if (held.hasKept()) {
            conversation.forward(DIR, held.kept(), tlsOffset, held.lastTimestamp());
        }
        if (held.dropped() > 0) {
            conversation.forwardGap(DIR, held.dropped(), held.lastTimestamp());
        }
        held.reset();
        if (endedReason != null) {
            conversation.forwardEnd(DIR, endedReason, endedTs);
        }
    }

    /** Not 220: SMTP goes on, starting with the bytes held since the STARTTLS line. */
    void resumeAfterStartTls() {
        if (mode != Mode.STARTTLS_WAIT) {
            return;
        }
        mode = Mode.COMMAND;
        long dropped = held.dropped();
        EndReason reason = endedReason;
        endedReason = null;
        if (held.hasKept()) {
            long resumeTs = held.lastTimestamp();
            ByteBuf source = held.take();
            held.reset();
            parse(source, tlsOffset, resumeTs, control != null && dropped == 0);
            source.clear();
        }
        if (dropped > 0) {
            gap(dropped);
        }
        if (reason != null) {
            if (mode == Mode.STARTTLS_WAIT) {
                endedReason = reason;
            } else {
                finish(reason, endedTs);
            }
        }
    }

    /** A 334 without a visible AUTH command: what follows is a response. */
    void authContinues() {
        if (mode == Mode.COMMAND) {
            mode = Mode.AUTH;
        } else if (mode == Mode.RESYNC) {
            resumeMode = Mode.AUTH;
        }
    }

    /** The reply to AUTH was final: back to commands. */
    void authDone() {
        if (mode == Mode.AUTH) {
            mode = Mode.COMMAND;
        } else if (mode == Mode.RESYNC && resumeMode == Mode.AUTH) {
            resumeMode = Mode.COMMAND;
        }
    }

    // ---- gaps and end ----

    private void gap(long length) {
        switch (mode) {
            case COMMAND, AUTH -> {
                resumeMode = mode;
                mode = Mode.RESYNC;
                framer.reset();
            }
            case RESYNC -> framer.reset();
            case BODY -> body.gap(length);
            case BDAT_CHUNK -> {
                long inChunk = Math.min(length, chunkRemaining);
                chunkRemaining -= inChunk;
                if (chunkRemaining == 0) {
                    endChunk(true);
                    if (length > inChunk) {
                        resumeMode = Mode.COMMAND;
                        mode = Mode.RESYNC;
                    }
                }
            }
            case STARTTLS_WAIT -> held.gap(length);
            case FORWARD -> conversation.forwardGap(DIR, length, ts);
        }
    }

    private void finish(EndReason reason, long timestampNanos) {
        switch (mode) {
            case FORWARD -> conversation.forwardEnd(DIR, reason, timestampNanos);
            case BODY -> {
                incomplete("body");
                conversation.body(new SmtpBody(false, body.position(), true, false, bodyStart, offset, timestampNanos));
            }
            case BDAT_CHUNK -> {
                incomplete("bdat");
                endChunk(false);
            }
            case COMMAND, AUTH -> {
                if (framer.hasPartial()) {
                    incomplete("line");
                }
            }
            default -> { }
        }
        if (!endReported) {
            endReported = true;
            conversation.ended(DIR, reason, timestampNanos);
        }
    }

    private void incomplete(String what) {
        conversation.anomaly(SmtpAnomaly.INCOMPLETE_AT_END, DIR, offset, ts, what);
    }
}
