package org.stripwatch.sensor.tls;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamControl;

/**
 * The TLS handshake of one connection after STARTTLS: owns a {@link TlsStreamParser} per direction
 * and assembles what both see into a {@link TlsHandshake}. Single-threaded, like the reassembler
 * that drives it.
 *
 * <p>Handshake completion, as a passive observer can tell it without keys:
 * <ul>
 *   <li>TLS 1.2 and below: each side sent ChangeCipherSpec followed by an encrypted handshake
 *       record, its Finished (RFC 5246 §7.1, §7.4.9). Also covers abbreviated (resumed)
 *       handshakes, where the server finishes first.
 *   <li>TLS 1.3: the client's first application_data record after the ServerHello. The client's
 *       first protected message is its Finished (or its Certificate with client authentication),
 *       RFC 8446 §2 Figure 1 and §4.4.4; a compatibility ChangeCipherSpec (RFC 8446 §D.4) before
 *       it is plaintext and ignored. Heuristic: 0-RTT data the client sends after the ServerHello
 *       has reached the wire but before it processed it (RFC 8446 §2.3) would count too early.
 * </ul>
 * After completion each parser looks at {@link TlsConfig#recordsAfterCompletion()} more records,
 * then calls {@link StreamControl#stopPayload()}.
 */
public final class TlsConnection {
    private static final int HS_CLIENT_HELLO = 1;
    private static final int HS_SERVER_HELLO = 2;
    private static final int HS_CERTIFICATE = 11;
    private static final int TLS13 = 0x0304;

    private final TlsConfig config;
    private final TlsCounters counters;
    private final TlsListener listener;
    private final TlsStreamParser client;
    private final TlsStreamParser server;
    private final HelloParser helloParser;
    private final CertificateParser certificateParser;

    private ClientHelloInfo clientHello;
    private ServerHelloInfo serverHello;
    private boolean helloRetryRequest;
    private int negotiatedVersion = -1;
    private List<CertificateInfo> certificates = List.of();
    private boolean certificatesParsed;
    private final List<TlsAlert> alerts = new ArrayList<>();
    private final List<TlsAnomalyEvent> anomalies = new ArrayList<>();
    private final StringBuilder history = new StringBuilder();
    private final List<Integer> flightLengths = new ArrayList<>();
    private int flightRecords;
    private long flightBytes;
    private final Map<Direction, Boolean> finished = new EnumMap<>(Direction.class);
    private final Map<Direction, Boolean> changedCipherSpec = new EnumMap<>(Direction.class);
    private boolean completed;

    public TlsConnection(TlsConfig config, TlsCounters counters, TlsListener listener,
            StreamControl clientControl, StreamControl serverControl) {
        this.config = Objects.requireNonNull(config, "config");
        this.counters = Objects.requireNonNull(counters, "counters");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.client = new TlsStreamParser(Direction.CLIENT_TO_SERVER, this,
                Objects.requireNonNull(clientControl, "clientControl"), config, counters);
        this.server = new TlsStreamParser(Direction.SERVER_TO_CLIENT, this,
                Objects.requireNonNull(serverControl, "serverControl"), config, counters);
        this.helloParser = new HelloParser(config, counters);
        this.certificateParser = new CertificateParser(config, counters);
        counters.connections.increment();
    }

    /** Feed the client's bytes from the first TLS byte on. */
    public TlsStreamParser client() {
        return client;
    }

    /** Feed the server's bytes from the first TLS byte on. */
    public TlsStreamParser server() {
        return server;
    }

    public TlsStreamParser parser(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? client : server;
    }

    public boolean completed() {
        return completed;
    }

    /** The history so far (cheap; see {@link TlsHandshake#history()}). */
    public String history() {
        return history.toString();
    }

    /** A snapshot of everything seen so far; may be called at any time. */
    public TlsHandshake result() {
        return new TlsHandshake(clientHello, serverHello, helloRetryRequest, certificates, alerts,
                completed, history.toString(),
                new FirstFlight(flightLengths, flightRecords, flightBytes), anomalies,
                client.offset(), server.offset());
    }

    // ---- called by the parsers ----

    boolean wantsBody(Direction from, int type) {
        return type == HS_CLIENT_HELLO || type == HS_SERVER_HELLO
                || (type == HS_CERTIFICATE && from == Direction.SERVER_TO_CLIENT && !certificatesParsed);
    }

    void onHandshakeMessage(Direction from, int type, byte[] body, int length, long offset, long ts) {
        switch (type) {
            case HS_CLIENT_HELLO -> onClientHello(from, body, length, offset, ts);
            case HS_SERVER_HELLO -> onServerHello(from, body, length, offset, ts);
            case HS_CERTIFICATE -> onCertificate(from, body, length, offset, ts);
            default -> history(from, handshakeLetter(type), ts);
        }
    }

    private void onClientHello(Direction from, byte[] body, int length, long offset, long ts) {
        history(from, 'C', ts);
        if (from != Direction.CLIENT_TO_SERVER) {
            anomaly(from, TlsAnomaly.UNEXPECTED_HANDSHAKE_MESSAGE, offset, "client_hello", ts);
            return;
        }
        if (body == null) {
            return; // over the size bound, already reported
        }
        ClientHelloInfo hello = helloParser.parseClientHello(body, length);
        if (hello.malformed()) {
            counters.malformed.increment();
            anomaly(from, TlsAnomaly.MALFORMED_CLIENT_HELLO, offset, "length " + length, ts);
        }
        if (clientHello == null) {
            clientHello = hello; // a second one follows a HelloRetryRequest; JA3/JA4 use the first
        }
        listener.onClientHello(hello, ts);
    }

    private void onServerHello(Direction from, byte[] body, int length, long offset, long ts) {
        if (from != Direction.SERVER_TO_CLIENT) {
            history(from, 'S', ts);
            anomaly(from, TlsAnomaly.UNEXPECTED_HANDSHAKE_MESSAGE, offset, "server_hello", ts);
            return;
        }
        if (body == null) {
            history(from, 'S', ts);
            return;
        }
        ServerHelloInfo hello = helloParser.parseServerHello(body, length);
        history(from, hello.helloRetryRequest() ? 'J' : 'S', ts);
        if (hello.malformed()) {
            counters.malformed.increment();
            anomaly(from, TlsAnomaly.MALFORMED_SERVER_HELLO, offset, "length " + length, ts);
        }
        negotiatedVersion = hello.negotiatedVersion();
        if (hello.helloRetryRequest()) {
            helloRetryRequest = true;
        } else {
            serverHello = hello;
            if (negotiatedVersion == TLS13) {
                // RFC 8446 §2: everything after the ServerHello is protected, in both directions.
                server.markEncrypted();
                client.markEncrypted();
            }
        }
        listener.onServerHello(hello, ts);
    }

    private void onCertificate(Direction from, byte[] body, int length, long offset, long ts) {
        history(from, 'X', ts);
        if (body == null) {
            return;
        }
        certificatesParsed = true;
        CertificateParser.Chain chain = certificateParser.parseMessage(body, length);
        if (chain.malformed()) {
            counters.malformed.increment();
            anomaly(from, TlsAnomaly.MALFORMED_CERTIFICATE_MESSAGE, offset, "length " + length, ts);
        }
        for (CertificateInfo c : chain.certificates()) {
            if (c.parseError() != null) {
                anomaly(from, TlsAnomaly.MALFORMED_CERTIFICATE, offset,
                        "certificate " + c.index() + ": " + c.parseError(), ts);
            }
        }
        certificates = chain.certificates();
        listener.onCertificates(certificates, ts);
    }

    void onChangeCipherSpec(Direction from, long ts) {
        history(from, 'I', ts);
        changedCipherSpec.put(from, true);
        if (negotiatedVersion != TLS13) {
            // RFC 5246 §7.1: the sender's following records use the new keys. In TLS 1.3 a CCS
            // is only the middlebox-compatibility dummy (RFC 8446 §D.4) and changes nothing.
            parser(from).markEncrypted();
        }
    }

    void onAlert(TlsAlert alert, long ts) {
        history(alert.direction(), 'L', ts);
        if (alerts.size() < config.maxAlerts()) {
            alerts.add(alert);
        } else {
            counters.alertsOverLimit.increment();
        }
        listener.onAlert(alert, ts);
    }

    /** An application_data or heartbeat record, or an encrypted handshake/alert record. */
    void onOpaqueRecord(Direction from, int contentType, int length, long offset, long ts) {
        switch (contentType) {
            case TlsStreamParser.CT_ALERT -> onAlert(new TlsAlert(from, -1, -1, true, offset), ts);
            case TlsStreamParser.CT_HANDSHAKE -> onEncryptedHandshake(from, ts);
            case TlsStreamParser.CT_HEARTBEAT -> history(from, 'B', ts);
            default -> onApplicationData(from, length, ts);
        }
    }

    /** TLS 1.2: the first encrypted handshake record after a side's CCS is its Finished. */
    private void onEncryptedHandshake(Direction from, long ts) {
        history(from, 'F', ts);
        if (Boolean.TRUE.equals(changedCipherSpec.get(from))) {
            finished.put(from, true);
        }
        if (!completed && negotiatedVersion != TLS13 && finished.size() == 2) {
            complete(ts);
        }
    }

    private void onApplicationData(Direction from, int length, long ts) {
        history(from, 'D', ts);
        if (completed || serverHello == null || negotiatedVersion != TLS13) {
            return;
        }
        if (from == Direction.SERVER_TO_CLIENT) {
            flightRecords++;
            flightBytes += length;
            if (flightLengths.size() < config.maxFirstFlightRecords()) {
                flightLengths.add(length);
            } else {
                counters.firstFlightOverLimit.increment();
            }
        } else {
            complete(ts);
        }
    }

    private void complete(long ts) {
        completed = true;
        listener.onHandshakeComplete(ts);
    }

    void onEnd(Direction from, EndReason reason, long ts) {
        // Nothing to finish: results are snapshots. The session layer judges the reason.
    }

    void anomaly(Direction from, TlsAnomaly anomaly, long offset, String detail, long ts) {
        TlsAnomalyEvent event = new TlsAnomalyEvent(from, anomaly, offset, detail);
        if (anomalies.size() < config.maxAnomalies()) {
            anomalies.add(event);
        } else {
            counters.anomaliesOverLimit.increment();
        }
        listener.onAnomaly(event, ts);
    }

    private void history(Direction from, char letter, long ts) {
        char c = from == Direction.CLIENT_TO_SERVER ? letter : Character.toLowerCase(letter);
        if (history.length() < config.maxHistoryChars()) {
            history.append(c);
        } else if (history.length() == config.maxHistoryChars()) {
            history.append('+'); // marks truncation once; bounded at max + 1
            counters.historyOverLimit.increment();
        }
        listener.onHistory(from, c, ts);
    }

    /** Zeek ssl_history letters (base/protocols/ssl/main.zeek). */
    private static char handshakeLetter(int type) {
        return switch (type) {
            case 0 -> 'H';
            case 3 -> 'V';
            case 4 -> 'T';
            case 5 -> 'E';
            case 8 -> 'O';
            case 12 -> 'K';
            case 13 -> 'R';
            case 14 -> 'N';
            case 15 -> 'Y';
            case 16 -> 'G';
            case 20 -> 'F';
            case 21 -> 'W';
            case 22 -> 'U';
            case 23 -> 'A';
            case 24 -> 'P';
            case 254 -> 'M';
            default -> 'Z';
        };
    }
}
