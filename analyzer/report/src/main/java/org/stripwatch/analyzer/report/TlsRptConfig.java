package org.stripwatch.analyzer.report;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a TLSRPT report says about its author (RFC 8460 §4.4) and which sessions count.
 *
 * @param organizationName {@code organization-name}: the reporting organisation
 * @param contactInfo      {@code contact-info}: an e-mail address or URI for questions
 * @param serverDomains    configured server address → domain (attribution's last resort)
 * @param ports            server ports whose sessions are MX deliveries (RFC 8460 §3: SMTP between MTAs) [25]
 * @param includeNoPolicy  also report domains without an MTA-STS or DANE policy ({@code no-policy-found}) [true]
 */
public record TlsRptConfig(String organizationName, String contactInfo, Map<String, String> serverDomains, Set<Integer> ports,
                           boolean includeNoPolicy) {
    public TlsRptConfig {
        Objects.requireNonNull(organizationName, "organizationName");
        Objects.requireNonNull(contactInfo, "contactInfo");
        if (organizationName.isBlank() || contactInfo.isBlank()) throw new IllegalArgumentException("organization name and contact are required (RFC 8460 §4.4)");
        serverDomains = Map.copyOf(serverDomains);
        ports = Set.copyOf(ports);
    }

    public static TlsRptConfig of(String organizationName, String contactInfo) {
        return new TlsRptConfig(organizationName, contactInfo, Map.of(), Set.of(25), true);
    }
}
