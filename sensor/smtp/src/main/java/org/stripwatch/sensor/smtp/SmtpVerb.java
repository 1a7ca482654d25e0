package org.stripwatch.sensor.smtp;

/** Command verbs, matched case-insensitively (RFC 5321 §2.4: verbs are case-insensitive). */
public enum SmtpVerb {
    EHLO(true), HELO(true), MAIL(true), RCPT(true), DATA(false), BDAT(true), RSET(false), NOOP(true),
    QUIT(false), STARTTLS(false), AUTH(true), VRFY(true), EXPN(true), HELP(true),
    /** Any other verb; its text is kept (bounded) in {@link SmtpCommand#verbText()}. */
    UNKNOWN(true);

    private static final SmtpVerb[] PARSEABLE = {
        EHLO, HELO, MAIL, RCPT, DATA, BDAT, RSET, NOOP, QUIT, STARTTLS, AUTH, VRFY, EXPN, HELP
    };

    private final boolean takesArguments;
    private final byte[] upper;

    SmtpVerb(boolean takesArguments) {
        this.takesArguments = takesArguments;
        this.upper = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Whether RFC 5321 §4.1.1 / RFC 3207 §4 allow arguments after this verb. */
    public boolean takesArguments() {
        return takesArguments;
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
