package org.stripwatch.sensor.smtp;

import java.util.Objects;

/**
 * The server accepted STARTTLS with 220 (RFC 3207 §4): from these offsets on, both directions
 * belong to TLS and are forwarded to the consumers set with
 * {@link SmtpConversation#setUpgradeConsumers}.
 *
 * @param clientTlsOffset client stream offset right after the STARTTLS line's LF
 * @param serverTlsOffset server stream offset right after the 220 reply's LF
 * @param heldClientBytes client bytes that arrived between the STARTTLS line and the 220 (RFC 3207
 *     §5: should be 0; CVE-2011-0411 injection footprint); they are handed on as the start of the
 *     client's TLS stream
 * @param heldPrefix a copy of the first held bytes (at most SmtpConfig.firstBytesKept)
 */
public record StartTlsHandoff(
        SmtpCommand command, SmtpReply reply, long clientTlsOffset, long serverTlsOffset, long heldClientBytes,
        byte[] heldPrefix, long timestampNanos) {
    public StartTlsHandoff {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(reply, "reply");
        heldPrefix = heldPrefix.clone();
    }

    @Override
    public byte[] heldPrefix() {
        return heldPrefix.clone();
    }
}
