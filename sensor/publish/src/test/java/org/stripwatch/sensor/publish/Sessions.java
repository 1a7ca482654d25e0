package org.stripwatch.sensor.publish;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.stripwatch.schemas.EhloCapability;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.StartTls;

/** Example session records (documentation addresses, RFC 5737): server {@code i % servers}, connection "C&lt;i&gt;". */
final class Sessions {
    private Sessions() {
    }

    static SessionRecord session(int i, int servers) {
        Instant start = Instant.parse("2026-01-02T03:04:05.123456Z").plusMillis(i);
        return SessionRecord.newBuilder()
                .setSensorId("sensor-a").setConnectionId("C" + i).setIpVersion(4)
                .setClientIp(ByteBuffer.wrap(new byte[] {(byte) 198, 51, 100, (byte) (i & 0xff)}))
                .setClientPort(40000 + (i & 0x3fff))
                .setServerIp(ByteBuffer.wrap(new byte[] {(byte) 203, 0, 113, (byte) (i % servers)}))
                .setServerPort(25).setStart(start).setEnd(start.plusMillis(250))
                .setEhloCapabilities(List.of(EhloCapability.newBuilder().setKeyword("STARTTLS").build()))
                .setStarttls(StartTls.newBuilder().setOffered(true).setAttempted(true).setReplyCode(220).build())
                .build();
    }

    static int index(SessionRecord s) {
        return Integer.parseInt(s.getConnectionId().substring(1));
    }
}
