package org.stripwatch.analyzer.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.EhloCapability;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.StartTls;
import org.stripwatch.schemas.TlsHandshake;

/**
 * Reads the sensor's {@code --sessions} JSON lines (README, "Session records") back into Avro session records, so
 * {@code stripwatch tlsrpt --sessions FILE} and offline analysis work on saved output without the sensor's
 * classes. The JSON carries no certificate DER: DANE full-certificate matching then needs the Avro path (TLSA
 * {@code x 1 1} and {@code x 0 1} still match against the fingerprints). A line that is not a session object is
 * reported through {@code onError} with its line number and skipped.
 */
public final class SessionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionJson() {
    }

    /**
     * Every session of a file, in order; bad lines go to {@code onError} as "file:line: problem".
     *
     * @throws IOException naming the file (and line) when it cannot be read, is not UTF-8 text, or
     *     has no session record at all but bad lines (the wrong file)
     */
    public static List<SessionRecord> read(Path file, String sensorId, Consumer<String> onError) throws IOException {
        List<SessionRecord> out = new ArrayList<>();
        int n = 0, bad = 0;
        String first = null;
        // Problems wait until a good line shows this is a session log (bounded); else the file is the wrong one.
        List<String> held = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                if (line.isBlank()) continue;
                try {
                    out.add(parse(line, sensorId));
                    if (!held.isEmpty()) {
                        held.forEach(onError);
                        held.clear();
                    }
                } catch (RuntimeException | IOException e) {
                    String problem = file + ":" + n + ": not a session record: " + oneLine(e);
                    if (first == null) first = problem;
                    bad++;
                    if (!out.isEmpty()) onError.accept(problem);
                    else if (held.size() < 100) held.add(problem);
                }
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException(file + ":" + (n + 1) + ": not UTF-8 text (expected JSON lines of session records)", e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file + ": no such file or directory", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException(file + ": permission denied", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
        // A file of nothing but bad lines is the wrong file, not a session log with a few damaged lines.
        if (out.isEmpty() && bad > 0) throw new IOException(first + " (no line was a session record)");
        return out;
    }

    /** Jackson's messages carry a second "at [Source: ...]" line; a problem report is one line. */
    private static String oneLine(Exception e) {
        String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public static SessionRecord parse(String line, String sensorId) throws IOException {
        JsonNode j = JSON.readTree(line);
        if (j == null || !j.isObject()) throw new IOException("not a JSON object");
        SessionRecord.Builder b = SessionRecord.newBuilder().setSensorId(sensorId).setConnectionId(req(j, "id").asText());
        byte[] client = addr(req(j, "client_ip").asText()), server = addr(req(j, "server_ip").asText());
        b.setIpVersion(server.length == 4 ? 4 : 6).setClientIp(ByteBuffer.wrap(client)).setServerIp(ByteBuffer.wrap(server))
                .setClientPort(req(j, "client_port").asInt()).setServerPort(req(j, "server_port").asInt())
                .setStart(Instant.parse(req(j, "start").asText())).setEnd(Instant.parse(req(j, "end").asText()))
                .setMode(text(j, "mode", "starttls")).setServerBannerHost(text(j, "banner_host", null))
                .setGreetingCode(j.hasNonNull("greeting_code") ? j.get("greeting_code").asInt() : null)
                .setHeloVerb(text(j, "helo_verb", null)).setEhloDomain(text(j, "helo_name", null))
                .setEhloReplyComplete(j.path("ehlo_reply_complete").asBoolean(false))
                .setSmtpHistory(text(j, "smtp_history", "")).setTcpHistory(text(j, "tcp_history", ""))
                .setCloseReason(text(j, "close_reason", ""));
        List<EhloCapability> caps = new ArrayList<>();
        for (JsonNode c : j.path("ehlo_capabilities")) {
            String[] parts = c.asText().split(" ");
            caps.add(EhloCapability.newBuilder().setKeyword(parts[0]).setParams(Arrays.asList(parts).subList(1, parts.length)).build());
        }
        b.setEhloCapabilities(caps);
        JsonNode st = j.path("starttls");
        b.setStarttls(StartTls.newBuilder().setOffered(st.path("offered").asBoolean(false)).setAttempted(st.path("attempted").asBoolean(false))
                .setReplyCode(st.hasNonNull("reply_code") ? st.get("reply_code").asInt() : null).setReplyText(text(st, "reply_text", null)).build());
        b.setTls(j.hasNonNull("tls") ? tls(j.get("tls")) : null);
        JsonNode m = j.path("mail");
        b.setMailTransactions(m.path("transactions").asInt(0)).setRecipients(m.path("recipients").asInt(0))
                .setMessageCount(m.path("messages").asInt(0)).setMailInCleartext(m.path("in_cleartext").asBoolean(false))
                .setMailFromDomains(strings(m.path("mail_from_domains"))).setRcptDomains(strings(m.path("rcpt_domains")));
        List<String> mf = strings(m.path("mail_from_domains"));
        b.setMailFromDomain(mf.isEmpty() ? null : mf.get(0));
        List<Finding> findings = new ArrayList<>();
        for (JsonNode f : j.path("findings")) {
            Map<String, String> ev = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : f.path("evidence").properties()) ev.put(e.getKey(), e.getValue().asText());
            findings.add(Finding.newBuilder().setType(req(f, "type").asText()).setDetail(text(f, "detail", "")).setEvidence(ev).build());
        }
        b.setFindings(findings).setAnomalies(strings(j.path("anomalies")));
        b.setBytesClientToServer(j.path("bytes").path("client").asLong(0)).setBytesServerToClient(j.path("bytes").path("server").asLong(0));
        JsonNode ttl = j.path("ttl");
        b.setTtlClientToServer(ttl.path("client").isInt() && ttl.path("client").asInt() >= 0 ? ttl.path("client").asInt() : null);
        b.setTtlServerToClient(ttl.path("server").isInt() && ttl.path("server").asInt() >= 0 ? ttl.path("server").asInt() : null);
        return b.build();
    }

    private static TlsHandshake tls(JsonNode t) {
        List<Integer> ff = new ArrayList<>();
        for (JsonNode n : t.path("first_flight_records")) ff.add(n.asInt());
        List<Certificate> certs = new ArrayList<>();
        for (JsonNode c : t.path("certificates")) {
            certs.add(Certificate.newBuilder().setSha256(text(c, "sha256", "")).setSpkiSha256(text(c, "spki_sha256", ""))
                    .setSubject(text(c, "subject", "")).setIssuer(text(c, "issuer", "")).setSan(strings(c.path("san")))
                    .setNotBefore(c.hasNonNull("not_before") ? Instant.parse(c.get("not_before").asText()) : null)
                    .setNotAfter(c.hasNonNull("not_after") ? Instant.parse(c.get("not_after").asText()) : null)
                    .setSelfSigned(c.path("self_signed").asBoolean(false)).build());
        }
        return TlsHandshake.newBuilder().setVersion(text(t, "version", null)).setCipher(text(t, "cipher", null)).setSni(text(t, "sni", null))
                .setJa3(text(t, "ja3", null)).setJa3s(text(t, "ja3s", null)).setJa4(text(t, "ja4", null))
                .setCompleted(t.path("completed").asBoolean(false)).setHistory(text(t, "history", "")).setFirstFlightRecordSizes(ff)
                .setCertificates(certs).build();
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

    private static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : arr) out.add(n.asText());
        return out;
    }

    /** A literal address only (never a DNS lookup). */
    private static byte[] addr(String ip) throws IOException {
        if (!ip.matches("[0-9a-fA-F:.]+")) throw new IOException("not an IP literal: " + ip);
        return java.net.InetAddress.getByName(ip).getAddress();
    }
}
