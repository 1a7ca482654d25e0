package org.stripwatch.analyzer.report.measure;

import java.util.List;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;

/**
 * Counters of one group (a day and a key such as a prefix). Definitions (analyzer/report/README.md,
 * "Methodology"): every denominator is explicit so rates are comparable with Durumeric et al., IMC 2015.
 * Mutable and not thread-safe: one aggregator owns it.
 */
public final class Counts {
    /** Wire finding types in the sensor's order (README "Session records"); anything else counts as {@code other}. */
    public static final List<String> FINDING_TYPES = List.of("starttls_not_offered", "starttls_capability_garbled",
            "starttls_command_garbled", "starttls_rejected", "starttls_offered_not_used", "ehlo_downgraded_to_helo",
            "tls_not_started_after_220", "tls_handshake_reset", "tls_handshake_incomplete", "cleartext_mail_transaction",
            "segment_overlap_conflict", "other");
    /** The unambiguous stripping signatures (Durumeric et al., IMC 2015: STARTTLS replaced by XXXXXXXX). */
    public static final List<String> STRIPPING = List.of("starttls_capability_garbled", "starttls_command_garbled");

    /** What became of a session, one per session (the stacked bars of the HTML report). */
    public enum Outcome {
        TLS_COMPLETED("TLS completed"), TLS_NOT_COMPLETED("TLS attempted, not completed"),
        OFFERED_NOT_USED("STARTTLS offered, not used"), NOT_OFFERED("STARTTLS not offered"),
        EHLO_NOT_SEEN("EHLO reply not seen");

        public final String label;

        Outcome(String label) {
            this.label = label;
        }

        public static Outcome of(SessionRecord s) {
            if (Sessions.tlsCompleted(s)) return TLS_COMPLETED;
            if (s.getStarttls().getAttempted() || "implicit_tls".equals(s.getMode())) return TLS_NOT_COMPLETED;
            if (s.getStarttls().getOffered()) return OFFERED_NOT_USED;
            return s.getEhloReplyComplete() ? NOT_OFFERED : EHLO_NOT_SEEN;
        }
    }

    final long[] outcomes = new long[Outcome.values().length];
    long sessions, implicitTls, midStream, ehloComplete, offered, used, accepted, tlsCompleted, stripped, strippedEhlo, cleartextMail;
    final long[] findings = new long[FINDING_TYPES.size()];

    /** Counts one session (callers sample before, not here). */
    public void add(SessionRecord s) {
        sessions++;
        outcomes[Outcome.of(s).ordinal()]++;
        if ("implicit_tls".equals(s.getMode())) {
            implicitTls++;
            if (Sessions.tlsCompleted(s)) tlsCompleted++;
            return;
        }
        if (s.getGreetingCode() == null || s.getTcpHistory().indexOf('^') >= 0) midStream++;
        if (s.getEhloReplyComplete()) {
            ehloComplete++;
            if (s.getStarttls().getOffered()) offered++;
        }
        if (s.getStarttls().getAttempted()) used++;
        Integer code = s.getStarttls().getReplyCode();
        if (code != null && code == 220) accepted++;
        if (Sessions.tlsCompleted(s)) tlsCompleted++;
        if (Sessions.mailInCleartext(s)) cleartextMail++;
        boolean strip = false;
        long seen = 0; // one count per type per session, however many findings of that type it has
        for (Finding f : s.getFindings()) {
            int i = FINDING_TYPES.indexOf(f.getType());
            if (i < 0) i = FINDING_TYPES.size() - 1;
            if ((seen & (1L << i)) == 0) findings[i]++;
            seen |= 1L << i;
            strip |= STRIPPING.contains(f.getType());
        }
        if (strip) stripped++;
        if (strip && s.getEhloReplyComplete()) strippedEhlo++; // the rate's numerator stays within its denominator
    }

    public void addAll(Counts o) {
        sessions += o.sessions;
        for (int i = 0; i < outcomes.length; i++) outcomes[i] += o.outcomes[i];
        implicitTls += o.implicitTls;
        midStream += o.midStream;
        ehloComplete += o.ehloComplete;
        offered += o.offered;
        used += o.used;
        accepted += o.accepted;
        tlsCompleted += o.tlsCompleted;
        stripped += o.stripped;
        strippedEhlo += o.strippedEhlo;
        cleartextMail += o.cleartextMail;
        for (int i = 0; i < findings.length; i++) findings[i] += o.findings[i];
    }

    public long outcome(Outcome o) { return outcomes[o.ordinal()]; }
    public long sessions() { return sessions; }
    public long implicitTls() { return implicitTls; }
    public long midStream() { return midStream; }
    /** STARTTLS-port sessions: the denominator of "used". */
    public long starttlsPort() { return sessions - implicitTls; }
    public long ehloComplete() { return ehloComplete; }
    public long offered() { return offered; }
    public long used() { return used; }
    public long accepted() { return accepted; }
    public long tlsCompleted() { return tlsCompleted; }
    public long stripped() { return stripped; }
    public long cleartextMail() { return cleartextMail; }
    public long finding(String type) {
        int i = FINDING_TYPES.indexOf(type);
        return i < 0 ? 0 : findings[i];
    }

    /** offered / sessions whose whole cleartext EHLO reply was seen. */
    public double offeredRate() { return rate(offered, ehloComplete); }
    /** used (client sent STARTTLS) / STARTTLS-port sessions. */
    public double usedRate() { return rate(used, starttlsPort()); }
    /** TLS handshakes completed (STARTTLS or implicit) / (used + implicit TLS sessions). */
    public double tlsCompletedRate() { return rate(tlsCompleted, used + implicitTls); }
    /** Sessions with a stripping signature among those whose whole cleartext EHLO reply was seen. */
    public long strippedWithEhlo() { return strippedEhlo; }
    /** strippedWithEhlo / sessions whose whole cleartext EHLO reply was seen. */
    public double strippedRate() { return rate(strippedEhlo, ehloComplete); }

    /** NaN when the denominator is 0 (printed empty, never as 0%). */
    static double rate(long num, long den) {
        return den == 0 ? Double.NaN : (double) num / den;
    }

    /** Wilson score interval (95%) of k successes in n trials: {low, high}; NaNs when n = 0. */
    public static double[] wilson(long k, long n) {
        if (n == 0) return new double[]{Double.NaN, Double.NaN};
        double z = 1.959963984540054, p = (double) k / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new double[]{Math.max(0, centre - half), Math.min(1, centre + half)};
    }
}
