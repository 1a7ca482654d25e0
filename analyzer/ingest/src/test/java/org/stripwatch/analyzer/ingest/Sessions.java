package org.stripwatch.analyzer.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.Severity;
import org.stripwatch.schemas.StartTls;

/** Example session records (documentation addresses, RFC 5737) and a toy processor. */
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
                .setStarttls(StartTls.newBuilder().setOffered(i % 2 == 1).build())
                .build();
    }

    static int index(SessionRecord s) {
        return Integer.parseInt(s.getConnectionId().substring(1));
    }

    /** One alert for every session whose STARTTLS was not offered (even index). */
    static List<Alert> notOffered(SessionRecord s) {
        if (s.getStarttls().getOffered()) {
            return List.of();
        }
        return List.of(AlertIds.newAlert(s, "starttls_not_offered", Severity.MEDIUM).build());
    }
}
