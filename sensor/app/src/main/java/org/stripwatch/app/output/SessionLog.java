package org.stripwatch.app.output;

import java.util.List;
import java.util.Map;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.session.Finding;
import org.stripwatch.sensor.session.SessionRecord;
import org.stripwatch.sensor.smtp.SmtpCapability;
import org.stripwatch.sensor.tls.CertificateInfo;
import org.stripwatch.sensor.tls.TlsHandshake;
import org.stripwatch.sensor.tls.TlsNames;

/**
 * Renders a session record as one JSON line. The field names are a contract (README, issue 4):
 * rename nothing; add fields freely.
 */
public final class SessionLog {
    private final JsonWriter w = new JsonWriter();

    public String render(SessionRecord s) {
        return write(s).take();
    }

    /** Renders {@code s} into this log's writer and returns it, ready for {@link LineOutput#write(JsonWriter)}. */
    public JsonWriter write(SessionRecord s) {
        ConnectionSummary c = s.connection();
        w.beginObject()
                .field("id", c.id())
                .fieldTime("start", c.startNanos())
                .fieldTime("end", c.endNanos())
                .field("client_ip", c.client().address().toString())
                .field("client_port", c.client().port())
                .field("server_ip", c.server().address().toString())
                .field("server_port", c.server().port())
                .field("mode", s.mode().wireName())
                .field("banner_host", s.bannerHost())
                .field("greeting_code", s.greetingCode())
                .field("helo_verb", s.heloVerb())
                .field("helo_name", s.heloName());
        w.beginArray("ehlo_capabilities");
        for (SmtpCapability cap : s.ehloCapabilities()) {
            w.value(cap.params().isEmpty() ? cap.keyword() : cap.keyword() + " " + cap.params());
        }
        w.endArray().field("ehlo_reply_complete", s.ehloReplyComplete());
        w.beginObject("starttls")
                .field("offered", s.starttls().offered())
                .field("attempted", s.starttls().attempted());
        if (s.starttls().replyCode() >= 0) w.field("reply_code", s.starttls().replyCode());
        else w.field("reply_code", (String) null);
        w.field("reply_text", s.starttls().replyText()).endObject();
        tls(s.tls());
        mail(s.mail());
        w.beginArray("findings");
        for (Finding f : s.findings()) {
            w.beginObject().field("type", f.type().wireName()).field("detail", f.detail());
            w.beginObject("evidence");
            for (Map.Entry<String, String> e : f.evidence().entrySet()) w.field(e.getKey(), e.getValue());
            w.endObject().endObject();
        }
        w.endArray();
        w.field("smtp_history", s.smtpHistory())
                .field("tcp_history", c.history())
                .field("close_reason", c.endReason().wireName());
        strings("anomalies", s.anomalies());
        w.beginObject("bytes")
                .field("client", c.clientToServer().streamBytes())
                .field("server", c.serverToClient().streamBytes())
                .endObject();
        w.beginObject("ttl")
                .field("client", c.clientToServer().ttlMedian())
                .field("server", c.serverToClient().ttlMedian())
                .endObject();
        return w.endObject();
    }

    private void tls(TlsHandshake t) {
        if (t == null) {
            w.field("tls", (String) null);
            return;
        }
        w.beginObject("tls")
                .field("version", t.serverHello() == null ? null : TlsNames.version(t.version()))
                .field("cipher", t.serverHello() == null ? null : "0x" + TlsNames.hex4(t.serverHello().cipherSuite()))
                .field("sni", t.sni())
                .field("ja3", t.ja3())
                .field("ja3s", t.ja3s())
                .field("ja4", t.ja4())
                .field("completed", t.completed())
                .field("history", t.history());
        w.beginArray("first_flight_records");
        for (int len : t.serverFirstFlight().recordLengths()) w.value(len);
        w.endArray();
        w.beginArray("certificates");
        for (CertificateInfo cert : t.certificates()) {
            w.beginObject()
                    .field("sha256", cert.sha256())
                    .field("spki_sha256", cert.spkiSha256())
                    .field("subject", cert.subject())
                    .field("issuer", cert.issuer());
            w.beginArray("san");
            for (String n : cert.sanDns()) w.value(n);
            for (String n : cert.sanIp()) w.value(n);
            w.endArray()
                    .fieldTime("not_before", cert.notBefore())
                    .fieldTime("not_after", cert.notAfter())
                    .field("self_signed", cert.selfSigned())
                    .endObject();
        }
        w.endArray();
        w.beginArray("alerts");
        for (var a : t.alerts()) {
            w.value((a.direction() == org.stripwatch.sensor.reassembly.Direction.CLIENT_TO_SERVER ? "client " : "server ")
                    + (a.encrypted() ? "encrypted" : a.descriptionName()));
        }
        w.endArray().endObject();
    }

    private void mail(SessionRecord.Mail m) {
        w.beginObject("mail")
                .field("transactions", m.transactions())
                .field("recipients", m.recipients())
                .field("messages", m.messages())
                .field("body_bytes", m.bodyBytes())
                .field("in_cleartext", m.inCleartext());
        strings("mail_from_domains", m.mailFromDomains());
        strings("rcpt_domains", m.rcptDomains());
        w.endObject();
    }

    private void strings(String name, List<String> values) {
        w.beginArray(name);
        for (String v : values) w.value(v);
        w.endArray();
    }
}
