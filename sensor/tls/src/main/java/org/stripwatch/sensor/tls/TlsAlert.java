package org.stripwatch.sensor.tls;

import java.util.Objects;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * An alert record (RFC 8446 §6, RFC 5246 §7.2). After the sender's ChangeCipherSpec (TLS 1.2) or
 * the ServerHello (TLS 1.3) alerts are encrypted: then only its length is known and level and
 * description are -1.
 */
public record TlsAlert(Direction direction, int level, int description, boolean encrypted, long offset) {
    public TlsAlert {
        Objects.requireNonNull(direction, "direction");
    }

    /** RFC 8446 §6 names for the usual descriptions; "unknown(N)" otherwise. */
    public String descriptionName() {
        return switch (description) {
            case -1 -> "encrypted";
            case 0 -> "close_notify";
            case 10 -> "unexpected_message";
            case 20 -> "bad_record_mac";
            case 22 -> "record_overflow";
            case 40 -> "handshake_failure";
            case 42 -> "bad_certificate";
            case 43 -> "unsupported_certificate";
            case 44 -> "certificate_revoked";
            case 45 -> "certificate_expired";
            case 46 -> "certificate_unknown";
            case 47 -> "illegal_parameter";
            case 48 -> "unknown_ca";
            case 49 -> "access_denied";
            case 50 -> "decode_error";
            case 51 -> "decrypt_error";
            case 70 -> "protocol_version";
            case 71 -> "insufficient_security";
            case 80 -> "internal_error";
            case 86 -> "inappropriate_fallback";
            case 90 -> "user_canceled";
            case 109 -> "missing_extension";
            case 110 -> "unsupported_extension";
            case 112 -> "unrecognized_name";
            case 116 -> "certificate_required";
            case 120 -> "no_application_protocol";
            default -> "unknown(" + description + ")";
        };
    }
}
