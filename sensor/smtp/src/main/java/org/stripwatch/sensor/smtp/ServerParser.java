package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;

/**
 * The server-to-client push parser: reply lines into replies. When the conversation decides on a
 * STARTTLS handoff inside a delivery, parsing stops right after the 220's LF and the rest of the
 * buffer is forwarded.
 */
final class ServerParser implements StreamConsumer {
    enum Mode { REPLY, RESYNC, FORWARD }

    private static final Direction DIR = Direction.SERVER_TO_CLIENT;

    private final SmtpConversation conversation;
    private final SmtpConfig config;
    private final LineFramer framer;
    private final ReplyAssembler replies;
    private Mode mode = Mode.REPLY;
    private long offset;
    private long callBase;
    private int callStart;
    private long ts;
    private boolean midStream;

    ServerParser(SmtpConversation conversation, SmtpConfig config) {
        this.conversation = conversation;
        this.config = config;
        this.framer = new LineFramer(config.maxLineLength());
        this.replies = new ReplyAssembler(config, (a, off, detail) -> conversation.anomaly(a, DIR, off, ts, detail),
                conversation.counters());
    }

    int retained() {
        return framer.retained();
    }

    Mode mode() {
        return mode;
    }

    SmtpParserState state() {
        return switch (mode) {
            case REPLY -> SmtpParserState.REPLIES;
            case RESYNC -> SmtpParserState.RESYNC;
            case FORWARD -> SmtpParserState.UPGRADED;
        };
    }

    long offset() {
        return offset;
    }

    /** The stream did not start at its first byte: no greeting is to be expected. */
    boolean midStream() {
        return midStream;
    }

    @Override
    public void onData(ByteBuf data, long timestampNanos) {
        int saved = data.readerIndex();
        callBase = offset;
        callStart = saved;
        ts = timestampNanos;
        offset += data.readableBytes();
        try {
            parse(data);
        } finally {
            data.readerIndex(saved);
        }
    }

    private void parse(ByteBuf in) {
        while (in.isReadable()) {
            switch (mode) {
                case REPLY, RESYNC -> {
                    SmtpLine line = framer.next(in, callBase + (in.readerIndex() - callStart));
                    if (line == null) {
                        return;
                    }
                    line(line);
                }
                case FORWARD -> {
                    conversation.forward(DIR, in, callBase + (in.readerIndex() - callStart), ts);
                    in.readerIndex(in.writerIndex());
                }
            }
        }
    }

    private void line(SmtpLine line) {
        conversation.count(SmtpCounter.LINES, 1);
        if (mode == Mode.RESYNC) {
            // the first line after a gap may be the tail of a lost one: kept only if it has a code
            mode = Mode.REPLY;
            if (!ReplyAssembler.hasCode(line)) {
                return;
            }
        }
        if (line.tooLong) {
            conversation.count(SmtpCounter.LINE_BYTES_DISCARDED, line.fullLength - line.length);
            conversation.anomaly(SmtpAnomaly.LINE_TOO_LONG, DIR, line.offset, ts, Long.toString(line.fullLength));
        } else if (line.wireLength() > config.replyLineLimit()) {
            conversation.anomaly(SmtpAnomaly.LINE_OVER_RFC_LIMIT, DIR, line.offset, ts, Long.toString(line.fullLength));
        }
        if (line.bareLf) {
            conversation.anomaly(SmtpAnomaly.BARE_LF, DIR, line.offset + line.fullLength, ts, "");
        }
        if (line.bareCrs > 0) {
            conversation.anomaly(SmtpAnomaly.BARE_CR, DIR, line.offset, ts, Integer.toString(line.bareCrs));
        }
        if (replies.accept(line, ts) == ReplyAssembler.Result.COMPLETE) {
            conversation.reply(replies.take());
        }
    }

    /** 220 to STARTTLS: the rest of this direction is TLS. */
    void beginForwarding() {
        mode = Mode.FORWARD;
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
        if (mode == Mode.FORWARD) {
            conversation.anomaly(SmtpAnomaly.GAP, DIR, at, timestampNanos, Long.toString(length));
            conversation.forwardGap(DIR, length, timestampNanos);
            return;
        }
        midStream |= at == 0;
        conversation.anomaly(at == 0 ? SmtpAnomaly.MID_STREAM_START : SmtpAnomaly.GAP, DIR, at, timestampNanos,
                Long.toString(length));
        framer.reset();
        replies.clear();
        replies.resynced();
        mode = Mode.RESYNC;
        conversation.replyGap();
    }

    @Override
    public void onEnd(EndReason reason, long timestampNanos) {
        ts = timestampNanos;
        if (mode == Mode.FORWARD) {
            conversation.forwardEnd(DIR, reason, timestampNanos);
        } else if (mode == Mode.REPLY && (framer.hasPartial() || replies.inProgress())) {
            conversation.anomaly(SmtpAnomaly.INCOMPLETE_AT_END, DIR, offset, timestampNanos, "reply");
        }
        conversation.ended(DIR, reason, timestampNanos);
    }
}
