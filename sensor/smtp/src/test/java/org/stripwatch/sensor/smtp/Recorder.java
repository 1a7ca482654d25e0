package org.stripwatch.sensor.smtp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/** Records every listener event as a line of text, for exact comparisons. */
final class Recorder implements SmtpListener {
    final List<String> events = new ArrayList<>();
    final List<SmtpCommand> commands = new ArrayList<>();
    final List<SmtpReply> replies = new ArrayList<>();
    final List<SmtpTransaction> transactions = new ArrayList<>();
    final List<SmtpEhloReply> ehlos = new ArrayList<>();
    final List<SmtpBody> bodies = new ArrayList<>();
    final List<SmtpAnomalyEvent> anomalies = new ArrayList<>();
    final List<StartTlsHandoff> handoffs = new ArrayList<>();
    final List<SmtpGreeting> greetings = new ArrayList<>();
    /** Optional action run inside onStartTls (e.g. installing upgrade consumers). */
    Runnable onStartTlsAction;

    @Override
    public void onGreeting(SmtpGreeting greeting) {
        greetings.add(greeting);
        events.add("greeting " + greeting);
    }

    @Override
    public void onCommand(SmtpCommand command) {
        commands.add(command);
        events.add("command " + command);
    }

    @Override
    public void onReply(SmtpReply reply) {
        replies.add(reply);
        events.add("reply " + reply);
    }

    @Override
    public void onTransaction(SmtpTransaction transaction) {
        transactions.add(transaction);
        events.add("transaction " + transaction);
    }

    @Override
    public void onEhloReply(SmtpEhloReply ehlo) {
        ehlos.add(ehlo);
        events.add("ehlo " + ehlo);
    }

    @Override
    public void onBody(SmtpBody body) {
        bodies.add(body);
        events.add("body " + body);
    }

    @Override
    public void onStartTls(StartTlsHandoff handoff) {
        handoffs.add(handoff);
        events.add("starttls client@" + handoff.clientTlsOffset() + " server@" + handoff.serverTlsOffset()
                + " held=" + handoff.heldClientBytes() + " prefix=" + HexFormat.of().formatHex(handoff.heldPrefix())
                + " reply=" + handoff.reply().code());
        if (onStartTlsAction != null) {
            onStartTlsAction.run();
        }
    }

    @Override
    public void onFirstBytesAfterStartTls(Direction direction, long offset, byte[] firstBytes, long ts) {
        events.add("first " + direction + "@" + offset + " " + HexFormat.of().formatHex(firstBytes) + " ts=" + ts);
    }

    @Override
    public void onAnomaly(SmtpAnomalyEvent anomaly) {
        anomalies.add(anomaly);
        events.add("anomaly " + anomaly);
    }

    @Override
    public void onEnd(Direction direction, EndReason reason, long ts) {
        events.add("end " + direction + " " + reason + " ts=" + ts);
    }

    List<SmtpAnomaly> anomalyTypes() {
        return anomalies.stream().map(SmtpAnomalyEvent::anomaly).toList();
    }

    List<String> verbs() {
        return commands.stream().map(c -> c.verb().name()).toList();
    }

    List<String> pairs() {
        return transactions.stream()
                .map(t -> (t.command() == null ? "-" : t.command().verb().name()) + ">" + t.reply().code()
                        + (t.intermediate() ? "i" : ""))
                .toList();
    }
}
