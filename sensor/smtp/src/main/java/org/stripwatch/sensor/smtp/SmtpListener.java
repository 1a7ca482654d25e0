package org.stripwatch.sensor.smtp;

import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/**
 * Facts from one SMTP conversation, in stream order. All methods default to no-op. Called on the
 * reassembler's thread from inside its deliveries; arguments are immutable.
 */
public interface SmtpListener {
    /** The connection greeting (RFC 5321 §4.3.1). */
    default void onGreeting(SmtpGreeting greeting) {}

    /** A complete client command line (not AUTH responses, not body bytes). */
    default void onCommand(SmtpCommand command) {}

    /** A complete reply, including the greeting, before it is matched. */
    default void onReply(SmtpReply reply) {}

    /** A reply matched to its command (or to none). */
    default void onTransaction(SmtpTransaction transaction) {}

    /** A positive EHLO reply with its capability list. */
    default void onEhloReply(SmtpEhloReply ehlo) {}

    /** The end of a DATA body or of a BDAT chunk. */
    default void onBody(SmtpBody body) {}

    /**
     * The server answered STARTTLS with 220. Set the upgrade consumers here (or earlier) to receive
     * each direction from its TLS start offset on.
     */
    default void onStartTls(StartTlsHandoff handoff) {}

    /**
     * The first bytes of a direction after the handoff, once: SmtpConfig.firstBytesKept of them, or
     * fewer if a gap or the end came first. A TLS stream starts with 0x16 (handshake record).
     */
    default void onFirstBytesAfterStartTls(Direction direction, long offset, byte[] firstBytes, long timestampNanos) {}

    default void onAnomaly(SmtpAnomalyEvent anomaly) {}

    /** A direction ended; passed on from the reassembler. */
    default void onEnd(Direction direction, EndReason reason, long timestampNanos) {}
}
