package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;

/**
 * Decodes one client command line (RFC 5321 §4.1.1) into an {@link SmtpCommand}, keeping only what
 * the configuration allows. Problems are reported as anomalies, never thrown.
 */
final class CommandDecoder {
    interface AnomalySink {
        void anomaly(SmtpAnomaly anomaly, long offset, String detail);
    }

    /** RFC 5321 §4.5.3.1.2: a domain is at most 255 octets. */
    private static final int MAX_DOMAIN = 255;
    /** 2^63-1 has 19 digits; longer sizes are invalid for us. */
    private static final int MAX_SIZE_DIGITS = 18;

    private final SmtpConfig config;
    private final AnomalySink anomalies;

    CommandDecoder(SmtpConfig config, AnomalySink anomalies) {
        this.config = config;
        this.anomalies = anomalies;
    }

    SmtpCommand decode(SmtpLine line, long timestampNanos) {
        ByteBuf buf = line.buf;
        int start = line.index;
        int end = line.end();
        int verbEnd = Ascii.indexOf(buf, start, end, Ascii.SP);
        SmtpVerb verb = SmtpVerb.match(buf, start, verbEnd - start);
        String verbText = verb != SmtpVerb.UNKNOWN || verbLike(buf, start, verbEnd)
                ? Ascii.text(buf, start, verbEnd - start, config.maxVerbLength())
                : "";
        int argStart = Ascii.skipSpaces(buf, verbEnd, end);
        int argEnd = Ascii.trimEnd(buf, argStart, end);
        int argLength = argEnd - argStart;
        if (argLength > 0 && !verb.takesArguments()) {
            anomalies.anomaly(SmtpAnomaly.COMMAND_UNEXPECTED_ARGUMENT, line.offset, verbText);
        }
        return switch (verb) {
            case EHLO, HELO -> simple(verb, verbText, Ascii.text(buf, argStart, argLength, config.maxArgumentLength()),
                    argLength, line, timestampNanos);
            case AUTH -> simple(verb, verbText, mechanism(buf, argStart, argEnd), argLength, line, timestampNanos);
            case MAIL -> path(verb, verbText, "FROM:", buf, argStart, argEnd, line, timestampNanos);
            case RCPT -> path(verb, verbText, "TO:", buf, argStart, argEnd, line, timestampNanos);
            case BDAT -> bdat(verbText, buf, argStart, argEnd, line, timestampNanos);
            default -> simple(verb, verbText, null, argLength, line, timestampNanos);
        };
    }

    /**
     * RFC 5321 §4.1.1/§4.1.5: verbs are letters (extensions may add '-'). Any other token is not
     * kept: it may be a credential from an AUTH exchange whose start was not seen.
     */
    private static boolean verbLike(ByteBuf buf, int start, int end) {
        for (int i = start; i < end; i++) {
            int b = Ascii.upper(buf.getByte(i));
            if ((b < 'A' || b > 'Z') && b != '-') {
                return false;
            }
        }
        return true;
    }

    private static SmtpCommand simple(
            SmtpVerb verb, String verbText, String argument, int argLength, SmtpLine line, long ts) {
        return new SmtpCommand(verb, verbText, argument, null, -1, false, argLength, line.offset, ts);
    }

    /** RFC 4954 §4: only the mechanism name; the initial response may carry credentials. */
    private String mechanism(ByteBuf buf, int start, int end) {
        int sp = Ascii.indexOf(buf, start, end, Ascii.SP);
        return sp == start ? null : Ascii.text(buf, start, sp - start, config.maxArgumentLength());
    }

    /** RFC 5321 §4.1.1.2/3: "FROM:" / "TO:" Reverse-/Forward-path [SP parameters]. */
    private SmtpCommand path(SmtpVerb verb, String verbText, String prefix, ByteBuf buf, int start, int end,
            SmtpLine line, long ts) {
        if (!Ascii.startsWithIgnoreCase(buf, start, end - start, prefix)) {
            anomalies.anomaly(SmtpAnomaly.COMMAND_SYNTAX_INVALID, line.offset, verbText);
            return simple(verb, verbText, null, end - start, line, ts);
        }
        int p = Ascii.skipSpaces(buf, start + prefix.length(), end); // a space here is lenient, common
        int mailboxStart;
        int mailboxEnd;
        int paramsStart;
        if (p < end && buf.getByte(p) == '<') {
            mailboxStart = p + 1;
            mailboxEnd = Ascii.indexOf(buf, mailboxStart, end, (byte) '>');
            paramsStart = Math.min(end, mailboxEnd + 1);
        } else {
            mailboxStart = p;
            mailboxEnd = Ascii.indexOf(buf, p, end, Ascii.SP);
            paramsStart = mailboxEnd;
        }
        if (mailboxEnd == end && p < end && buf.getByte(p) == '<' || p == end) {
            anomalies.anomaly(SmtpAnomaly.COMMAND_SYNTAX_INVALID, line.offset, verbText);
        }
        String domain = domain(buf, mailboxStart, mailboxEnd);
        String address = config.keepAddresses()
                ? Ascii.text(buf, mailboxStart, mailboxEnd - mailboxStart, config.maxArgumentLength())
                : null;
        long size = verb == SmtpVerb.MAIL ? sizeParameter(buf, paramsStart, end, line.offset) : -1;
        return new SmtpCommand(verb, verbText, address, domain, size, false, end - start, line.offset, ts);
    }

    /** The part after the last '@', lowercased; "" for the null path; null if there is no '@'. */
    private static String domain(ByteBuf buf, int start, int end) {
        if (start >= end) {
            return "";
        }
        int at = -1;
        for (int i = end - 1; i >= start; i--) {
            if (buf.getByte(i) == '@') {
                at = i;
                break;
            }
        }
        // "<@relay:user@host>" source routes (RFC 5321 §4.1.2) end at the ':'; the last '@' is the mailbox's
        if (at < 0 || at == start && Ascii.indexOf(buf, start, end, (byte) ':') == end) {
            return null;
        }
        return Ascii.lower(buf, at + 1, end - at - 1, MAX_DOMAIN);
    }

    /** RFC 1870: SIZE=number among the MAIL parameters. */
    private long sizeParameter(ByteBuf buf, int start, int end, long offset) {
        int p = start;
        while (p < end) {
            p = Ascii.skipSpaces(buf, p, end);
            int tokenEnd = Ascii.indexOf(buf, p, end, Ascii.SP);
            if (Ascii.startsWithIgnoreCase(buf, p, tokenEnd - p, "SIZE=")) {
                long size = decimal(buf, p + 5, tokenEnd);
                if (size < 0) {
                    anomalies.anomaly(SmtpAnomaly.COMMAND_SYNTAX_INVALID, offset, "SIZE");
                }
                return size;
            }
            p = tokenEnd;
        }
        return -1;
    }

    /** RFC 3030 §2: "BDAT" SP chunk-size [ SP end-marker ]. */
    private SmtpCommand bdat(String verbText, ByteBuf buf, int start, int end, SmtpLine line, long ts) {
        int sizeEnd = Ascii.indexOf(buf, start, end, Ascii.SP);
        long size = decimal(buf, start, sizeEnd);
        int markerStart = Ascii.skipSpaces(buf, sizeEnd, end);
        boolean last = end - markerStart == 4 && Ascii.startsWithIgnoreCase(buf, markerStart, 4, "LAST");
        if (size < 0 || markerStart < end && !last) {
            // a server rejects the whole line and reads no chunk after it (Postfix: 521 5.5.4)
            anomalies.anomaly(SmtpAnomaly.BDAT_SIZE_INVALID, line.offset, Ascii.escape(buf, start, end - start, 32));
            size = -1;
        }
        return new SmtpCommand(SmtpVerb.BDAT, verbText, null, null, size, last, end - start, line.offset, ts);
    }

    /** Non-negative decimal of [start, end), parsed arithmetically; -1 if empty, not decimal or too long. */
    static long decimal(ByteBuf buf, int start, int end) {
        if (start >= end || end - start > MAX_SIZE_DIGITS) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (!Ascii.isDigit(b)) {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value;
    }
}
