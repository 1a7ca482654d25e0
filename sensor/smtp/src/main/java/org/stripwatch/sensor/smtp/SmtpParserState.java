package org.stripwatch.sensor.smtp;

/** Where a direction's parser is; RESYNC means unsynchronised after a gap or a mid-stream start. */
public enum SmtpParserState {
    /** Client: reading command lines. */
    COMMANDS,
    /** Server: reading reply lines. */
    REPLIES,
    /** Client: inside an AUTH exchange; lines are counted, never kept (RFC 4954 §4). */
    AUTH,
    /** After a gap: the next line is kept only if it starts like a command or a reply. */
    RESYNC,
    /** Client: in a DATA body, scanning for CRLF.CRLF. */
    BODY,
    /** Client: inside a BDAT chunk. */
    BDAT_CHUNK,
    /** Client: STARTTLS sent, its reply not yet seen; further bytes are held. */
    STARTTLS_WAIT,
    /** After a 220 to STARTTLS: bytes are forwarded to the upgrade consumer. */
    UPGRADED
}
