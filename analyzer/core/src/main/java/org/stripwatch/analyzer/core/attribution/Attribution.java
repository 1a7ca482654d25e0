package org.stripwatch.analyzer.core.attribution;

import java.util.List;
import java.util.Objects;
import org.stripwatch.analyzer.policy.Expectation;

/**
 * Which recipient domain a session was for, how that was decided, and what the policies say about it.
 *
 * @param domain       the attributed recipient domain, or null
 * @param method       how: {@code rcpt}, {@code sni}, {@code banner}, {@code certificate}, {@code configured}, {@code none}
 * @param mxHost       the server's host name as far as the session shows it (SNI, banner, certificate), or null
 * @param expectations every expectation for the domain and for the MX host (load order), possibly empty
 */
public record Attribution(String domain, String method, String mxHost, List<Expectation> expectations) {
    public static final String RCPT = "rcpt", SNI = "sni", BANNER = "banner", CERTIFICATE = "certificate",
            CONFIGURED = "configured", NONE = "none";

    public Attribution {
        Objects.requireNonNull(method, "method");
        expectations = List.copyOf(expectations);
    }

    /** The strongest enforced expectation demanding TLS, else the strongest report-only one demanding TLS, else null. */
    public Expectation governing() {
        Expectation best = null;
        for (Expectation e : expectations) {
            if (!e.strength().requiresTls()) continue;
            if (best == null || rank(e) > rank(best)) best = e;
        }
        return best;
    }

    private static int rank(Expectation e) {
        return (e.enforced() ? 100 : 0) + e.strength().ordinal();
    }
}
