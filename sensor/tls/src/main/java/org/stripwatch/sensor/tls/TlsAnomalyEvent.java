package org.stripwatch.sensor.tls;

import java.util.Objects;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * One anomaly with where it happened.
 *
 * @param offset byte offset in the direction's TLS stream (0 = the first TLS byte)
 * @param detail short, bounded, printable summary (never a whole message)
 */
public record TlsAnomalyEvent(Direction direction, TlsAnomaly anomaly, long offset, String detail) {
    public TlsAnomalyEvent {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(anomaly, "anomaly");
        detail = detail == null ? "" : detail;
    }
}
