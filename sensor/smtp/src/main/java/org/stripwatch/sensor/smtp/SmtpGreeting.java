package org.stripwatch.sensor.smtp;

import java.util.Objects;

/** The server's connection greeting (RFC 5321 §4.3.1: 220, or 554), with its host (first word). */
public record SmtpGreeting(String host, SmtpReply reply) {
    public SmtpGreeting {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(reply, "reply");
    }
}
