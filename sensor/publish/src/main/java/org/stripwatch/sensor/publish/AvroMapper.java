package org.stripwatch.sensor.publish;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.EhloCapability;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.StartTls;
import org.stripwatch.schemas.TlsHandshake;
import org.stripwatch.sensor.decode.IpAddress;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.tls.CertificateInfo;
import org.stripwatch.sensor.tls.TlsNames;

/**
 * The one place where the sensor's internal session record becomes the Avro record that crosses
 * Kafka (and that the embedded analyzer reads, so both paths run the same analysis code).
 */
public final class AvroMapper {
    private final String sensorId;

    public AvroMapper(String sensorId) {
        this.sensorId = sensorId;
    }

    public SessionRecord toAvro(org.stripwatch.sensor.session.SessionRecord s) {
        ConnectionSummary c = s.connection();
        SessionRecord.Builder b = SessionRecord.newBuilder()
                .setSensorId(sensorId)
                .setConnectionId(Long.toString(c.id()))
                .setIpVersion(c.server().address().isV4() ? 4 : 6)
                .setClientIp(bytes(c.client().address()))
                .setClientPort(c.client().port())
                .setServerIp(bytes(c.server().address()))
                .setServerPort(c.server().port())
                .setStart(instant(c.startNanos()))
                .setEnd(instant(c.endNanos()))
                .setEhloCapabilities(capabilities(s))
                .setStarttls(StartTls.newBuilder()
                        .setOffered(s.starttls().offered())
                        .setAttempted(s.starttls().attempted())
                        .setReplyCode(s.starttls().replyCode() < 0 ? null : s.starttls().replyCode())
                        .setReplyText(s.starttls().replyText())
                        .build())
                .setTls(s.tls() == null ? null : tls(s.tls()))
                .setFindings(findings(s))
                .setTcpHistory(c.history())
                .setSmtpHistory(s.smtpHistory())
                .setServerBannerHost(s.bannerHost())
                .setEhloDomain(s.heloName())
                .setMailFromDomain(s.mail().mailFromDomains().isEmpty() ? null : s.mail().mailFromDomains().get(0))
                .setRcptDomains(s.mail().rcptDomains())
                .setMessageCount(s.mail().messages())
                .setBytesClientToServer(c.clientToServer().streamBytes())
                .setBytesServerToClient(c.serverToClient().streamBytes())
                .setTtlClientToServer(c.clientToServer().ttlMedian() < 0 ? null : c.clientToServer().ttlMedian())
                .setTtlServerToClient(c.serverToClient().ttlMedian() < 0 ? null : c.serverToClient().ttlMedian())
                .setMode(s.mode().wireName())
                .setGreetingCode(s.greetingCode() < 0 ? null : s.greetingCode())
                .setHeloVerb(s.heloVerb())
                .setEhloReplyComplete(s.ehloReplyComplete())
                .setMailTransactions(s.mail().transactions())
                .setRecipients(s.mail().recipients())
                .setMailInCleartext(s.mail().inCleartext())
                .setMailFromDomains(s.mail().mailFromDomains())
                .setCloseReason(c.endReason().wireName())
                .setAnomalies(s.anomalies());
        return b.build();
    }

    private static ByteBuffer bytes(IpAddress a) {
        ByteBuffer b;
        if (a.isV4()) {
            b = ByteBuffer.allocate(4).putInt((int) a.lo());
        } else {
            b = ByteBuffer.allocate(16).putLong(a.hi()).putLong(a.lo());
        }
        return b.flip();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static List<EhloCapability> capabilities(org.stripwatch.sensor.session.SessionRecord s) {
        List<EhloCapability> out = new ArrayList<>(s.ehloCapabilities().size());
        for (var cap : s.ehloCapabilities()) {
            List<String> params = cap.params().isEmpty() ? List.of() : List.of(cap.params().split(" "));
            out.add(EhloCapability.newBuilder().setKeyword(cap.keyword()).setParams(params).build());
        }
        return out;
    }

    private static TlsHandshake tls(org.stripwatch.sensor.tls.TlsHandshake t) {
        List<Certificate> certs = new ArrayList<>();
        for (CertificateInfo ci : t.certificates()) {
            List<String> san = new ArrayList<>(ci.sanDns());
            san.addAll(ci.sanIp());
            certs.add(Certificate.newBuilder()
                    .setSha256(ci.sha256() == null ? "" : ci.sha256())
                    .setSpkiSha256(ci.spkiSha256() == null ? "" : ci.spkiSha256())
                    .setSubject(ci.subject() == null ? "" : ci.subject())
                    .setIssuer(ci.issuer() == null ? "" : ci.issuer())
                    .setSan(san)
                    .setNotBefore(ci.notBefore())
                    .setNotAfter(ci.notAfter())
                    .setSelfSigned(ci.selfSigned())
                    .setDer(ByteBuffer.wrap(ci.der() == null ? new byte[0] : ci.der()))
                    .build());
        }
        return TlsHandshake.newBuilder()
                .setVersion(t.serverHello() == null ? null : TlsNames.version(t.version()))
                .setCipher(t.serverHello() == null ? null : "0x" + TlsNames.hex4(t.serverHello().cipherSuite()))
                .setSni(t.sni())
                .setJa3(t.ja3())
                .setJa3s(t.ja3s())
                .setJa4(t.ja4())
                .setAlpn(t.clientHello() == null ? List.of() : t.clientHello().alpn())
                .setHistory(t.history())
                .setCompleted(t.completed())
                .setFirstFlightRecordSizes(t.serverFirstFlight().recordLengths())
                .setCertificates(certs)
                .build();
    }

    private static List<Finding> findings(org.stripwatch.sensor.session.SessionRecord s) {
        List<Finding> out = new ArrayList<>(s.findings().size());
        for (var f : s.findings()) {
            out.add(Finding.newBuilder().setType(f.type().wireName()).setDetail(f.detail())
                    .setEvidence(new java.util.LinkedHashMap<>(f.evidence())).build());
        }
        return out;
    }
}
