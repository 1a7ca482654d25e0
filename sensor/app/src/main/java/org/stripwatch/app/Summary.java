package org.stripwatch.app;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.app.pipeline.SessionStats;
import org.stripwatch.analyzer.core.AnalyzerStats;
import org.stripwatch.sensor.reassembly.ReassemblyStats;

/** The human summary of a run, on standard error. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter err, Pipeline.Result r, SessionStats s, int files) {
        print(err, r, s, null, files);
    }

    static void print(PrintWriter err, Pipeline.Result r, SessionStats s, AnalyzerStats alerts, int files) {
        double secs = Math.max(r.wallNanos(), 1) / 1e9;
        long packets = r.capture().packets();
        err.printf(Locale.ROOT, (files > 0 ? files + " file(s), " : "") + "%,d packets, %,d bytes in %.3f s (%,.0f packets/s)%n", packets,
                r.capture().bytes(), secs, packets / secs);
        ReassemblyStats t = r.reassembly();
        err.printf(Locale.ROOT, "%,d TCP connections; %,d retransmissions, %,d overlap conflicts, %,d gap bytes, "
                + "%,d resets (%,d ignored)%n", t.flowsOpened(), t.retransmissions(), t.overlapConflicts(),
                t.gapBytes(), t.resets(), t.resetsIgnored());
        err.printf(Locale.ROOT, "%,d SMTP sessions: STARTTLS offered in %,d, attempted in %,d, accepted in %,d; "
                + "TLS handshakes completed: %,d%s%n", s.sessions, s.offered, s.attempted, s.accepted, s.tlsCompleted,
                s.tlsVersions.isEmpty() ? "" : " " + s.tlsVersions);
        if (!s.findings.isEmpty()) {
            StringBuilder f = new StringBuilder("findings:");
            s.findings.forEach((type, n) -> f.append(' ').append(type.wireName()).append('=').append(n));
            err.println(f);
        }
        if (alerts != null) {
            err.printf(Locale.ROOT, "analyzer: %,d alerts (%,d incidents across connections)%n", alerts.alerts(),
                    alerts.incidents());
        }
        StringBuilder limits = new StringBuilder();
        limit(limits, "flows evicted", t.flowsEvicted());
        limit(limits, "out-of-order segments dropped", t.outOfOrderDropped());
        limit(limits, "global buffer limit hits", t.globalBufferLimitHits());
        limit(limits, "analysis failures", t.consumerFailures());
        limit(limits, "frames cut by snaplen", r.capture().snaplenCut());
        limit(limits, "damaged records", r.capture().damagedRecords());
        limit(limits, "packets dropped by the kernel", r.capture().kernelDrops());
        if (limits.length() > 0) err.println("limits and damage:" + limits);
        Map<String, Long> anomalies = r.decode().toMap();
        StringBuilder a = new StringBuilder();
        anomalies.forEach((k, v) -> {
            if (v > 0) a.append(' ').append(k).append('=').append(v);
        });
        if (a.length() > 0) err.println("decode:" + a);
    }

    private static void limit(StringBuilder sb, String what, long n) {
        if (n > 0) sb.append(String.format(Locale.ROOT, " %,d %s;", n, what));
    }
}
