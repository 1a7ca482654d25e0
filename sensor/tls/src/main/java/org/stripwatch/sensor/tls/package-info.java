/**
 * The TLS handshake after STARTTLS, seen passively: facts, not verdicts.
 *
 * <p>Use: on a 220 reply to STARTTLS the session layer creates one {@link
 * org.stripwatch.sensor.tls.TlsConnection} with the two directions' {@code StreamControl}s and a
 * {@link org.stripwatch.sensor.tls.TlsListener}, then feeds each direction's bytes, from the first
 * TLS byte on, to {@code connection.client()} / {@code connection.server()} (each a
 * {@code StreamConsumer}). {@code connection.result()} returns an immutable {@link
 * org.stripwatch.sensor.tls.TlsHandshake} at any time.
 *
 * <p>Layers: {@link org.stripwatch.sensor.tls.TlsStreamParser} frames records (RFC 8446 §5.1),
 * reassembles plaintext handshake messages and skips encrypted bodies with {@code
 * StreamControl.skip}; {@code HelloParser} reads ClientHello/ServerHello (RFC 8446 §4.1) and
 * computes JA3, JA3S and JA4 ({@link org.stripwatch.sensor.tls.Fingerprints}); {@code
 * CertificateParser} reads TLS 1.2 chains with Bouncy Castle. JA4S and JA4X are not implemented
 * (non-commercial licence).
 *
 * <p>Every limit is in {@link org.stripwatch.sensor.tls.TlsConfig} with a counter in {@link
 * org.stripwatch.sensor.tls.TlsCounters}; malformed input becomes a {@link
 * org.stripwatch.sensor.tls.TlsAnomaly}, never an exception.
 */
package org.stripwatch.sensor.tls;
