package org.stripwatch.sensor.smtp;

/** Command verbs, matched case-insensitively (RFC 5321 §2.4: verbs are case-insensitive). */
public enum SmtpVerb {
    EHLO(true, 'E'), HELO(true, 'H'), MAIL(true, 'M'), RCPT(true, 'R'), DATA(false, 'D'), BDAT(true, 'B'),
    RSET(false, 'X'), NOOP(true, 'N'), QUIT(false, 'Q'), STARTTLS(false, 'S'), AUTH(true, 'A'), VRFY(true, 'V'),
    EXPN(true, 'P'), HELP(true, 'L'),
    /** Any other verb; its text is kept (bounded) in {@link SmtpCommand#verbText()}. */
    UNKNOWN(true, 'U');

    private static final SmtpVerb[] PARSEABLE = {
        EHLO, HELO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, STARTTLS, AUTH, VRFY, EXPN, HELP
    };

    private final boolean takesArguments;
    private final char historyChar;
    private final byte[] upper;

    SmtpVerb(boolean takesArguments, char historyChar) {
        this.takesArguments = takesArguments;
        this.historyChar = historyChar;
        this.upper = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether RFC 5321 §4.1.1 / RFC 3207 §4 allow arguments after this verb. */
    public boolean takesArguments() {
        return takesArguments;
    }

    /** Its character in {@link SmtpConversation#history()}. */
    public char historyChar() {
        return historyChar;
    }

    /** The verb spelled by {@code length} bytes at {@code index}, ASCII case-insensitively; UNKNOWN otherwise. */
    static SmtpVerb match(io.netty.buffer.ByteBuf buf, int index, int length) {
        for (SmtpVerb verb : PARSEABLE) {
            if (verb.upper.length == length && Ascii.equalsIgnoreCase(buf, index, verb.upper)) {
                return verb;
            }
        }
        return UNKNOWN;
    }
}
