package org.stripwatch.analyzer.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRef;

/**
 * One alert as one JSON object (the {@code --alerts} JSON lines): {@code id}, {@code time}, {@code severity}
 * (lower case), {@code type}, {@code client_ip}, {@code client_port}, {@code server_ip}, {@code server_port},
 * {@code domain}, {@code domain_attribution}, {@code policy}, {@code policy_source}, {@code reason},
 * {@code incident_id}, {@code findings} ({@code type}, {@code detail}, {@code evidence}), {@code evidence} (what the
 * verdict added), {@code baseline}, {@code session} and {@code related_sessions}. Field order is fixed, so output
 * is byte-identical for identical alerts.
 */
public final class AlertJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertJson() {
    }

    public static String toJson(Alert a) {
        try {
            return JSON.writeValueAsString(toMap(a));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings always serialise", e);
        }
    }

    public static Map<String, Object> toMap(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.getAlertId());
        m.put("time", time(a.getTime()));
        m.put("severity", a.getSeverity().name().toLowerCase(Locale.ROOT));
        m.put("type", a.getType());
        SessionRef s = a.getSession();
        m.put("client_ip", Sessions.ip(s.getClientIp()));
        m.put("client_port", s.getClientPort());
        m.put("server_ip", Sessions.ip(a.getServerIp()));
        m.put("server_port", a.getServerPort());
        m.put("domain", a.getDomain());
        m.put("domain_attribution", a.getDomainAttribution());
        m.put("policy", a.getPolicy());
        m.put("policy_source", a.getPolicySource());
        m.put("reason", a.getReason());
        m.put("incident_id", a.getIncidentId().isEmpty() ? null : a.getIncidentId());
        // Sorted by key: the maps arrive in no fixed order (Map.of iterates in a per-JVM order), and the
        // same input must give the same bytes in every run.
        Map<String, String> rest = new TreeMap<>(a.getEvidence());
        m.put("findings", findings(a, rest));
        m.put("evidence", rest);
        m.put("baseline", new TreeMap<>(a.getBaseline()));
        m.put("session", ref(s));
        List<Object> related = new ArrayList<>();
        for (SessionRef r : a.getRelatedSessions()) related.add(ref(r));
        m.put("related_sessions", related);
        return m;
    }

    /** Findings rebuilt from the evidence map ({@code type} = detail, {@code type.key} = value); what is left is the verdict's own evidence. */
    private static List<Object> findings(Alert a, Map<String, String> rest) {
        List<Object> out = new ArrayList<>();
        for (String t : a.getFindingTypes()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("type", t);
            f.put("detail", rest.remove(t));
            Map<String, String> ev = new LinkedHashMap<>();
            String prefix = t + ".";
            rest.entrySet().removeIf(e -> {
                if (!e.getKey().startsWith(prefix)) return false;
                ev.put(e.getKey().substring(prefix.length()), e.getValue());
                return true;
            });
            f.put("evidence", ev);
            out.add(f);
        }
        return out;
    }

    private static Map<String, Object> ref(SessionRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sensor_id", r.getSensorId());
        m.put("connection_id", r.getConnectionId());
        m.put("client_ip", Sessions.ip(r.getClientIp()));
        m.put("client_port", r.getClientPort());
        m.put("server_ip", Sessions.ip(r.getServerIp()));
        m.put("server_port", r.getServerPort());
        m.put("start", time(r.getStart()));
        return m;
    }

    /** ISO-8601 UTC with microseconds (the schema's precision). */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
    }
}
