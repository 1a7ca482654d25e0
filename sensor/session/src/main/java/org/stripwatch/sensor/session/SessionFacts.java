package org.stripwatch.sensor.session;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;
import org.stripwatch.sensor.reassembly.TcpEvent;
import org.stripwatch.sensor.smtp.SmtpCommand;
import org.stripwatch.sensor.smtp.SmtpEhloReply;
import org.stripwatch.sensor.smtp.SmtpGreeting;
import org.stripwatch.sensor.smtp.SmtpReply;
import org.stripwatch.sensor.smtp.StartTlsResemblance;
import org.stripwatch.sensor.tls.TlsAlert;
import org.stripwatch.sensor.tls.TlsHandshake;

/**
 * What one session's handler gathers while the connection runs; {@link FindingRules} turns it into
 * findings when the connection ends. Mutable, confined to the flow table's thread.
 */
final class SessionFacts {
    /** Where a packet carrying a suspicious reply came from, next to its direction's baseline. */
    record Carrier(int ttl, int medianTtl, int ipId, long latencyNanos, long serverRttNanos) {}

    /** A client command that looks like a mangled STARTTLS, and what the server said to it. */
    record GarbledCommand(SmtpCommand command, StartTlsResemblance resemblance, SmtpReply reply) {}

    /** A RST and where the session stood when it came. */
    record ResetAt(TcpEvent.Reset reset, String after) {}

    /** An EHLO or HELO and its reply code. */
    record Hello(String verb, int replyCode) {}

    SessionRecord.Mode mode = SessionRecord.Mode.STARTTLS;
    SmtpGreeting greeting;
    final List<Hello> hellos = new ArrayList<>();
    String heloVerb, heloName;
    SmtpEhloReply ehloReply;
    Carrier ehloCarrier;

    SmtpCommand starttlsCommand;
    SmtpReply starttlsReply;
    Carrier starttlsCarrier;
    boolean overlapAtStarttlsReply;
    GarbledCommand garbledCommand;
    /** Client commands in cleartext after the EHLO reply, other than those that change nothing. */
    int cleartextCommandsAfterEhlo;

    boolean handoff;
    long handoffNanos;
    boolean tlsStarted;
    TlsHandshake tls;
    String lastTlsMessage;
    final List<TlsAlert> alerts = new ArrayList<>();
    Direction notTlsDirection;
    byte[] notTlsBytes;

    int transactions, recipients, messages, cleartextTransactions;
    long bodyBytes;
    final Set<String> mailFromDomains = new LinkedHashSet<>();
    final Set<String> rcptDomains = new LinkedHashSet<>();

    final List<ResetAt> resets = new ArrayList<>();
    final List<TcpEvent.OverlapConflict> overlaps = new ArrayList<>();
    final Set<String> anomalies = new LinkedHashSet<>();
    EndReason endReason;
}
