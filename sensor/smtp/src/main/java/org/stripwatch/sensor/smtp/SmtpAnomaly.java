package org.stripwatch.sensor.smtp;

/**
 * Wire-level SMTP anomalies: facts, not verdicts. Each constant has a snake_case wire name and the
 * rule it departs from.
 */
public enum SmtpAnomaly {
    /** RFC 5321 §4.5.3.1: a line over the configured hard cap; its head is kept, the rest discarded. */
    LINE_TOO_LONG("line_too_long"),
    /** RFC 5321 §4.5.3.1.4-6: a command/reply line over 512 or a text line over 1000 octets. */
    LINE_OVER_RFC_LIMIT("line_over_rfc_limit"),
    /** RFC 5321 §2.3.8: a line ended by a bare LF (SMTP smuggling, CVE-2023-51764/51765/51766). */
    BARE_LF("bare_lf"),
    /** RFC 5321 §2.3.8: a CR not followed by LF inside a line. */
    BARE_CR("bare_cr"),
    /** RFC 5321 §4.1.1.4: an end-of-data look-alike other than CRLF.CRLF in a body (SMTP smuggling). */
    BODY_NONSTANDARD_TERMINATOR("body_nonstandard_terminator"),
    /** RFC 5321 §4.2: a reply line that does not start with a three-digit code and SP, '-' or CRLF. */
    REPLY_CODE_INVALID("reply_code_invalid"),
    /** RFC 5321 §4.2.1: a reply code outside 2yz-5yz. */
    REPLY_CODE_OUT_OF_RANGE("reply_code_out_of_range"),
    /** RFC 5321 §4.2.1: lines of one multi-line reply carry different codes. */
    REPLY_CODE_MISMATCH("reply_code_mismatch"),
    /** A reply with more lines than configured (SmtpConfig.maxReplyLines); the rest is counted. */
    REPLY_TOO_MANY_LINES("reply_too_many_lines"),
    /** RFC 5321 §4.3.1 / RFC 2920 §3.1: a reply with no outstanding command to answer. */
    REPLY_WITHOUT_COMMAND("reply_without_command"),
    /** RFC 5321 §4.3.1: the server's first reply at stream start is not a 220/554 greeting. */
    GREETING_MISSING("greeting_missing"),
    /** RFC 2920 §3.1: more pipelined commands outstanding than configured; the oldest was dropped. */
    PENDING_COMMANDS_OVERFLOW("pending_commands_overflow"),
    /** RFC 5321 §4.1.1.1: more EHLO capabilities than configured; the rest is counted. */
    EHLO_CAPABILITIES_TRUNCATED("ehlo_capabilities_truncated"),
    /** RFC 3207 §4, RFC 5321 §4.1.1: an argument on a command that takes none (STARTTLS foo). */
    COMMAND_UNEXPECTED_ARGUMENT("command_unexpected_argument"),
    /** RFC 5321 §4.1.1.2-3: MAIL/RCPT without FROM:/TO: or without a path. */
    COMMAND_SYNTAX_INVALID("command_syntax_invalid"),
    /** RFC 3030 §2: a BDAT chunk size that is missing, not decimal or too large. */
    BDAT_SIZE_INVALID("bdat_size_invalid"),
    /** RFC 3207 §4/§5: client bytes after STARTTLS before the server's reply (CVE-2011-0411 footprint). */
    CLIENT_DATA_AFTER_STARTTLS("client_data_after_starttls"),
    /** RFC 9293 §3.10: bytes of the stream never delivered; the parser resynchronises at the next LF. */
    GAP("gap"),
    /** The first delivered byte is not the stream's first: parsing starts unsynchronised. */
    MID_STREAM_START("mid_stream_start"),
    /** RFC 5321 §4.1.1.4 / RFC 3030 §2: the direction ended inside a line, body or chunk. */
    INCOMPLETE_AT_END("incomplete_at_end");

    private final String wireName;

    SmtpAnomaly(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
