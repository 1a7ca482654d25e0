package org.stripwatch.app.pipeline;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stripwatch.sensor.session.Finding;
import org.stripwatch.sensor.session.FindingType;
import org.stripwatch.sensor.session.SessionRecord;
import org.stripwatch.sensor.tls.TlsNames;

/** Counts over the session records of a run, for the summary a person reads. */
public final class SessionStats {
    /** Distinct servers and domains tracked for the "most affected" lists; beyond it, not counted. */
    private static final int MAX_TRACKED = 10_000;

    public long sessions, offered, attempted, accepted, tlsCompleted;
    public final Map<FindingType, Long> findings = new EnumMap<>(FindingType.class);
    public final Map<String, Long> tlsVersions = new TreeMap<>();
    private final Map<String, Long> affectedServers = new HashMap<>();
    private final Map<String, Long> affectedDomains = new HashMap<>();

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
        boolean tampering = false;
        for (Finding f : r.findings()) {
            findings.merge(f.type(), 1L, Long::sum);
            tampering |= f.type() != FindingType.CLEARTEXT_MAIL_TRANSACTION
                    && f.type() != FindingType.STARTTLS_OFFERED_NOT_USED && f.type() != FindingType.STARTTLS_NOT_OFFERED;
        }
        if (tampering) {
            String server = r.connection().server().address() + (r.bannerHost() == null ? "" : " (" + r.bannerHost() + ")");
            bump(affectedServers, server);
            for (String d : r.mail().rcptDomains()) bump(affectedDomains, d);
        }
    }

    private static void bump(Map<String, Long> m, String key) {
        if (m.size() < MAX_TRACKED || m.containsKey(key)) m.merge(key, 1L, Long::sum);
    }

    /** Servers with the most sessions showing signs of tampering, most first. */
    public List<Map.Entry<String, Long>> topServers(int n) {
        return top(affectedServers, n);
    }

    public List<Map.Entry<String, Long>> topDomains(int n) {
        return top(affectedDomains, n);
    }

    private static List<Map.Entry<String, Long>> top(Map<String, Long> m, int n) {
        return m.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).toList();
    }
}
