package org.stripwatch.sensor.smtp;

import java.util.Objects;

/**
 * A reply matched to the command it answers (FIFO, RFC 2920 §3.1).
 *
 * @param command the command; null when none was outstanding or its slot was dropped
 * @param reply the reply
 * @param intermediate a 334 to AUTH or 354 to DATA: the command goes on (RFC 4954 §4, RFC 5321 §4.1.1.4)
 */
public record SmtpTransaction(SmtpCommand command, SmtpReply reply, boolean intermediate) {
    public SmtpTransaction {
        Objects.requireNonNull(reply, "reply");
    }
}
