package org.stripwatch.sensor.smtp;

/**
 * Limits of the SMTP parsers. Every limit is finite; when one is hit the parser records it in
 * {@link SmtpCounters} (and, where it is a protocol fact, as an {@link SmtpAnomaly}) and goes on.
 *
 * @param maxLineLength hard cap on the bytes of one line kept by the framer (excluding CRLF);
 *     longer lines are truncated to their head, the rest discarded up to the next LF
 *     ({@link SmtpAnomaly#LINE_TOO_LONG}). Default 4096: generous over the RFC limits below.
 * @param commandLineLimit RFC 5321 §4.5.3.1.4 command line limit including CRLF (512); longer
 *     lines are still parsed and recorded as {@link SmtpAnomaly#LINE_OVER_RFC_LIMIT}
 * @param replyLineLimit RFC 5321 §4.5.3.1.5 reply line limit including CRLF (512)
 * @param textLineLimit RFC 5321 §4.5.3.1.6 text (body) line limit including CRLF (1000)
 * @param maxReplyLines lines of one reply kept (64); further lines are counted, not kept
 * @param maxReplyTextLength characters kept of one reply line's text (512)
 * @param maxCapabilities EHLO capabilities kept (64)
 * @param maxCapabilityParamsLength characters kept of one capability's parameters (256)
 * @param maxPendingCommands pipelined commands waiting for their reply (128, RFC 2920 §3.1;
 *     Zeek has the same kind of cap); the oldest is dropped but its reply slot kept, so replies
 *     stay aligned
 * @param maxVerbLength characters kept of an unknown verb (32)
 * @param maxArgumentLength characters kept of a kept argument: EHLO/HELO domain, AUTH mechanism,
 *     full address when {@code keepAddresses} (256)
 * @param keepAddresses keep full MAIL FROM / RCPT TO addresses; by default only domains are kept
 * @param maxHeldBytes client bytes held between a STARTTLS line and its reply (4096, RFC 3207 §5:
 *     there should be none); beyond are counted and handed on as a gap
 * @param firstBytesKept bytes of each direction reported after the STARTTLS handoff (16)
 * @param maxAnomalyReportsPerType anomaly callbacks per type and conversation (32); counters keep
 *     counting, so a binary stream cannot flood the listener
 * @param maxHistoryLength characters of the conversation's history string (256)
 */
public record SmtpConfig(
        int maxLineLength,
        int commandLineLimit,
        int replyLineLimit,
        int textLineLimit,
        int maxReplyLines,
        int maxReplyTextLength,
        int maxCapabilities,
        int maxCapabilityParamsLength,
        int maxPendingCommands,
        int maxVerbLength,
        int maxArgumentLength,
        boolean keepAddresses,
        int maxHeldBytes,
        int firstBytesKept,
        int maxAnomalyReportsPerType,
        int maxHistoryLength) {

    public static final SmtpConfig DEFAULT =
            new SmtpConfig(4096, 512, 512, 1000, 64, 512, 64, 256, 128, 32, 256, false, 4096, 16, 32, 256);

    public SmtpConfig {
        positive("maxLineLength", maxLineLength);
        positive("commandLineLimit", commandLineLimit);
        positive("replyLineLimit", replyLineLimit);
        positive("textLineLimit", textLineLimit);
        positive("maxReplyLines", maxReplyLines);
        positive("maxReplyTextLength", maxReplyTextLength);
        positive("maxCapabilities", maxCapabilities);
        positive("maxCapabilityParamsLength", maxCapabilityParamsLength);
        positive("maxPendingCommands", maxPendingCommands);
        positive("maxVerbLength", maxVerbLength);
        positive("maxArgumentLength", maxArgumentLength);
        positive("maxHeldBytes", maxHeldBytes);
        positive("firstBytesKept", firstBytesKept);
        positive("maxAnomalyReportsPerType", maxAnomalyReportsPerType);
        positive("maxHistoryLength", maxHistoryLength);
        if (maxLineLength < 16) {
            throw new IllegalArgumentException("maxLineLength must be at least 16: " + maxLineLength);
        }
    }

    public SmtpConfig withKeepAddresses(boolean keep) {
        return new SmtpConfig(maxLineLength, commandLineLimit, replyLineLimit, textLineLimit, maxReplyLines,
                maxReplyTextLength, maxCapabilities, maxCapabilityParamsLength, maxPendingCommands, maxVerbLength,
                maxArgumentLength, keep, maxHeldBytes, firstBytesKept, maxAnomalyReportsPerType, maxHistoryLength);
    }

    public SmtpConfig withMaxLineLength(int max) {
        return new SmtpConfig(max, commandLineLimit, replyLineLimit, textLineLimit, maxReplyLines,
                maxReplyTextLength, maxCapabilities, maxCapabilityParamsLength, maxPendingCommands, maxVerbLength,
                maxArgumentLength, keepAddresses, maxHeldBytes, firstBytesKept, maxAnomalyReportsPerType, maxHistoryLength);
    }

    public SmtpConfig withMaxPendingCommands(int max) {
        return new SmtpConfig(maxLineLength, commandLineLimit, replyLineLimit, textLineLimit, maxReplyLines,
                maxReplyTextLength, maxCapabilities, maxCapabilityParamsLength, max, maxVerbLength,
                maxArgumentLength, keepAddresses, maxHeldBytes, firstBytesKept, maxAnomalyReportsPerType, maxHistoryLength);
    }

    public SmtpConfig withMaxHeldBytes(int max) {
        return new SmtpConfig(maxLineLength, commandLineLimit, replyLineLimit, textLineLimit, maxReplyLines,
                maxReplyTextLength, maxCapabilities, maxCapabilityParamsLength, maxPendingCommands, maxVerbLength,
                maxArgumentLength, keepAddresses, max, firstBytesKept, maxAnomalyReportsPerType, maxHistoryLength);
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
