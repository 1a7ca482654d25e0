package org.stripwatch.sensor.session;

import java.util.List;
import java.util.function.Consumer;
import org.stripwatch.sensor.reassembly.Connection;
import org.stripwatch.sensor.reassembly.ConnectionHandler;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;
import org.stripwatch.sensor.reassembly.TcpEvent;
import org.stripwatch.sensor.smtp.SmtpAnomalyEvent;
import org.stripwatch.sensor.smtp.SmtpBody;
import org.stripwatch.sensor.smtp.SmtpCommand;
import org.stripwatch.sensor.smtp.SmtpConversation;
import org.stripwatch.sensor.smtp.SmtpCounters;
import org.stripwatch.sensor.smtp.SmtpEhloReply;
import org.stripwatch.sensor.smtp.SmtpGreeting;
import org.stripwatch.sensor.smtp.SmtpListener;
import org.stripwatch.sensor.smtp.SmtpTransaction;
import org.stripwatch.sensor.smtp.SmtpVerb;
import org.stripwatch.sensor.smtp.StartTlsHandoff;
import org.stripwatch.sensor.smtp.StartTlsResemblance;
import org.stripwatch.sensor.tls.TlsAlert;
import org.stripwatch.sensor.tls.TlsAnomaly;
import org.stripwatch.sensor.tls.TlsAnomalyEvent;
import org.stripwatch.sensor.tls.TlsConnection;
import org.stripwatch.sensor.tls.TlsCounters;
import org.stripwatch.sensor.tls.TlsListener;

/**
 * One SMTP connection: the SMTP conversation, the TLS handshake it hands over to on a 220 reply to
 * STARTTLS (RFC 3207 §5, as Zeek's {@code SMTP::StartTLS} and Suricata's upgrade on 220 do), and
 * the TCP events between them. Gathers facts while the connection runs and emits one
 * {@link SessionRecord} when it ends.
 */
final class SmtpSession implements ConnectionHandler, SmtpListener, TlsListener {
    private final Connection conn;
    private final SessionConfig config;
    private final TlsCounters tlsCounters;
    private final Consumer<SessionRecord> sink;
    private final Consumer<SmtpCounters> smtpTotals;
    private final SessionFacts facts = new SessionFacts();
    private final SmtpConversation smtp;
    private TlsConnection tls;
    private boolean ehloSeen;

    SmtpSession(Connection conn, SessionConfig config, TlsCounters tlsCounters, Consumer<SmtpCounters> smtpTotals,
                Consumer<SessionRecord> sink) {
        this.conn = conn;
        this.smtpTotals = smtpTotals;
        this.config = config;
        this.tlsCounters = tlsCounters;
        this.sink = sink;
        if (config.implicitTlsPorts().contains(conn.server().port())) {
            facts.mode = SessionRecord.Mode.IMPLICIT_TLS;
            smtp = null;
            startTls();
        } else {
            smtp = new SmtpConversation(config.smtp(), this, control(Direction.CLIENT_TO_SERVER),
                    control(Direction.SERVER_TO_CLIENT));
        }
    }

    private StreamControl control(Direction d) {
        return conn.control(d);
    }

    @Override
    public StreamConsumer consumer(Direction direction) {
        return smtp != null ? smtp.consumer(direction) : tls.parser(direction);
    }

    private void startTls() {
        tls = new TlsConnection(config.tls(), tlsCounters, this, control(Direction.CLIENT_TO_SERVER),
                control(Direction.SERVER_TO_CLIENT));
        facts.tlsStarted = true;
    }

    // ---- SMTP -----------------------------------------------------------------------------------

    @Override
    public void onGreeting(SmtpGreeting greeting) {
        if (facts.greeting == null) facts.greeting = greeting;
    }

    @Override
    public void onCommand(SmtpCommand command) {
        SmtpVerb v = command.verb();
        if (v == SmtpVerb.MAIL) {
            facts.transactions++;
            if (!facts.tlsStarted) facts.cleartextTransactions++;
            addBounded(facts.mailFromDomains, command.domain());
        } else if (v == SmtpVerb.RCPT) {
            facts.recipients++;
            addBounded(facts.rcptDomains, command.domain());
        } else if (v == SmtpVerb.EHLO || v == SmtpVerb.HELO) {
            facts.heloVerb = v.name();
            facts.heloName = command.argument();
        } else if (v == SmtpVerb.STARTTLS) {
            if (facts.starttlsCommand == null) facts.starttlsCommand = command;
        }
        if (ehloSeen && !facts.tlsStarted && changesSomething(v)) facts.cleartextCommandsAfterEhlo++;
    }

    /** Commands after which a client has carried on in cleartext (RSET, NOOP, QUIT, HELP change nothing). */
    private static boolean changesSomething(SmtpVerb v) {
        return switch (v) {
            case STARTTLS, EHLO, HELO, RSET, NOOP, QUIT, HELP -> false;
            default -> true;
        };
    }

    private void addBounded(java.util.Set<String> set, String domain) {
        if (domain != null && set.size() < config.maxDomains()) set.add(domain);
    }

    @Override
    public void onEhloReply(SmtpEhloReply ehlo) {
        if (facts.tlsStarted) return;
        facts.ehloReply = ehlo;
        facts.ehloCarrier = carrier(Direction.SERVER_TO_CLIENT, -1);
        ehloSeen = true;
    }

    @Override
    public void onTransaction(SmtpTransaction tx) {
        SmtpCommand c = tx.command();
        if (tx.intermediate() || c == null) return; // a reply nobody asked for: the parser records it
        int code = tx.reply() == null ? -1 : tx.reply().code();
        switch (c.verb()) {
            case EHLO, HELO -> facts.hellos.add(new SessionFacts.Hello(c.verb().name(), code));
            case STARTTLS -> {
                if (facts.starttlsReply == null && tx.reply() != null) {
                    facts.starttlsReply = tx.reply();
                    facts.starttlsCarrier = carrier(Direction.SERVER_TO_CLIENT,
                            tx.reply().timestampNanos() - c.timestampNanos());
                    facts.overlapAtStarttlsReply = facts.overlaps.stream().anyMatch(o ->
                            o.direction() == Direction.SERVER_TO_CLIENT && o.streamOffset() >= tx.reply().offset()
                                    && o.streamOffset() < tx.reply().endOffset());
                }
            }
            case UNKNOWN -> {
                StartTlsResemblance r = StartTlsResemblance.of(c.verbText());
                if (r.garbled() && facts.garbledCommand == null) {
                    facts.garbledCommand = new SessionFacts.GarbledCommand(c, r, tx.reply());
                }
            }
            default -> { }
        }
    }

    /** The packet delivering the current server bytes, against that direction's earlier packets. */
    private SessionFacts.Carrier carrier(Direction d, long latencyNanos) {
        StreamControl c = control(d);
        return new SessionFacts.Carrier(c.carrierTtl(), c.medianTtl(), c.carrierIpId(), latencyNanos,
                conn.serverRttNanos());
    }

    @Override
    public void onBody(SmtpBody body) {
        facts.bodyBytes += body.bytes();
        if (body.complete() && (!body.bdat() || body.last())) facts.messages++;
    }

    @Override
    public void onStartTls(StartTlsHandoff handoff) {
        facts.handoff = true;
        facts.handoffNanos = handoff.timestampNanos();
        startTls();
        smtp.setUpgradeConsumers(tls.client(), tls.server());
    }

    @Override
    public void onAnomaly(SmtpAnomalyEvent anomaly) {
        addAnomaly(anomaly.anomaly().wireName());
    }

    private void addAnomaly(String name) {
        if (facts.anomalies.size() < config.maxAnomalies()) facts.anomalies.add(name);
    }

    // ---- TLS --------------------------------------------------------------------------------------

    @Override
    public void onHistory(Direction direction, char letter, long timestampNanos) {
        facts.lastTlsMessage = TlsMessages.describe(direction, letter);
    }

    @Override
    public void onAlert(TlsAlert alert, long timestampNanos) {
        facts.alerts.add(alert);
    }

    @Override
    public void onAnomaly(TlsAnomalyEvent anomaly, long timestampNanos) {
        addAnomaly(anomaly.anomaly().wireName());
        // The client's bytes after 220 decide (RFC 3207 §5: it speaks first); the server's count
        // only when the client's are not known to be wrong.
        if (anomaly.anomaly() == TlsAnomaly.NOT_TLS && (facts.notTlsDirection == null
                || anomaly.direction() == Direction.CLIENT_TO_SERVER)) {
            facts.notTlsDirection = anomaly.direction();
            facts.notTlsBytes = firstBytes(anomaly.detail());
        }
    }

    /** The TLS parser reports a non-TLS start as "first bytes HEX". */
    private static byte[] firstBytes(String detail) {
        String hex = detail.startsWith("first bytes ") ? detail.substring("first bytes ".length()) : "";
        try {
            return java.util.HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    // ---- TCP --------------------------------------------------------------------------------------

    @Override
    public void onTcpEvent(TcpEvent event) {
        if (event instanceof TcpEvent.Reset r) {
            facts.resets.add(new SessionFacts.ResetAt(r, where()));
        } else if (event instanceof TcpEvent.OverlapConflict o) {
            if (facts.overlaps.size() < 16) facts.overlaps.add(o);
        } else if (event instanceof TcpEvent.Anomaly a) {
            addAnomaly(a.kind().wireName());
        }
    }

    /** Where the session stands, for a RST: which STARTTLS or TLS step came last. */
    private String where() {
        if (tls != null && tls.completed()) return "handshake_complete";
        if (facts.lastTlsMessage != null) return facts.lastTlsMessage;
        if (facts.handoff) return "starttls_220";
        if (facts.starttlsCommand != null) return "starttls_command";
        return null;
    }

    @Override
    public void onClose(ConnectionSummary summary) {
        facts.endReason = summary.endReason();
        if (smtp != null) smtpTotals.accept(smtp.counters());
        if (tls != null) facts.tls = tls.result();
        List<Finding> findings = FindingRules.evaluate(facts);
        SessionRecord.StartTls st = new SessionRecord.StartTls(
                facts.ehloReply != null && facts.ehloReply.has("STARTTLS"), facts.starttlsCommand != null,
                facts.starttlsReply == null ? -1 : facts.starttlsReply.code(),
                facts.starttlsReply == null ? null : facts.starttlsReply.firstLine());
        SessionRecord.Mail mail = new SessionRecord.Mail(facts.transactions, List.copyOf(facts.mailFromDomains),
                List.copyOf(facts.rcptDomains), facts.recipients, facts.messages, facts.bodyBytes,
                facts.cleartextTransactions > 0);
        sink.accept(new SessionRecord(summary, facts.mode, facts.greeting == null ? -1 : facts.greeting.reply().code(),
                facts.greeting == null ? null : facts.greeting.host(), facts.heloVerb, facts.heloName,
                facts.ehloReply == null ? List.of() : facts.ehloReply.capabilities(),
                facts.ehloReply != null && facts.ehloReply.complete(), st, facts.tls, mail,
                smtp == null ? "" : smtp.history(), List.copyOf(facts.anomalies), findings));
    }
}
