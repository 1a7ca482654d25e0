package org.stripwatch.sensor.tls;

/**
 * What the TLS parser found wrong on the wire. Facts, not verdicts: the analyzer decides what they
 * mean. Wire names are stable snake_case; each constant cites the rule it departs from.
 */
public enum TlsAnomaly {
    /** RFC 8446 §5.1: the first byte is not a TLS ContentType (20..24); the stream is not TLS. */
    NOT_TLS("not_tls"),
    /** RFC 5246 Appendix E.2: an SSL 2.0 compatible ClientHello (high bit set in the first byte). */
    SSLV2_CLIENT_HELLO("sslv2_client_hello"),
    /** RFC 8446 §5.1: a later record carries an unknown ContentType; record framing is lost. */
    INVALID_CONTENT_TYPE("invalid_content_type"),
    /** RFC 8446 §5.1 / RFC 5246 §6.2.1: legacy_record_version major byte is not 3. */
    INVALID_RECORD_VERSION("invalid_record_version"),
    /** RFC 5246 §6.2.3: record length above 2^14 + 2048. */
    RECORD_TOO_LARGE("record_too_large"),
    /** RFC 8446 §5.1: zero-length Handshake or Alert fragments MUST NOT be sent. */
    EMPTY_RECORD("empty_record"),
    /** RFC 8446 §4: a handshake message longer than the configured bound (not parsed, counted). */
    HANDSHAKE_MESSAGE_TOO_LARGE("handshake_message_too_large"),
    /** RFC 8446 §5.1: handshake messages MUST NOT be interleaved with other record types. */
    HANDSHAKE_INTERLEAVED("handshake_interleaved"),
    /** RFC 8446 §4: a handshake message sent by the wrong side (e.g. ClientHello from the server). */
    UNEXPECTED_HANDSHAKE_MESSAGE("unexpected_handshake_message"),
    /** RFC 8446 §4.1.2: the ClientHello does not parse. */
    MALFORMED_CLIENT_HELLO("malformed_client_hello"),
    /** RFC 8446 §4.1.3: the ServerHello does not parse. */
    MALFORMED_SERVER_HELLO("malformed_server_hello"),
    /** RFC 5246 §7.4.2: the Certificate message's length fields do not add up. */
    MALFORMED_CERTIFICATE_MESSAGE("malformed_certificate_message"),
    /** RFC 5280 §4.1: a certificate in the chain is not a valid X.509 structure. */
    MALFORMED_CERTIFICATE("malformed_certificate"),
    /** RFC 8446 §6: an Alert is two bytes (level, description). */
    MALFORMED_ALERT("malformed_alert"),
    /** RFC 5246 §7.1: ChangeCipherSpec is a single byte of value 1. */
    MALFORMED_CHANGE_CIPHER_SPEC("malformed_change_cipher_spec"),
    /** RFC 8446 §5.1: records are not self-delimiting, so a gap loses the framing for good. */
    GAP_IN_TLS_STREAM("gap_in_tls_stream"),
    /** RFC 8446 §5.1: the direction ended inside a record (truncated or cut by a reset). */
    ENDED_MID_RECORD("ended_mid_record");

    private final String wireName;

    TlsAnomaly(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
