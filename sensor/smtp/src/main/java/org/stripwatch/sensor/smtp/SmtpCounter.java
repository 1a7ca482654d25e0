package org.stripwatch.sensor.smtp;

/** What {@link SmtpCounters} counts: volumes, and every configured limit that was hit. */
public enum SmtpCounter {
    LINES("lines"),
    COMMANDS("commands"),
    REPLIES("replies"),
    AUTH_LINES("auth_lines"),
    BODY_BYTES("body_bytes"),
    BDAT_BYTES("bdat_bytes"),
    BDAT_BYTES_SKIPPED("bdat_bytes_skipped"),
    GAP_BYTES("gap_bytes"),
    FORWARDED_BYTES("forwarded_bytes"),
    /** Limit SmtpConfig.maxLineLength hit: bytes discarded. */
    LINE_BYTES_DISCARDED("line_bytes_discarded"),
    /** Limit SmtpConfig.maxReplyLines hit: reply lines not kept. */
    REPLY_LINES_DROPPED("reply_lines_dropped"),
    /** Limit SmtpConfig.maxCapabilities hit. */
    CAPABILITIES_DROPPED("capabilities_dropped"),
    /** Limit SmtpConfig.maxPendingCommands hit. */
    PENDING_COMMANDS_DROPPED("pending_commands_dropped"),
    /** Limit SmtpConfig.maxHeldBytes hit. */
    HELD_BYTES_DROPPED("held_bytes_dropped"),
    /** Limit SmtpConfig.maxAnomalyReportsPerType hit: anomalies counted but not reported. */
    ANOMALY_REPORTS_SUPPRESSED("anomaly_reports_suppressed"),
    /** Limit SmtpConfig.maxHistoryLength hit: history characters not kept. */
    HISTORY_TRUNCATED("history_truncated"),
    /** Bytes after the STARTTLS handoff with no upgrade consumer installed. */
    UPGRADE_BYTES_DROPPED("upgrade_bytes_dropped");

    private final String wireName;

    SmtpCounter(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
