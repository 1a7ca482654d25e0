package org.stripwatch.sensor.tls;

import java.util.List;

/**
 * Everything seen of one TLS handshake, both directions. Immutable snapshot.
 *
 * @param clientHello the first ClientHello, or null
 * @param serverHello the (final, non-HRR) ServerHello, or null
 * @param helloRetryRequest a HelloRetryRequest was seen (RFC 8446 §4.1.4)
 * @param certificates the server's chain (TLS 1.2 and below only; encrypted in TLS 1.3)
 * @param completed the handshake finished (see {@link TlsConnection} for the exact rule)
 * @param history Zeek ssl_history style letters, upper case from the client, lower case from
 *     the server: C client_hello, S server_hello, J hello_retry_request, X certificate, K
 *     server_key_exchange, R certificate_request, N server_hello_done, Y certificate_verify, G
 *     client_key_exchange, F finished (for TLS 1.2 the encrypted handshake record after CCS), T
 *     new_session_ticket, U certificate_status, O encrypted_extensions, H hello_request, V
 *     hello_verify_request, E end_of_early_data, P key_update, M message_hash, W certificate_url,
 *     A supplemental_data, Z other handshake type, I change_cipher_spec, L alert, D
 *     application_data, B heartbeat
 * @param serverFirstFlight TLS 1.3 only; {@link FirstFlight#EMPTY} otherwise
 * @param clientBytes bytes of the client's TLS stream consumed (delivered, skipped or gapped)
 * @param serverBytes same for the server
 */
public record TlsHandshake(
        ClientHelloInfo clientHello,
        ServerHelloInfo serverHello,
        boolean helloRetryRequest,
        List<CertificateInfo> certificates,
        List<TlsAlert> alerts,
        boolean completed,
        String history,
        FirstFlight serverFirstFlight,
        List<TlsAnomalyEvent> anomalies,
        long clientBytes,
        long serverBytes) {

    public TlsHandshake {
        certificates = List.copyOf(certificates);
        alerts = List.copyOf(alerts);
        anomalies = List.copyOf(anomalies);
    }

    /** Negotiated version (RFC 8446 §4.2.1), or -1 without a ServerHello. */
    public int version() {
        return serverHello == null ? -1 : serverHello.negotiatedVersion();
    }

    public String sni() {
        return clientHello == null ? null : clientHello.sni();
    }

    public String ja3() {
        return clientHello == null ? null : clientHello.ja3Md5();
    }

    public String ja4() {
        return clientHello == null ? null : clientHello.ja4();
    }

    public String ja3s() {
        return serverHello == null ? null : serverHello.ja3sMd5();
    }

    public boolean hasAnomaly(TlsAnomaly anomaly) {
        return anomalies.stream().anyMatch(a -> a.anomaly() == anomaly);
    }
}
