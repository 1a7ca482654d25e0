package org.stripwatch.sensor.smtp;

import java.util.Objects;

/**
 * One client command, as far as it is kept. Personal data is not kept by default: for MAIL/RCPT
 * only the domain (lowercased); AUTH keeps the mechanism, never the initial response.
 *
 * @param verb the recognised verb, or UNKNOWN
 * @param verbText the verb as sent (bounded), e.g. {@code staRttLs} or {@code XXXXXXXA}; "" for an
 *     unknown token that is not made of letters and '-' (it could be a credential)
 * @param argument the kept argument: EHLO/HELO domain, AUTH mechanism, the full MAIL/RCPT address
 *     only when SmtpConfig.keepAddresses; otherwise null
 * @param domain MAIL FROM / RCPT TO domain, lowercased; "" for the null path {@code <>}; null if none
 * @param size MAIL SIZE= value or BDAT chunk size; -1 if absent or invalid (for BDAT: any syntax
 *     error, after which no chunk is read)
 * @param last BDAT ... LAST
 * @param argumentLength bytes after the verb (whether kept or not)
 * @param offset stream offset of the command's first byte in the client direction
 * @param timestampNanos capture time of the delivery that completed the line
 */
public record SmtpCommand(
        SmtpVerb verb,
        String verbText,
        String argument,
        String domain,
        long size,
        boolean last,
        int argumentLength,
        long offset,
        long timestampNanos) {

    public SmtpCommand {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(verbText, "verbText");
        if (argumentLength < 0 || offset < 0) {
            throw new IllegalArgumentException("negative length or offset");
        }
    }

}
