package org.stripwatch.sensor.smtp;

/**
 * A message body that passed without being copied: a DATA body up to CRLF.CRLF (RFC 5321 §4.1.1.4)
 * or one BDAT chunk (RFC 3030 §2).
 *
 * @param bdat true for a BDAT chunk, false for a DATA body
 * @param bytes body octets: for DATA up to and including the CRLF before the final ".", for BDAT the
 *     chunk size; bytes lost in gaps are included
 * @param last BDAT ... LAST; true for DATA
 * @param complete false if the direction ended inside the body
 * @param offset client stream offset of the body's first byte
 * @param endOffset client stream offset after the terminator or the chunk
 */
public record SmtpBody(
        boolean bdat, long bytes, boolean last, boolean complete, long offset, long endOffset, long timestampNanos) {
    public SmtpBody {
        if (bytes < 0 || offset < 0 || endOffset < offset) {
            throw new IllegalArgumentException("inconsistent body");
        }
    }
}
