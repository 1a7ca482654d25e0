package org.stripwatch.sensor.smtp;

import java.util.List;
import java.util.Objects;

/**
 * A positive reply to EHLO: the server's domain (first word of the first line) and the complete
 * capability list from the second line on (RFC 5321 §4.1.1.1).
 *
 * @param capabilityCount capability lines the reply had, kept or not; the list is complete when it
 *     equals {@code capabilities.size()} and {@code reply.afterGap()} is false
 * @param inferred true when no EHLO was seen (one-sided or mid-stream capture) and the reply was
 *     recognised as a multi-line 250 right after the greeting
 */
public record SmtpEhloReply(
        String domain, List<SmtpCapability> capabilities, int capabilityCount, boolean inferred, SmtpReply reply) {

    public SmtpEhloReply {
        Objects.requireNonNull(domain, "domain");
        capabilities = List.copyOf(capabilities);
        Objects.requireNonNull(reply, "reply");
    }

    /** Every capability line was seen and kept: absence of a keyword is then a fact. */
    public boolean complete() {
        return capabilityCount == capabilities.size() && !reply.afterGap();
    }

    /** Whether the list holds this keyword (case-insensitive). */
    public boolean has(String keyword) {
        for (SmtpCapability c : capabilities) {
            if (c.keyword().equalsIgnoreCase(keyword)) {
                return true;
            }
        }
        return false;
    }
}
