package org.stripwatch.sensor.smtp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.StreamConsumer;
import org.stripwatch.sensor.reassembly.StreamControl;

/**
 * One SMTP connection: a push parser per direction ({@link #client()}, {@link #server()}), replies
 * matched FIFO to pipelined commands (RFC 2920), and the STARTTLS handoff (RFC 3207 §4).
 *
 * <p>Handoff: after the client's STARTTLS line the client parser holds (bounded) whatever follows.
 * If the reply to STARTTLS is 220, {@link SmtpListener#onStartTls} is called, and from then on each
 * direction is forwarded, starting exactly at its TLS start offset (client: after the STARTTLS LF,
 * held bytes first; server: after the 220's LF, the rest of the same delivery first), to the
 * consumers set with {@link #setUpgradeConsumers}. Any other reply resumes SMTP on both sides with
 * the held bytes. Whether the bytes after the handoff are TLS is for the consumer to judge.
 *
 * <p>Held client bytes are delivered to the client upgrade consumer from inside the server's
 * delivery (the one holding the 220). They end exactly at the reassembler's client position, so a
 * {@code skip()} on the client's StreamControl from that call counts from the right place, unless
 * more than SmtpConfig.maxHeldBytes arrived or a gap came: the kept prefix is then followed by an
 * onGap for the rest.
 *
 * <p>Single-threaded, like the reassembler that drives it. Reports facts, never verdicts.
 */
public final class SmtpConversation {
    private final SmtpConfig config;
    private final SmtpListener listener;
    private final SmtpCounters counters = new SmtpCounters();
    private final PendingCommands pending;
    private final ClientParser client;
    private final ServerParser server;
    private StreamConsumer clientUpgrade;
    private StreamConsumer serverUpgrade;
    private boolean greetingDecided;
    private boolean lastReplyWasGreeting;
    private StartTlsHandoff handoff;
    private final FirstBytes[] firstBytes = new FirstBytes[2];
    private final StringBuilder history = new StringBuilder();

    /**
     * @param clientControl the reassembler's control of the client direction, used to skip BDAT
     *     chunks; null to consume them from the delivered bytes instead
     * @param serverControl the server direction's control (not used by SMTP; kept for symmetry)
     */
    public SmtpConversation(
            SmtpConfig config, SmtpListener listener, StreamControl clientControl, StreamControl serverControl) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.pending = new PendingCommands(config.maxPendingCommands());
        this.client = new ClientParser(this, config, clientControl);
        this.server = new ServerParser(this, config);
    }

    public SmtpConversation(SmtpConfig config, SmtpListener listener) {
        this(config, listener, null, null);
    }

    /** The consumer for the client-to-server direction. */
    public StreamConsumer client() {
        return client;
    }

    /** The consumer for the server-to-client direction. */
    public StreamConsumer server() {
        return server;
    }

    public StreamConsumer consumer(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? client : server;
    }

    /**
     * Where each direction goes after a 220 to STARTTLS (typically TLS record parsers). May be set
     * before the handoff or inside {@link SmtpListener#onStartTls}; null drops (and counts) the bytes.
     */
    public void setUpgradeConsumers(StreamConsumer clientConsumer, StreamConsumer serverConsumer) {
        this.clientUpgrade = clientConsumer;
        this.serverUpgrade = serverConsumer;
    }

    /** The handoff, once the server answered STARTTLS with 220; null before. */
    public StartTlsHandoff handoff() {
        return handoff;
    }

    /** Where the client parser is: e.g. RESYNC after a gap, STARTTLS_WAIT, UPGRADED. */
    public SmtpParserState clientState() {
        return client.state();
    }

    public SmtpParserState serverState() {
        return server.state();
    }

    /**
     * A compact history, after Zeek's conn.log history: one character per event, bounded.
     * Commands in upper case (E EHLO, H HELO, M MAIL, R RCPT, D DATA, B BDAT, S STARTTLS, A AUTH,
     * Q QUIT, X RSET, N NOOP, V VRFY, P EXPN, L HELP, U unknown), the greeting as g, replies as
     * their class digit (1-5, 0 out of range), b the end of a DATA body, c of a BDAT chunk, T the
     * STARTTLS handoff, # a gap in either direction. E.g. "gE2S2T", or "gE2S4M2" for a 454.
     */
    public String history() {
        return history.toString();
    }

    public SmtpCounters counters() {
        return counters;
    }

    /** Commands still waiting for a reply (e.g. a STARTTLS answered by a RST). */
    public List<SmtpCommand> unansweredCommands() {
        return pending.snapshot();
    }

    /** Bytes of buffer memory held by the parsers: bounded by the line cap and maxHeldBytes. */
    int retainedBytes() {
        return client.retained() + server.retained();
    }

    // ---- called by the parsers ----

    void command(SmtpCommand command) {
        counters.increment(SmtpCounter.COMMANDS);
        history(command.verb().historyChar());
        listener.onCommand(command);
        if (pending.add(command)) {
            counters.increment(SmtpCounter.PENDING_COMMANDS_DROPPED);
            anomaly(SmtpAnomaly.PENDING_COMMANDS_OVERFLOW, Direction.CLIENT_TO_SERVER, command.offset(),
                    command.timestampNanos(), "");
        }
    }

    void reply(SmtpReply reply) {
        counters.increment(SmtpCounter.REPLIES);
        listener.onReply(reply);
        if (!greetingDecided) {
            greetingDecided = true;
            if (greeting(reply)) {
                history('g');
                return;
            }
        }
        int replyClass = reply.code() / 100;
        history(replyClass >= 1 && replyClass <= 5 ? (char) ('0' + replyClass) : '0');
        boolean greetingBefore = lastReplyWasGreeting;
        lastReplyWasGreeting = false;
        boolean unmatched = pending.isEmpty();
        SmtpTransaction transaction = match(reply);
        listener.onTransaction(transaction);
        SmtpCommand command = transaction.command();
        authContinuation(command, reply);
        if (command != null) {
            afterTransaction(command, reply);
        } else if (unmatched && greetingBefore && reply.code() == 250 && reply.lineCount() > 1) {
            ehlo(reply, true); // one-sided capture: a multi-line 250 right after the greeting
        }
    }

    /** FIFO (RFC 2920 §3.1); 334 to AUTH and 354 to DATA leave the command waiting for more. */
    private SmtpTransaction match(SmtpReply reply) {
        if (pending.isEmpty()) {
            pending.clearReplyGap();
            anomaly(SmtpAnomaly.REPLY_WITHOUT_COMMAND, Direction.SERVER_TO_CLIENT, reply.offset(),
                    reply.timestampNanos(), Integer.toString(reply.code()));
            return new SmtpTransaction(null, reply, false);
        }
        SmtpCommand command = pending.peek(reply.code());
        if (command != null && command.verb() == SmtpVerb.STARTTLS) {
            client.reportHeld(); // final now: nothing more is held once the reply is here
        }
        boolean intermediate = command != null
                && (command.verb() == SmtpVerb.AUTH && reply.code() == 334
                        || command.verb() == SmtpVerb.DATA && reply.code() == 354);
        if (!intermediate) {
            pending.pop();
        }
        return new SmtpTransaction(command, reply, intermediate);
    }

    /**
     * RFC 4954 §4: a 334 asks the client for an AUTH response even when the AUTH command was not
     * seen (mid-stream start, lost segment): the client's next lines must not be kept as commands.
     */
    private void authContinuation(SmtpCommand command, SmtpReply reply) {
        boolean auth = command != null && command.verb() == SmtpVerb.AUTH;
        if (!auth && command != null) {
            return; // a reply to another (pipelined) command says nothing about AUTH
        }
        if (reply.code() == 334) {
            client.authContinues();
        } else {
            client.authDone();
        }
    }

    /** RFC 5321 §4.3.1: the first reply at the start of the server stream, 220 or 554. */
    private boolean greeting(SmtpReply reply) {
        if (server.midStream() || reply.offset() != 0) {
            return false;
        }
        if (reply.code() == 220 || reply.code() == 554) {
            lastReplyWasGreeting = true;
            listener.onGreeting(new SmtpGreeting(reply.firstWord(), reply));
            return true;
        }
        anomaly(SmtpAnomaly.GREETING_MISSING, Direction.SERVER_TO_CLIENT, 0, reply.timestampNanos(),
                Integer.toString(reply.code()));
        return false;
    }

    private void afterTransaction(SmtpCommand command, SmtpReply reply) {
        switch (command.verb()) {
            case EHLO -> {
                if (reply.code() == 250) {
                    ehlo(reply, false);
                }
            }
            case DATA -> {
                if (reply.code() == 354) {
                    client.beginBody();
                }
            }
            case STARTTLS -> {
                if (reply.code() == 220) {
                    startTls(command, reply);
                } else {
                    client.resumeAfterStartTls();
                }
            }
            default -> { }
        }
    }

    /** RFC 5321 §4.1.1.1: the first line is the domain and greeting; each further line a capability. */
    private void ehlo(SmtpReply reply, boolean inferred) {
        List<String> lines = reply.lines();
        int count = reply.lineCount() - 1;
        List<SmtpCapability> capabilities = new ArrayList<>(Math.min(lines.size(), config.maxCapabilities()));
        for (int i = 1; i < lines.size() && capabilities.size() < config.maxCapabilities(); i++) {
            capabilities.add(capability(lines.get(i)));
        }
        if (count > capabilities.size()) {
            counters.add(SmtpCounter.CAPABILITIES_DROPPED, count - capabilities.size());
            anomaly(SmtpAnomaly.EHLO_CAPABILITIES_TRUNCATED, Direction.SERVER_TO_CLIENT, reply.offset(),
                    reply.timestampNanos(), Integer.toString(count));
        }
        listener.onEhloReply(new SmtpEhloReply(reply.firstWord(), capabilities, count, inferred, reply));
    }

    private SmtpCapability capability(String line) {
        String text = line.strip();
        int sp = text.indexOf(' ');
        String keyword = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String params = sp < 0 ? "" : text.substring(sp + 1).strip();
        if (params.length() > config.maxCapabilityParamsLength()) {
            params = params.substring(0, config.maxCapabilityParamsLength());
        }
        return new SmtpCapability(keyword, params);
    }

    private void startTls(SmtpCommand command, SmtpReply reply) {
        handoff = new StartTlsHandoff(command, reply, client.tlsOffset(), reply.endOffset(), client.heldTotal(),
                client.heldPrefix(config.firstBytesKept()), reply.timestampNanos());
        history('T');
        listener.onStartTls(handoff);
        client.beginForwarding();
        server.beginForwarding();
    }

    void body(SmtpBody body) {
        history(body.bdat() ? 'c' : 'b');
        listener.onBody(body);
    }

    boolean serverSeen() {
        return server.offset() > 0;
    }

    void gap() {
        history('#');
    }

    void replyGap() {
        pending.replyGap();
        greetingDecided = true;
    }

    void forward(Direction direction, ByteBuf data, long offset, long timestampNanos) {
        int n = data.readableBytes();
        if (n == 0) {
            return;
        }
        counters.add(SmtpCounter.FORWARDED_BYTES, n);
        firstBytes(direction).add(data, offset, timestampNanos);
        StreamConsumer target = upgrade(direction);
        if (target == null) {
            counters.add(SmtpCounter.UPGRADE_BYTES_DROPPED, n);
            return;
        }
        int saved = data.readerIndex();
        target.onData(data, timestampNanos);
        data.readerIndex(saved);
    }

    void forwardGap(Direction direction, long length, long timestampNanos) {
        firstBytes(direction).flush();
        StreamConsumer target = upgrade(direction);
        if (target != null) {
            target.onGap(length, timestampNanos);
        }
    }

    void forwardEnd(Direction direction, EndReason reason, long timestampNanos) {
        firstBytes(direction).flush();
        StreamConsumer target = upgrade(direction);
        if (target != null) {
            target.onEnd(reason, timestampNanos);
        }
    }

    private FirstBytes firstBytes(Direction direction) {
        FirstBytes first = firstBytes[direction.ordinal()];
        if (first == null) {
            first = new FirstBytes(direction, config.firstBytesKept());
            firstBytes[direction.ordinal()] = first;
        }
        return first;
    }

    /**
     * Collects the first bytes of a direction after the handoff across deliveries, so the fact
     * does not depend on segmentation; reported when full, or at the first gap or end.
     */
    private final class FirstBytes {
        private final Direction direction;
        private final byte[] bytes;
        private int count;
        private long offset = -1;
        private long timestampNanos;
        private boolean reported;

        FirstBytes(Direction direction, int size) {
            this.direction = direction;
            this.bytes = new byte[size];
        }

        void add(ByteBuf data, long dataOffset, long ts) {
            if (reported) {
                return;
            }
            if (offset < 0) {
                offset = dataOffset;
            }
            int n = Math.min(bytes.length - count, data.readableBytes());
            data.getBytes(data.readerIndex(), bytes, count, n);
            count += n;
            timestampNanos = ts;
            if (count == bytes.length) {
                flush();
            }
        }

        void flush() {
            if (reported || count == 0) {
                return;
            }
            reported = true;
            listener.onFirstBytesAfterStartTls(direction, offset, java.util.Arrays.copyOf(bytes, count), timestampNanos);
        }
    }

    void ended(Direction direction, EndReason reason, long timestampNanos) {
        if (direction == Direction.SERVER_TO_CLIENT) {
            client.reportHeld(); // no reply will come
        }
        listener.onEnd(direction, reason, timestampNanos);
    }

    void count(SmtpCounter counter, long n) {
        counters.add(counter, n);
    }

    /** Counts every anomaly; reports at most SmtpConfig.maxAnomalyReportsPerType of each type. */
    void anomaly(SmtpAnomaly anomaly, Direction direction, long offset, long timestampNanos, String detail) {
        if (counters.countAnomaly(anomaly) > config.maxAnomalyReportsPerType()) {
            counters.increment(SmtpCounter.ANOMALY_REPORTS_SUPPRESSED);
            return;
        }
        listener.onAnomaly(new SmtpAnomalyEvent(anomaly, direction, offset, timestampNanos, detail));
    }

    private void history(char c) {
        if (history.length() < config.maxHistoryLength()) {
            history.append(c);
        } else {
            counters.increment(SmtpCounter.HISTORY_TRUNCATED);
        }
    }

    private StreamConsumer upgrade(Direction direction) {
        return direction == Direction.CLIENT_TO_SERVER ? clientUpgrade : serverUpgrade;
    }
}
