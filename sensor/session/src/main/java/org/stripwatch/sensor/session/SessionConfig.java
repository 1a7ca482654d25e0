package org.stripwatch.sensor.session;

import java.util.Set;
import org.stripwatch.sensor.smtp.SmtpConfig;
import org.stripwatch.sensor.tls.TlsConfig;

/**
 * What the session layer analyses and how much it keeps.
 *
 * @param smtpPorts        server ports that speak SMTP with STARTTLS (RFC 5321 port 25, RFC 6409 587)
 * @param implicitTlsPorts server ports where TLS starts at once (RFC 8314 §3.3: 465)
 * @param maxDomains       distinct sender and recipient domains kept per session (each list)
 * @param maxAnomalies     distinct anomaly names kept per session
 */
public record SessionConfig(Set<Integer> smtpPorts, Set<Integer> implicitTlsPorts, SmtpConfig smtp, TlsConfig tls,
                            int maxDomains, int maxAnomalies) {
    public static final SessionConfig DEFAULTS =
            new SessionConfig(Set.of(25, 587, 2525), Set.of(465), SmtpConfig.DEFAULT, TlsConfig.DEFAULTS, 50, 64);

    public SessionConfig {
        smtpPorts = Set.copyOf(smtpPorts);
        implicitTlsPorts = Set.copyOf(implicitTlsPorts);
        if (maxDomains < 0 || maxAnomalies < 0) throw new IllegalArgumentException("session limits must be >= 0");
    }

    public SessionConfig withSmtpPorts(Set<Integer> ports) {
        return new SessionConfig(ports, implicitTlsPorts, smtp, tls, maxDomains, maxAnomalies);
    }

    public SessionConfig withSmtp(SmtpConfig config) {
        return new SessionConfig(smtpPorts, implicitTlsPorts, config, tls, maxDomains, maxAnomalies);
    }

    public boolean analyses(int serverPort) {
        return smtpPorts.contains(serverPort) || implicitTlsPorts.contains(serverPort);
    }
}
