package org.stripwatch.analyzer.core.alert;

import java.time.Instant;
import java.util.Objects;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.Alert;

/**
 * RFC 5424 syslog lines for SIEMs: {@code <PRI>1 TIMESTAMP HOSTNAME stripwatch - MSGID [stripwatch@32473 ...] BOM reason}.
 * PRI = facility × 8 + severity (§6.2.1): critical → 2, high → 3, medium → 4, low → 5, info → 6. TIMESTAMP is the
 * alert's time (session start) with microseconds (§6.2.3). MSGID is the alert type (≤ 32 printable ASCII, §6.2.7).
 * The structured data element uses the private enterprise number 32473 reserved for documentation (RFC 5612);
 * PARAM-VALUEs escape {@code " \ ]} (§6.3.3). The MSG is UTF-8 with a BOM (§6.4).
 *
 * @param facility syslog facility 0..23 [16 = local0]
 * @param hostname HOSTNAME field (≤ 255 printable ASCII) or "-"
 */
public record SyslogFormatter(int facility, String hostname) {
    public static final String SD_ID = "stripwatch@32473";

    public SyslogFormatter {
        if (facility < 0 || facility > 23) throw new IllegalArgumentException("facility " + facility);
        hostname = printable(Objects.requireNonNullElse(hostname, "-"), 255);
    }

    public static SyslogFormatter defaults() {
        return new SyslogFormatter(16, "-");
    }

    public static int severityCode(org.stripwatch.schemas.Severity s) {
        return switch (s) {
            case CRITICAL -> 2;
            case HIGH -> 3;
            case MEDIUM -> 4;
            case LOW -> 5;
            default -> 6;
        };
    }

    public String format(Alert a) {
        StringBuilder b = new StringBuilder(256);
        b.append('<').append(facility * 8 + severityCode(a.getSeverity())).append(">1 ").append(AlertJson.time(time(a))).append(' ')
                .append(hostname).append(" stripwatch - ").append(printable(a.getType(), 32)).append(' ');
        b.append('[').append(SD_ID);
        param(b, "id", a.getAlertId());
        param(b, "severity", a.getSeverity().name().toLowerCase(java.util.Locale.ROOT));
        param(b, "type", a.getType());
        param(b, "client", Sessions.ip(a.getSession().getClientIp()) + " " + a.getSession().getClientPort());
        param(b, "server", Sessions.ip(a.getServerIp()) + " " + a.getServerPort());
        if (a.getDomain() != null) param(b, "domain", a.getDomain());
        if (a.getPolicy() != null) param(b, "policy", a.getPolicy());
        if (a.getPolicySource() != null) param(b, "policy_source", a.getPolicySource());
        if (!a.getIncidentId().isEmpty()) param(b, "incident", a.getIncidentId());
        if (!a.getFindingTypes().isEmpty()) param(b, "findings", String.join(",", a.getFindingTypes()));
        b.append("] \uFEFF").append(a.getReason().replace('\n', ' '));
        return b.toString();
    }

    private static Instant time(Alert a) {
        return a.getTime();
    }

    private static void param(StringBuilder b, String name, String value) {
        b.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') b.append('\\');
            b.append(c);
        }
        b.append('"');
    }

    /** PRINTUSASCII (%d33-126), at most {@code max} characters; empty → "-". */
    static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            b.append(c >= 33 && c <= 126 ? c : '_');
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
