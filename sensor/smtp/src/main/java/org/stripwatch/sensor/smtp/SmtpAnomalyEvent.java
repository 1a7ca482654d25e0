package org.stripwatch.sensor.smtp;

import java.util.Objects;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * One anomaly where it happened.
 *
 * @param offset stream offset in {@code direction} where it was seen
 * @param detail short printable detail (bounded; non-printable bytes escaped), "" if none
 */
public record SmtpAnomalyEvent(
        SmtpAnomaly anomaly, Direction direction, long offset, long timestampNanos, String detail) {
    public SmtpAnomalyEvent {
        Objects.requireNonNull(anomaly, "anomaly");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(detail, "detail");
    }
}
