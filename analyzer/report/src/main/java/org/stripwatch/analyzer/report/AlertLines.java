package org.stripwatch.analyzer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.Severity;
import org.stripwatch.schemas.SessionRef;

/**
 * Reads the analyzer's {@code --alerts} JSON lines (written by {@code AlertJson}) back into Avro alerts, the
 * inverse of {@code AlertJson.toMap}: each finding becomes a {@code finding_types} entry, its detail the evidence
 * key {@code type} and its evidence keys {@code type.key}. A line that is not an alert goes to {@code onError} as
 * "file:line: problem" and is skipped; an unknown severity reads as UNKNOWN (as the Avro enum default does).
 */
public final class AlertLines {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertLines() {
    }

    public static List<Alert> read(Path file, Consumer<String> onError) throws IOException {
        List<Alert> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank()) continue;
                try {
                    out.add(parse(line));
                } catch (IOException | RuntimeException e) {
                    onError.accept(file + ":" + n + ": not an alert: " + e.getMessage());
                }
            }
        }
        return out;
    }

    public static Alert parse(String line) throws IOException {
        JsonNode j = JSON.readTree(line);
        if (j == null || !j.isObject()) throw new IOException("not a JSON object");
        Map<String, String> evidence = new LinkedHashMap<>();
        List<String> types = new ArrayList<>();
        for (JsonNode f : j.path("findings")) {
            String t = req(f, "type").asText();
            types.add(t);
            if (f.hasNonNull("detail")) evidence.put(t, f.get("detail").asText());
            for (Map.Entry<String, JsonNode> e : f.path("evidence").properties()) evidence.put(t + "." + e.getKey(), e.getValue().asText());
        }
        for (Map.Entry<String, JsonNode> e : j.path("evidence").properties()) evidence.put(e.getKey(), e.getValue().asText());
        SessionRef session = ref(req(j, "session"));
        List<SessionRef> related = new ArrayList<>();
        for (JsonNode r : j.path("related_sessions")) related.add(ref(r));
        return Alert.newBuilder().setAlertId(req(j, "id").asText()).setTime(Instant.parse(req(j, "time").asText()))
                .setSeverity(severity(text(j, "severity", "unknown"))).setType(req(j, "type").asText())
                .setServerIp(addr(req(j, "server_ip").asText())).setServerPort(j.path("server_port").asInt(25))
                .setDomain(text(j, "domain", null)).setDomainAttribution(text(j, "domain_attribution", "none"))
                .setDetail(text(j, "detail", "")).setEvidence(evidence).setSession(session).setFindingTypes(types)
                .setReason(text(j, "reason", "")).setPolicy(text(j, "policy", null)).setPolicySource(text(j, "policy_source", null))
                .setClientIp(j.hasNonNull("client_ip") ? addr(j.get("client_ip").asText()) : session.getClientIp())
                .setClientPort(j.path("client_port").asInt(session.getClientPort()))
                .setIncidentId(text(j, "incident_id", "")).setRelatedSessions(related).setBaseline(strings(j.path("baseline")))
                .build();
    }

    private static SessionRef ref(JsonNode r) throws IOException {
        return SessionRef.newBuilder().setSensorId(text(r, "sensor_id", "")).setConnectionId(text(r, "connection_id", ""))
                .setClientIp(addr(req(r, "client_ip").asText())).setClientPort(r.path("client_port").asInt(0))
                .setServerIp(addr(req(r, "server_ip").asText())).setServerPort(r.path("server_port").asInt(0))
                .setStart(Instant.parse(req(r, "start").asText())).build();
    }

    private static Severity severity(String s) {
        try {
            return Severity.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Severity.UNKNOWN;
        }
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : o.properties()) m.put(e.getKey(), e.getValue().asText());
        return m;
    }

    private static JsonNode req(JsonNode j, String name) throws IOException {
        JsonNode n = j.get(name);
        if (n == null || n.isNull()) throw new IOException("missing \"" + name + "\"");
        return n;
    }

    private static String text(JsonNode j, String name, String dflt) {
        JsonNode n = j.get(name);
        return n == null || n.isNull() ? dflt : n.asText();
    }

    /** A literal address only (never a DNS lookup). */
    private static ByteBuffer addr(String ip) throws IOException {
        boolean v4 = ip.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!v4 && !(ip.indexOf(':') >= 0 && ip.matches("[0-9a-fA-F:.]+"))) throw new IOException("not an IP literal: " + ip);
        return ByteBuffer.wrap(InetAddress.getByName(ip).getAddress());
    }
}
