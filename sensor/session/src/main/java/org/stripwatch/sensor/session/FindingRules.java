package org.stripwatch.sensor.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.TcpEvent;
import org.stripwatch.sensor.smtp.SmtpCapability;
import org.stripwatch.sensor.smtp.StartTlsResemblance;
import org.stripwatch.sensor.tls.TlsAlert;

/**
 * Turns a session's facts into wire-level findings. A pure function of {@link SessionFacts}: what
 * was on the wire, with the evidence that supports each finding; severity and meaning for a domain
 * are the analyzer's (STYLE.md: no verdicts in the sensor).
 */
final class FindingRules {
    private FindingRules() {}

    static List<Finding> evaluate(SessionFacts f) {
        List<Finding> out = new ArrayList<>();
        boolean garbled = capabilityGarbled(f, out);
        starttlsNotOffered(f, garbled, out);
        ehloDowngradedToHelo(f, out);
        starttlsCommandGarbled(f, out);
        starttlsRejected(f, out);
        starttlsOfferedNotUsed(f, out);
        boolean notTls = tlsNotStarted(f, out);
        boolean reset = tlsHandshakeReset(f, out);
        if (!notTls && !reset) tlsHandshakeIncomplete(f, out);
        cleartextMail(f, out);
        overlaps(f, out);
        return out;
    }

    /**
     * Registered SMTP service extensions eight characters long (IANA "SMTP Service Extensions"),
     * and common vendor ones: the same length as STARTTLS, but not garbage.
     */
    private static final java.util.Set<String> KNOWN_EIGHT = java.util.Set.of(
            "8BITMIME", "CHUNKING", "SMTPUTF8", "XFORWARD");

    /**
     * A capability token that is a mangled STARTTLS: Cisco's XXXXXXXA and kin, or — with STARTTLS
     * absent — an unknown keyword of exactly its length, which is what in-place overwriting with
     * random letters leaves (the reply keeps its length, so the TCP stream stays consistent).
     */
    private static boolean capabilityGarbled(SessionFacts f, List<Finding> out) {
        if (f.ehloReply == null) return false;
        boolean any = false;
        boolean offered = f.ehloReply.has("STARTTLS");
        for (SmtpCapability c : f.ehloReply.capabilities()) {
            StartTlsResemblance r = StartTlsResemblance.of(c.keyword());
            boolean sameLengthUnknown = !offered && c.keyword().length() == "STARTTLS".length()
                    && !KNOWN_EIGHT.contains(c.keyword()) && lettersOrDigits(c.keyword());
            if (!r.garbled() && !sameLengthUnknown) continue;
            any = true;
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("token", c.keyword());
            ev.put("resemblance", r.garbled() ? r.kind().name().toLowerCase(java.util.Locale.ROOT)
                    : "same_length_unknown_keyword");
            ev.put("edit_distance", Integer.toString(r.editDistance()));
            carrier(ev, f.ehloCarrier);
            out.add(new Finding(FindingType.STARTTLS_CAPABILITY_GARBLED,
                    "EHLO capability \"" + c.keyword() + "\" in place of STARTTLS", ev));
        }
        return any;
    }

    private static boolean lettersOrDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isLetterOrDigit(s.charAt(i))) return false;
        }
        return true;
    }

    /** Only a complete cleartext 250 EHLO reply can say that STARTTLS was not offered. */
    private static void starttlsNotOffered(SessionFacts f, boolean garbled, List<Finding> out) {
        if (f.mode != SessionRecord.Mode.STARTTLS || f.ehloReply == null || garbled) return;
        if (!f.ehloReply.complete() || f.ehloReply.reply().code() != 250 || f.ehloReply.has("STARTTLS")) return;
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("capabilities", Integer.toString(f.ehloReply.capabilityCount()));
        carrier(ev, f.ehloCarrier);
        out.add(new Finding(FindingType.STARTTLS_NOT_OFFERED,
                "EHLO reply with " + f.ehloReply.capabilityCount() + " capabilities and no STARTTLS", ev));
    }

    /**
     * RFC 5321 §3.2: a client whose EHLO is refused may fall back to HELO, losing every extension.
     * Seen from behind the attacker, the server answered EHLO and the client still said HELO: the
     * same downgrade, so any HELO after an EHLO on one connection counts.
     */
    private static void ehloDowngradedToHelo(SessionFacts f, List<Finding> out) {
        for (int i = 0; i + 1 < f.hellos.size(); i++) {
            SessionFacts.Hello a = f.hellos.get(i);
            if (!a.verb().equals("EHLO")) continue;
            for (int j = i + 1; j < f.hellos.size(); j++) {
                if (!f.hellos.get(j).verb().equals("HELO")) continue;
                String how = a.replyCode() >= 400 ? "EHLO answered " + a.replyCode()
                        : "EHLO answered " + (a.replyCode() < 0 ? "nothing seen" : Integer.toString(a.replyCode()));
                out.add(new Finding(FindingType.EHLO_DOWNGRADED_TO_HELO, how + ", then the client sent HELO",
                        Map.of("ehlo_reply_code", Integer.toString(a.replyCode()))));
                return;
            }
        }
    }

    private static void starttlsCommandGarbled(SessionFacts f, List<Finding> out) {
        SessionFacts.GarbledCommand g = f.garbledCommand;
        if (g == null || g.reply() == null || g.reply().code() < 500) return;
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("command", g.command().verbText());
        ev.put("resemblance", g.resemblance().kind().name().toLowerCase(java.util.Locale.ROOT));
        ev.put("reply_code", Integer.toString(g.reply().code()));
        out.add(new Finding(FindingType.STARTTLS_COMMAND_GARBLED,
                "client sent \"" + g.command().verbText() + "\", server answered " + g.reply().code(), ev));
    }

    /** RFC 3207 §4: 220 starts TLS; anything else leaves the session in cleartext. */
    private static void starttlsRejected(SessionFacts f, List<Finding> out) {
        if (f.starttlsCommand == null || f.starttlsReply == null || f.starttlsReply.code() == 220) return;
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("reply_code", Integer.toString(f.starttlsReply.code()));
        if (f.starttlsReply.enhancedCode() != null) ev.put("enhanced_code", f.starttlsReply.enhancedCode());
        carrier(ev, f.starttlsCarrier);
        if (f.overlapAtStarttlsReply) ev.put("overlap_conflict_at_reply", "true");
        out.add(new Finding(FindingType.STARTTLS_REJECTED,
                "reply " + f.starttlsReply.code() + " " + f.starttlsReply.firstLine(), ev));
    }

    private static void starttlsOfferedNotUsed(SessionFacts f, List<Finding> out) {
        // On this wire the client never sent STARTTLS, even when it meant to (a garbled command is
        // reported as well, as its own finding).
        if (f.ehloReply == null || !f.ehloReply.has("STARTTLS") || f.starttlsCommand != null) return;
        if (f.cleartextCommandsAfterEhlo == 0) return;
        out.add(new Finding(FindingType.STARTTLS_OFFERED_NOT_USED,
                "STARTTLS offered; client sent " + f.cleartextCommandsAfterEhlo + " command(s) in cleartext instead",
                Map.of("cleartext_commands", Integer.toString(f.cleartextCommandsAfterEhlo))));
    }

    /** RFC 3207 §5: after 220 the next bytes are a TLS ClientHello; anything else is not TLS. */
    private static boolean tlsNotStarted(SessionFacts f, List<Finding> out) {
        if (!f.handoff) return false;
        if (f.notTlsDirection == null && f.tls != null && f.tls.clientBytes() == 0) {
            out.add(new Finding(FindingType.TLS_NOT_STARTED_AFTER_220,
                    "no bytes from the client after 220 before the connection ended (" + f.endReason.wireName() + ")",
                    Map.of("direction", "client", "client_bytes", "0")));
            return true;
        }
        if (f.notTlsDirection == null) return false;
        String who = f.notTlsDirection == Direction.CLIENT_TO_SERVER ? "client" : "server";
        out.add(new Finding(FindingType.TLS_NOT_STARTED_AFTER_220,
                who + " sent non-TLS bytes after 220: " + printable(f.notTlsBytes), Map.of("direction", who)));
        return true;
    }

    /** A RST between the STARTTLS command and the end of the handshake, with forgery evidence. */
    private static boolean tlsHandshakeReset(SessionFacts f, List<Finding> out) {
        for (SessionFacts.ResetAt r : f.resets) {
            TcpEvent.Reset rst = r.reset();
            // An inexact in-window RST is reported too (its seq_match says so): old stacks accept it.
            if (r.after() == null || r.after().equals("handshake_complete")
                    || rst.seqMatch() == TcpEvent.RstSeqMatch.OUT_OF_WINDOW) {
                continue;
            }
            String who = rst.direction() == Direction.CLIENT_TO_SERVER ? "client" : "server";
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("sender", who);
            ev.put("after", r.after());
            ev.put("seq_match", rst.seqMatch().wireName());
            ev.put("ttl", Integer.toString(rst.ttl()));
            ev.put("median_ttl", Integer.toString(rst.medianTtl()));
            if (rst.ipId() >= 0) ev.put("ip_id", Integer.toString(rst.ipId()));
            if (rst.lastIpId() >= 0) ev.put("previous_ip_id", Integer.toString(rst.lastIpId()));
            if (rst.medianTtl() >= 0 && rst.ttl() != rst.medianTtl()) ev.put("ttl_differs", "true");
            out.add(new Finding(FindingType.TLS_HANDSHAKE_RESET, "RST from " + who + " after " + r.after(), ev));
            return true;
        }
        return false;
    }

    private static void tlsHandshakeIncomplete(SessionFacts f, List<Finding> out) {
        boolean started = f.handoff || f.mode == SessionRecord.Mode.IMPLICIT_TLS && f.tls != null
                && f.tls.clientHello() != null;
        if (!started || f.tls == null || f.tls.completed()) return;
        String how;
        TlsAlert fatal = f.alerts.stream().filter(a -> a.level() == 2).findFirst().orElse(null);
        if (fatal != null) {
            how = "fatal alert " + fatal.descriptionName() + " from "
                    + (fatal.direction() == Direction.CLIENT_TO_SERVER ? "client" : "server");
        } else {
            how = f.endReason == null ? "end" : f.endReason.wireName();
        }
        Map<String, String> ev = new LinkedHashMap<>();
        ev.put("ended_by", fatal != null ? "alert" : how);
        if (f.lastTlsMessage != null) ev.put("after", f.lastTlsMessage);
        out.add(new Finding(FindingType.TLS_HANDSHAKE_INCOMPLETE, "handshake not completed: " + how
                + (f.lastTlsMessage == null ? ", no TLS message seen" : " after " + f.lastTlsMessage), ev));
    }

    private static void cleartextMail(SessionFacts f, List<Finding> out) {
        if (f.cleartextTransactions == 0) return;
        out.add(new Finding(FindingType.CLEARTEXT_MAIL_TRANSACTION,
                f.cleartextTransactions + " mail transaction(s), " + f.recipients + " recipient(s) without TLS",
                Map.of("transactions", Integer.toString(f.cleartextTransactions),
                        "recipients", Integer.toString(f.recipients))));
    }

    private static void overlaps(SessionFacts f, List<Finding> out) {
        for (TcpEvent.OverlapConflict o : f.overlaps) {
            String who = o.direction() == Direction.CLIENT_TO_SERVER ? "client" : "server";
            Map<String, String> ev = new LinkedHashMap<>();
            ev.put("direction", who);
            ev.put("offset", Long.toString(o.streamOffset()));
            ev.put("length", Integer.toString(o.length()));
            ev.put("first_ttl", Integer.toString(o.firstTtl()));
            ev.put("later_ttl", Integer.toString(o.laterTtl()));
            if (o.firstIpId() >= 0) ev.put("first_ip_id", Integer.toString(o.firstIpId()));
            if (o.laterIpId() >= 0) ev.put("later_ip_id", Integer.toString(o.laterIpId()));
            out.add(new Finding(FindingType.SEGMENT_OVERLAP_CONFLICT, who + " bytes at offset " + o.streamOffset()
                    + " seen twice with different content (first delivered)", ev));
        }
    }

    /** Injection evidence for a reply: its packet's TTL and IP ID against the direction's baseline, and timing. */
    private static void carrier(Map<String, String> ev, SessionFacts.Carrier c) {
        if (c == null) return;
        if (c.ttl() >= 0) ev.put("ttl", Integer.toString(c.ttl()));
        if (c.medianTtl() >= 0) ev.put("median_ttl", Integer.toString(c.medianTtl()));
        if (c.ttl() >= 0 && c.medianTtl() >= 0 && c.ttl() != c.medianTtl()) ev.put("ttl_differs", "true");
        if (c.ipId() >= 0) ev.put("ip_id", Integer.toString(c.ipId()));
        if (c.latencyNanos() >= 0) ev.put("reply_latency_us", Long.toString(c.latencyNanos() / 1000));
        if (c.serverRttNanos() >= 0) ev.put("server_rtt_us", Long.toString(c.serverRttNanos() / 1000));
        if (c.latencyNanos() >= 0 && c.serverRttNanos() > 0 && c.latencyNanos() < c.serverRttNanos()) {
            ev.put("faster_than_server_rtt", "true");
        }
    }

    private static String printable(byte[] b) {
        if (b == null) return "";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 24); i++) {
            int c = b[i] & 0xff;
            if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
