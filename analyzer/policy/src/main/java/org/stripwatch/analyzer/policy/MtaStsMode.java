package org.stripwatch.analyzer.policy;

import java.util.Locale;

/** MTA-STS policy modes (RFC 8461 §5). */
public enum MtaStsMode {
    /** Deliver only to MX hosts matching the policy with a valid certificate (RFC 8461 §5.1). */
    ENFORCE,
    /** Report failures (RFC 8460) but deliver anyway. */
    TESTING,
    /** No active policy; the domain opts out. */
    NONE;

    static MtaStsMode parse(String s) {
        switch (s.toLowerCase(Locale.ROOT)) { // ABNF literal strings are case-insensitive (RFC 5234 §2.3)
            case "enforce": return ENFORCE;
            case "testing": return TESTING;
            case "none": return NONE;
            default: return null;
        }
    }
}
