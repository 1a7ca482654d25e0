package org.stripwatch.analyzer.core.correlation;

import org.stripwatch.analyzer.policy.Expectation;

/** The words of alert sentences: policies and servers as a SOC analyst reads them. */
final class Phrases {
    private Phrases() {
    }

    /** "example.net's MTA-STS policy is enforce", "mx1.example.net publishes DANE TLSA records", ... */
    static String policy(Expectation e) {
        String mode = e.enforced() ? "enforce" : "testing";
        return switch (e.kind()) {
            case MTA_STS -> e.subject() + "'s MTA-STS policy is " + mode;
            case DANE -> e.subject() + " publishes DANE TLSA records (" + e.summary().replaceFirst("^dane \\S+ ", "") + ")";
            case STARTTLS_EVERYWHERE -> e.subject() + " is on the STARTTLS Everywhere list in " + mode + " mode";
            case POSTFIX -> "the Postfix TLS policy for " + e.subject() + " says " + e.summary().replaceFirst("^postfix \\S+ ", "");
            case STRIPWATCH -> (e.strength() == org.stripwatch.analyzer.policy.Strength.PINNED
                    ? "the stripwatch policy pins the certificate of " : "the stripwatch policy requires TLS for ") + e.subject()
                    + (e.enforced() ? "" : " (mode=report)");
        };
    }

    static String reportOnly(Expectation e) {
        return e.enforced() ? "" : " (the policy is report-only, so this is reported, not treated as blocked delivery)";
    }

    static String server(String ip, String mxHost) {
        return mxHost == null ? ip : ip + " (" + mxHost + ")";
    }

    static String mailFor(String domain) {
        return domain == null ? "mail" : "mail for " + domain;
    }

    static String plural(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

}
