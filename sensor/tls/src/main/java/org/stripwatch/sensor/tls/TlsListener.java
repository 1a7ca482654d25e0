package org.stripwatch.sensor.tls;

import java.util.List;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * Live events of one TLS connection, for callers that need to know <em>when</em> something was
 * seen (e.g. a reset right after the ClientHello). Called on the delivering thread, in stream
 * order; all values are immutable. The complete picture is {@link TlsConnection#result()}.
 */
public interface TlsListener {
    /** A listener that ignores everything. */
    TlsListener NONE = new TlsListener() {};

    default void onClientHello(ClientHelloInfo hello, long timestampNanos) {}

    /** A ServerHello or, with {@link ServerHelloInfo#helloRetryRequest()}, a HelloRetryRequest. */
    default void onServerHello(ServerHelloInfo hello, long timestampNanos) {}

    /** The server's TLS 1.2-or-below certificate chain. */
    default void onCertificates(List<CertificateInfo> chain, long timestampNanos) {}

    /**
     * Every handshake-layer event as its history letter (see {@link TlsHandshake#history()}):
     * the last one tells after which message a connection was reset.
     */
    default void onHistory(Direction direction, char letter, long timestampNanos) {}

    default void onAlert(TlsAlert alert, long timestampNanos) {}

    default void onHandshakeComplete(long timestampNanos) {}

    default void onAnomaly(TlsAnomalyEvent anomaly, long timestampNanos) {}
}
