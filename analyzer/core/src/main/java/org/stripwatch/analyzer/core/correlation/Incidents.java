package org.stripwatch.analyzer.core.correlation;

import java.util.List;
import java.util.Map;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.core.attribution.Attribution;
import org.stripwatch.analyzer.core.baseline.ServerState;
import org.stripwatch.analyzer.core.baseline.ServerState.PendingAttempt;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;

/**
 * Correlation across connections (issue 6): a tampered STARTTLS attempt followed by the same client's cleartext
 * delivery to the same server within the retry window is one incident, "the mail was exposed".
 *
 * <p>Emission, deterministic and at-least-once safe: the attempt's alert is emitted when the attempt is seen
 * (an analyst should not wait for a retry that may never come) and its id becomes the incident id; the retry does
 * not get an alert of its own but the incident alert, carrying the same incident id and the attempt in
 * {@code related_sessions}. Attempts stay in the server's state (bounded, expire after the window) after a match,
 * so a redelivered retry matches the same attempt again and yields the same alert id (deduplicated downstream).
 */
public final class Incidents {
    /** Findings that mean a STARTTLS upgrade was attempted and did not give a working TLS session. */
    static final List<String> TAMPER_FINDINGS = List.of("tls_handshake_reset", "starttls_rejected", "starttls_command_garbled",
            "tls_not_started_after_220", "tls_handshake_incomplete");

    private Incidents() {
    }

    /** The session tried STARTTLS and the upgrade failed, without mail in cleartext in the same session. */
    public static boolean tamperedAttempt(SessionRecord s) {
        if (Sessions.mailInCleartext(s)) return false;
        for (String t : TAMPER_FINDINGS) if (Sessions.has(s, t)) return true;
        return false;
    }

    /** Short words for what went wrong in an attempt, e.g. "a RST ended the TLS handshake after client_hello". */
    public static String what(SessionRecord s) {
        Finding f;
        if ((f = Sessions.first(s, "tls_handshake_reset")) != null)
            return "a RST ended the TLS handshake" + (Sessions.ev(f, "after") == null ? "" : " after " + Sessions.ev(f, "after"))
                    + ("true".equals(Sessions.ev(f, "ttl_differs")) ? ", TTL " + Sessions.ev(f, "ttl") + " instead of " + Sessions.ev(f, "median_ttl") : "");
        if ((f = Sessions.first(s, "starttls_rejected")) != null) return "STARTTLS was refused with " + Sessions.ev(f, "reply_code");
        if ((f = Sessions.first(s, "starttls_command_garbled")) != null) return "the STARTTLS command arrived as \"" + Sessions.ev(f, "command") + "\"";
        if (Sessions.has(s, "tls_not_started_after_220")) return "TLS never started after the 220 reply";
        return "the TLS handshake did not complete";
    }

    /** The latest attempt by the same client within {@code windowMicros} before this session, or null. */
    public static PendingAttempt match(ServerState st, SessionRecord s, long windowMicros) {
        if (st == null || !Sessions.mailInCleartext(s)) return null;
        String client = Sessions.ip(s.getClientIp());
        long t = Sessions.micros(s.getStart());
        PendingAttempt best = null;
        for (PendingAttempt a : st.attempts) {
            if (a.clientIp.equals(client) && a.start < t && t - a.start <= windowMicros && (best == null || a.start > best.start)) best = a;
        }
        return best;
    }

    /** The incident verdict for a cleartext retry; {@code own} is what the retry alone would have been (may be null). */
    public static Verdict incident(SessionRecord s, Attribution a, PendingAttempt att, Verdict own) {
        Expectation g = a.governing();
        long seconds = (Sessions.micros(s.getStart()) - att.start) / 1_000_000L;
        Severity sev = g != null && g.enforced() ? Severity.CRITICAL : Severity.HIGH;
        if (own != null && Verdict.rank(own.severity()) > Verdict.rank(sev)) sev = own.severity();
        String reason = Phrases.mailFor(a.domain()) + " went to " + Phrases.server(Sessions.ip(s.getServerIp()), a.mxHost()) + " in cleartext "
                + seconds + " s after the same client's STARTTLS attempt was disrupted (" + att.what
                + "): the sender fell back to cleartext, so the mail was exposed"
                + (g == null ? "" : "; " + Phrases.policy(g) + Phrases.reportOnly(g));
        java.util.List<String> types = new java.util.ArrayList<>(own == null ? List.of() : own.findingTypes());
        if (!types.contains("cleartext_mail_transaction")) types.add("cleartext_mail_transaction");
        return new Verdict("mail_exposed_after_tls_tampering", sev, reason, g, types,
                Map.of("attempt_connection_id", att.connectionId, "attempt_alert_type", att.alertType == null ? "" : att.alertType,
                        "seconds_after_attempt", Long.toString(seconds)),
                own == null ? Map.of() : own.baseline());
    }
}
