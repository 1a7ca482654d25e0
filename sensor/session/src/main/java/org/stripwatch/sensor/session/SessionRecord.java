package org.stripwatch.sensor.session;

import java.util.List;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.smtp.SmtpCapability;
import org.stripwatch.sensor.tls.TlsHandshake;

/**
 * Everything the sensor saw of one SMTP connection, with its wire-level findings: the contract of
 * {@code replay --sessions} and of the session records sent to the analyzer.
 *
 * @param connection      the TCP facts (endpoints, times, bytes, history, close reason)
 * @param mode            how TLS was to be reached: STARTTLS on a plain port, or implicit on 465
 * @param greetingCode    code of the server's greeting, -1 if not seen
 * @param bannerHost      first word of the greeting (the server's own name), null if not seen
 * @param heloVerb        "EHLO" or "HELO" (the last one in cleartext), null if none
 * @param heloName        the name the client gave in it
 * @param ehloCapabilities the capabilities of the cleartext EHLO reply (keywords and parameters)
 * @param ehloReplyComplete whether that reply was seen whole (a stripped line is only a fact then)
 * @param starttls        offered / attempted / reply
 * @param tls             the TLS handshake after STARTTLS (or on an implicit port), null if none
 * @param mail            the mail transactions (domains only, unless addresses are configured)
 * @param smtpHistory     compact SMTP history, one letter per command (upper case) or reply class
 * @param anomalies       wire names of the protocol anomalies seen (SMTP, TLS, TCP), deduplicated
 */
public record SessionRecord(ConnectionSummary connection, Mode mode, int greetingCode, String bannerHost,
                            String heloVerb, String heloName, List<SmtpCapability> ehloCapabilities,
                            boolean ehloReplyComplete, StartTls starttls, TlsHandshake tls, Mail mail,
                            String smtpHistory, List<String> anomalies, List<Finding> findings) {
    public SessionRecord {
        ehloCapabilities = List.copyOf(ehloCapabilities);
        anomalies = List.copyOf(anomalies);
        findings = List.copyOf(findings);
    }

    /** The same record with other TCP facts (a sharded run re-numbers connections). */
    public SessionRecord withConnection(ConnectionSummary c) {
        return new SessionRecord(c, mode, greetingCode, bannerHost, heloVerb, heloName, ehloCapabilities,
                ehloReplyComplete, starttls, tls, mail, smtpHistory, anomalies, findings);
    }

    public enum Mode {
        STARTTLS("starttls"), IMPLICIT_TLS("implicit_tls");

        private final String wireName;

        Mode(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param offered   STARTTLS was in the cleartext EHLO reply
     * @param attempted the client sent STARTTLS
     * @param replyCode the server's reply to it, -1 if none was seen
     * @param replyText the reply's first line, null if none
     */
    public record StartTls(boolean offered, boolean attempted, int replyCode, String replyText) {}

    /**
     * @param transactions MAIL FROM commands
     * @param mailFromDomains sender domains, in order, distinct, bounded
     * @param rcptDomains recipient domains, in order, distinct, bounded
     * @param recipients RCPT TO commands
     * @param messages message bodies seen (DATA or BDAT LAST)
     * @param bodyBytes bytes of those bodies
     * @param inCleartext whether any transaction happened outside TLS
     */
    public record Mail(int transactions, List<String> mailFromDomains, List<String> rcptDomains, int recipients,
                       int messages, long bodyBytes, boolean inCleartext) {
        public Mail {
            mailFromDomains = List.copyOf(mailFromDomains);
            rcptDomains = List.copyOf(rcptDomains);
        }
    }

    public boolean has(FindingType type) {
        return findings.stream().anyMatch(f -> f.type() == type);
    }
}
