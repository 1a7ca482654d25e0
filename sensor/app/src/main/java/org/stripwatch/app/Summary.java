package org.stripwatch.app;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.app.pipeline.SessionStats;
import org.stripwatch.schemas.Severity;
import org.stripwatch.sensor.reassembly.ReassemblyStats;
import org.stripwatch.sensor.session.FindingType;

/**
 * The summary a person reads after a run, on standard error: what was seen, what looks wrong, where
 * it happened, and what the sensor had to shed. Colour only on a terminal that wants it
 * (no-color.org's NO_COLOR is honoured).
 */
final class Summary {
    private Summary() {}

    /** Everything the summary can say; the analyzer part is absent when it did not run. */
    record Input(Pipeline.Result result, SessionStats sessions, Map<Severity, Long> alerts, long incidents, int files) {}

    private static final boolean COLOUR = System.console() != null && System.getenv("NO_COLOR") == null
            && !"dumb".equals(System.getenv("TERM"));

    private static String c(String code, String text) {
        return COLOUR ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }

    static void print(PrintWriter err, Pipeline.Result r, SessionStats s, int files) {
        print(err, new Input(r, s, null, 0, files));
    }

    static void print(PrintWriter err, Input in) {
        Pipeline.Result r = in.result();
        SessionStats s = in.sessions();
        double secs = Math.max(r.wallNanos(), 1) / 1e9;
        long packets = r.capture().packets();
        err.println(c("1", "stripwatch summary"));
        err.printf(Locale.ROOT, "  input     %s%,d packets, %,d bytes in %.2f s (%,.0f packets/s)%n",
                in.files() > 0 ? in.files() + " file(s), " : "", packets, r.capture().bytes(), secs, packets / secs);
        ReassemblyStats t = r.reassembly();
        err.printf(Locale.ROOT, "  tcp       %,d connections; %,d retransmissions, %,d overlap conflicts, %,d gap bytes, "
                + "%,d resets (%,d ignored)%n", t.flowsOpened(), t.retransmissions(), t.overlapConflicts(),
                t.gapBytes(), t.resets(), t.resetsIgnored());
        err.printf(Locale.ROOT, "  smtp      %,d sessions: STARTTLS offered in %,d (%s), attempted in %,d, accepted in %,d%n",
                s.sessions, s.offered, pct(s.offered, s.sessions), s.attempted, s.accepted);
        err.printf(Locale.ROOT, "  tls       %,d handshakes completed%s%n", s.tlsCompleted,
                s.tlsVersions.isEmpty() ? "" : " " + s.tlsVersions);
        if (!s.findings.isEmpty()) {
            StringBuilder f = new StringBuilder();
            s.findings.forEach((type, n) -> f.append(f.length() == 0 ? "" : ", ").append(colourFinding(type))
                    .append('=').append(n));
            err.println("  findings  " + f);
        }
        if (in.alerts() != null) {
            StringBuilder a = new StringBuilder();
            long total = 0;
            for (Severity sev : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW,
                    Severity.INFO}) {
                long n = in.alerts().getOrDefault(sev, 0L);
                total += n;
                if (n > 0) a.append(a.length() == 0 ? "" : ", ").append(colourSeverity(sev)).append('=').append(n);
            }
            err.printf(Locale.ROOT, "  alerts    %,d%s (%,d incidents across connections)%n", total,
                    a.length() == 0 ? "" : ": " + a, in.incidents());
        }
        list(err, "servers", s.topServers(5));
        list(err, "domains", s.topDomains(5));
        StringBuilder limits = new StringBuilder();
        limit(limits, "flows evicted", t.flowsEvicted());
        limit(limits, "out-of-order segments dropped", t.outOfOrderDropped());
        limit(limits, "global buffer limit hits", t.globalBufferLimitHits());
        limit(limits, "analysis failures", t.consumerFailures());
        limit(limits, "frames cut by snaplen", r.capture().snaplenCut());
        limit(limits, "damaged records", r.capture().damagedRecords());
        limit(limits, "packets dropped by the kernel", r.capture().kernelDrops());
        if (limits.length() > 0) err.println("  " + c("33", "limits") + "    " + limits.substring(1));
        StringBuilder a = new StringBuilder();
        r.decode().toMap().forEach((k, v) -> {
            if (v > 0 && !k.equals("packets") && !k.startsWith("ip") && !k.equals("tcp")) {
                a.append(a.length() == 0 ? "" : ", ").append(k).append('=').append(v);
            }
        });
        if (a.length() > 0) err.println("  decode    " + a);
    }

    private static void list(PrintWriter err, String what, List<Map.Entry<String, Long>> top) {
        if (top.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Long> e : top) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        err.println("  " + c("1", "affected") + "  " + what + ": " + sb);
    }

    private static String colourFinding(FindingType t) {
        return switch (t) {
            case CLEARTEXT_MAIL_TRANSACTION, STARTTLS_NOT_OFFERED, STARTTLS_OFFERED_NOT_USED -> t.wireName();
            default -> c("31", t.wireName());
        };
    }

    private static String colourSeverity(Severity s) {
        String name = s.name().toLowerCase(Locale.ROOT);
        return switch (s) {
            case CRITICAL -> c("1;31", name);
            case HIGH -> c("31", name);
            case MEDIUM -> c("33", name);
            default -> name;
        };
    }

    private static String pct(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static void limit(StringBuilder sb, String what, long n) {
        if (n > 0) sb.append(String.format(Locale.ROOT, "; %,d %s", n, what));
    }
}
