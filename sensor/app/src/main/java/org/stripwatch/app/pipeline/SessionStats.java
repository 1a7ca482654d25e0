package org.stripwatch.app.pipeline;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.stripwatch.sensor.session.Finding;
import org.stripwatch.sensor.session.FindingType;
import org.stripwatch.sensor.session.SessionRecord;
import org.stripwatch.sensor.tls.TlsNames;

/** Counts over the session records of a run, for the summary a person reads. */
public final class SessionStats {
    public long sessions, offered, attempted, accepted, tlsCompleted;
    public final Map<FindingType, Long> findings = new EnumMap<>(FindingType.class);
    public final Map<String, Long> tlsVersions = new TreeMap<>();

    public long findingCount() {
        return findings.values().stream().mapToLong(Long::longValue).sum();
    }

    public void add(SessionRecord r) {
        sessions++;
        if (r.starttls().offered()) offered++;
        if (r.starttls().attempted()) attempted++;
        if (r.starttls().replyCode() == 220) accepted++;
        if (r.tls() != null && r.tls().completed()) tlsCompleted++;
        if (r.tls() != null && r.tls().serverHello() != null) {
            tlsVersions.merge(TlsNames.version(r.tls().version()), 1L, Long::sum);
        }
        for (Finding f : r.findings()) findings.merge(f.type(), 1L, Long::sum);
    }
}
