package org.stripwatch.schemas;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, fully populated example records (documentation addresses only, RFC 5737). */
public final class Samples {
    private Samples() {
    }

    public static SessionRecord session(int i) {
        Instant start = Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(i);
        return SessionRecord.newBuilder()
                .setSensorId("sensor-a")
                .setConnectionId("C" + i)
                .setIpVersion(4)
                .setClientIp(ByteBuffer.wrap(new byte[] {(byte) 198, 51, 100, (byte) (i & 0xff)}))
                .setClientPort(40000 + (i & 0x3fff))
                .setServerIp(ByteBuffer.wrap(new byte[] {(byte) 203, 0, 113, 25}))
                .setServerPort(25)
                .setStart(start)
                .setEnd(start.plusMillis(250))
                .setEhloCapabilities(List.of(
                        EhloCapability.newBuilder().setKeyword("SIZE").setParams(List.of("52428800")).build(),
                        EhloCapability.newBuilder().setKeyword("XXXXXXXA").setParams(List.of()).build()))
                .setStarttls(StartTls.newBuilder().setOffered(false).setAttempted(false).build())
                .setTls(TlsHandshake.newBuilder().setVersion("TLSv1.2").setCipher("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")
                        .setSni("mx.example.net").setCompleted(true).setFirstFlightRecordSizes(List.of(4012, 333))
                        .setCertificates(List.of(Certificate.newBuilder().setSha256("00ff").setSpkiSha256("11ee")
                                .setSubject("CN=mx.example.net").setIssuer("CN=Example CA").setSan(List.of("mx.example.net"))
                                .setNotBefore(Instant.parse("2026-01-01T00:00:00Z")).setNotAfter(null)
                                .setDer(ByteBuffer.wrap(new byte[] {0x30, (byte) 0x82, 1, 2})).build()))
                        .build())
                .setFindings(List.of(Finding.newBuilder().setType("starttls_capability_garbled")
                        .setDetail("XXXXXXXA in place of STARTTLS").setEvidence(Map.of("ttl", "61", "expected_ttl", "57")).build()))
                .setRcptDomains(List.of("example.org"))
                .setMessageCount(1)
                .build();
    }

    public static Heartbeat heartbeat() {
        return Heartbeat.newBuilder().setSensorId("sensor-a").setTime(Instant.parse("2026-01-02T03:04:05Z"))
                .setPackets(10).setCounters(Map.of("reassembly_gaps", 2L)).build();
    }

    public static Alert alert() {
        SessionRecord s = session(1);
        return Alert.newBuilder().setAlertId("a1").setTime(s.getStart()).setSeverity(Severity.HIGH)
                .setType("starttls_stripped").setServerIp(s.getServerIp()).setDomain("example.org")
                .setDomainAttribution("rcpt")
                .setSession(SessionRef.newBuilder().setSensorId(s.getSensorId()).setConnectionId(s.getConnectionId())
                        .setClientIp(s.getClientIp()).setClientPort(s.getClientPort()).setServerIp(s.getServerIp())
                        .setServerPort(s.getServerPort()).setStart(s.getStart()).build())
                .build();
    }
}
