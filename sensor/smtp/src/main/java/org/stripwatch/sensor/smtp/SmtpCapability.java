package org.stripwatch.sensor.smtp;

import java.util.Objects;

/**
 * One EHLO capability line (RFC 5321 §4.1.1.1 ehlo-line): the keyword uppercased, the parameters
 * as text (bounded), e.g. {@code SIZE} / {@code 35882577}.
 */
public record SmtpCapability(String keyword, String params) {
    public SmtpCapability {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(params, "params");
    }
}
