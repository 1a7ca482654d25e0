package org.stripwatch.analyzer.core.baseline;

import java.time.Duration;

/**
 * How a server's normal behaviour is learned. A value becomes <em>established</em> only when it was seen in at
 * least {@code minSessions} influence-capped sessions, over at least {@code minPersistence} of time, from at least
 * {@code minClients} distinct clients: a burst of attacker sessions (many sessions, minutes, one client) moves
 * nothing. Each value gains at most {@code maxPerWindow} counted sessions per {@code window}.
 *
 * @param warmupSessions   counted sessions before a server's deviations count [20]
 * @param warmupSpan       and time between first and last session before they count [12 h]
 * @param minSessions      counted sessions before a value is established [10]
 * @param minPersistence   time between first and last sighting before a value is established [12 h]
 * @param minClients       distinct clients before a value is established [2]
 * @param window           influence window [1 h]
 * @param maxPerWindow     counted sessions per value and window [20]
 * @param valueExpiry      a value not seen for this long is forgotten [30 days]
 * @param serverExpiry     a server not seen for this long is forgotten [90 days]
 * @param maxValues        values remembered per feature; the least recently seen non-established one goes first [16]
 * @param maxClientsTracked distinct client hashes kept per value [8]
 * @param offerRate        share of complete EHLO replies with STARTTLS above which a missing STARTTLS is a deviation [0.9]
 * @param firstFlightTolerance TLS 1.3 first-flight byte difference to an established size still accepted (renewals
 *                         change certificate sizes a little) [64]
 */
public record BaselineConfig(int warmupSessions, Duration warmupSpan, int minSessions, Duration minPersistence, int minClients,
                             Duration window, int maxPerWindow, Duration valueExpiry, Duration serverExpiry, int maxValues,
                             int maxClientsTracked, double offerRate, int firstFlightTolerance) {
    public static final BaselineConfig DEFAULTS = new BaselineConfig(20, Duration.ofHours(12), 10, Duration.ofHours(12), 2,
            Duration.ofHours(1), 20, Duration.ofDays(30), Duration.ofDays(90), 16, 8, 0.9, 64);

    /**
     * For short lab captures (minutes, few clients): warm after 5 sessions, values established after 3 sessions
     * with no persistence or client-diversity requirement. Gives up poisoning resistance: never use on live traffic.
     */
    public static final BaselineConfig SHORT_CAPTURES = new BaselineConfig(5, Duration.ZERO, 3, Duration.ZERO, 1,
            Duration.ofHours(1), 1000, Duration.ofDays(30), Duration.ofDays(90), 16, 8, 0.9, 64);

    public BaselineConfig {
        if (warmupSessions < 1 || minSessions < 1 || minClients < 1 || maxPerWindow < 1 || maxValues < 2 || maxClientsTracked < 1)
            throw new IllegalArgumentException("baseline counts must be positive");
        if (offerRate <= 0 || offerRate > 1) throw new IllegalArgumentException("offerRate " + offerRate);
        if (window.isZero() || window.isNegative()) throw new IllegalArgumentException("window " + window);
        if (firstFlightTolerance < 0) throw new IllegalArgumentException("firstFlightTolerance " + firstFlightTolerance);
    }

    long windowMicros() {
        return window.toNanos() / 1000;
    }
}
