package org.stripwatch.sensor.smtp;

import java.util.List;

/**
 * One complete server reply (RFC 5321 §4.2).
 *
 * @param code the three-digit code (of the first line; mismatching later lines are anomalies)
 * @param enhancedCode RFC 3463 enhanced status code of the first line, e.g. "2.0.0"; null if absent
 * @param lines the text of each line after the code and separator, bounded in number and length
 * @param lineCount the number of lines the reply had, kept or not
 * @param offset stream offset of the reply's first byte in the server direction
 * @param endOffset stream offset just after the final line's LF
 * @param timestampNanos capture time of the delivery that completed the reply
 * @param afterGap the reply's first line was the first one after a gap: earlier lines of the same
 *     reply may have been lost (an EHLO capability list may be incomplete)
 */
public record SmtpReply(
        int code, String enhancedCode, List<String> lines, int lineCount, long offset, long endOffset,
        long timestampNanos, boolean afterGap) {

    public SmtpReply {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("code: " + code);
        }
        lines = List.copyOf(lines);
        if (lineCount < lines.size() || offset < 0 || endOffset < offset) {
            throw new IllegalArgumentException("inconsistent reply");
        }
    }

    /** The first line's text, "" if none was kept. */
    public String firstLine() {
        return lines.isEmpty() ? "" : lines.get(0);
    }

    /** The first whitespace-separated word of the first line: the host in a greeting or EHLO reply. */
    public String firstWord() {
        String text = firstLine().strip();
        int sp = text.indexOf(' ');
        return sp < 0 ? text : text.substring(0, sp);
    }

    public boolean positiveCompletion() {
        return code >= 200 && code < 300;
    }
}
