package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles reply lines into replies (RFC 5321 §4.2): "250-" continues, "250 " (or a bare "250")
 * ends. The code is parsed arithmetically, like Netty's SmtpResponseDecoder; a line without a code
 * is an anomaly and skipped, never thrown.
 */
final class ReplyAssembler {
    interface AnomalySink {
        void anomaly(SmtpAnomaly anomaly, long offset, String detail);
    }

    enum Result { CONTINUE, COMPLETE, INVALID }

    private final SmtpConfig config;
    private final AnomalySink anomalies;
    private final SmtpCounters counters;
    private final List<String> lines = new ArrayList<>();
    private int code = -1;
    private int lineCount;
    private long offset;
    private SmtpReply reply;
    private boolean resynced;
    private boolean replyResynced;

    ReplyAssembler(SmtpConfig config, AnomalySink anomalies, SmtpCounters counters) {
        this.config = config;
        this.anomalies = anomalies;
        this.counters = counters;
    }

    /** Feeds one line; on COMPLETE the reply is available from {@link #take}. */
    Result accept(SmtpLine line, long timestampNanos) {
        int lineCode = code(line);
        if (lineCode < 0) {
            anomalies.anomaly(SmtpAnomaly.REPLY_CODE_INVALID, line.offset,
                    Ascii.escape(line.buf, line.index, line.length, 16));
            return Result.INVALID;
        }
        if (code < 0) {
            code = lineCode;
            offset = line.offset;
            replyResynced = resynced;
            resynced = false;
            if (lineCode < 200 || lineCode >= 600) {
                anomalies.anomaly(SmtpAnomaly.REPLY_CODE_OUT_OF_RANGE, line.offset, Integer.toString(lineCode));
            }
        } else if (lineCode != code) {
            anomalies.anomaly(SmtpAnomaly.REPLY_CODE_MISMATCH, line.offset, code + "/" + lineCode);
        }
        keepText(line);
        boolean last = line.length == 3 || line.at(3) == Ascii.SP;
        if (!last) {
            return Result.CONTINUE;
        }
        reply = new SmtpReply(code, enhancedCode(lines.isEmpty() ? "" : lines.get(0)), lines, lineCount, offset,
                line.offset + line.wireLength(), timestampNanos, replyResynced);
        clear();
        return Result.COMPLETE;
    }

    /** A gap: the next reply to start may have lost its first lines. */
    void resynced() {
        resynced = true;
    }

    SmtpReply take() {
        SmtpReply r = reply;
        reply = null;
        return r;
    }

    boolean inProgress() {
        return code >= 0;
    }

    /** Forgets a partial reply (gap). */
    void clear() {
        code = -1;
        lineCount = 0;
        lines.clear();
    }

    private void keepText(SmtpLine line) {
        lineCount++;
        if (lines.size() >= config.maxReplyLines()) {
            counters.increment(SmtpCounter.REPLY_LINES_DROPPED);
            if (lineCount == config.maxReplyLines() + 1) {
                anomalies.anomaly(SmtpAnomaly.REPLY_TOO_MANY_LINES, line.offset, "");
            }
            return;
        }
        int textStart = Math.min(4, line.length);
        lines.add(Ascii.text(line.buf, line.index + textStart, line.length - textStart, config.maxReplyTextLength()));
    }

    static boolean hasCode(SmtpLine line) {
        return code(line) >= 0;
    }

    /** Three digits then SP, '-' or the end of the line; -1 otherwise. */
    private static int code(SmtpLine line) {
        if (line.length < 3) {
            return -1;
        }
        ByteBuf buf = line.buf;
        int value = 0;
        for (int i = 0; i < 3; i++) {
            byte b = buf.getByte(line.index + i);
            if (!Ascii.isDigit(b)) {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        if (line.length > 3) {
            byte sep = line.at(3);
            if (sep != Ascii.SP && sep != '-') {
                return -1;
            }
        }
        return value;
    }

    /** RFC 3463 §2: class "." subject "." detail, class 2/4/5, 1-3 digits each, then SP or end. */
    static String enhancedCode(String text) {
        int n = text.length();
        if (n < 5 || (text.charAt(0) != '2' && text.charAt(0) != '4' && text.charAt(0) != '5') || text.charAt(1) != '.') {
            return null;
        }
        int i = digits(text, 2);
        if (i < 0 || i >= n || text.charAt(i) != '.') {
            return null;
        }
        int j = digits(text, i + 1);
        if (j < 0 || (j < n && text.charAt(j) != ' ')) {
            return null;
        }
        return text.substring(0, j);
    }

    /** End index of 1-3 ASCII digits from start, or -1 (none, or more than 3). */
    private static int digits(String text, int start) {
        int i = start;
        while (i < text.length() && i - start < 4 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int n = i - start;
        return n >= 1 && n <= 3 ? i : -1;
    }
}
