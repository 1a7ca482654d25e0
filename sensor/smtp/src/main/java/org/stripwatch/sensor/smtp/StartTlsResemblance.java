package org.stripwatch.sensor.smtp;

import java.util.Locale;
import java.util.Objects;

/**
 * How much a token looks like a mangled STARTTLS: the footprint of middleboxes that overwrite the
 * capability or the command (Durumeric et al., "Neither Snow Nor Rain Nor MITM...", IMC 2015: Cisco
 * ESMTP inspection rewrites {@code STARTTLS} as {@code XXXXXXXA}; others blank it with X).
 * A fact for the session layer to weigh; {@link Kind#EXACT} is the real thing.
 *
 * @param editDistance case-insensitive Levenshtein distance to STARTTLS (capped at 3)
 * @param lettersKept positions (same length only) that still hold STARTTLS's letter
 */
public record StartTlsResemblance(Kind kind, int editDistance, int lettersKept) {

    public enum Kind {
        /** STARTTLS in any letter case. */
        EXACT,
        /** Cisco's {@code XXXXXXXA}. */
        CISCO_MASK,
        /** Same length; every changed position holds one repeated filler (e.g. STARXXXX, XXXXXXXX). */
        MASKED,
        /** Only X of another length: some filter blanked a keyword. */
        ALL_X,
        /** Within edit distance 2 (STARTTLX, STARTTL, SATRTTLS). */
        NEAR,
        NONE
    }

    private static final String TARGET = "STARTTLS";
    private static final int MAX_DISTANCE = 3;

    public StartTlsResemblance {
        Objects.requireNonNull(kind, "kind");
    }

    public boolean garbled() {
        return kind != Kind.EXACT && kind != Kind.NONE;
    }

    /** What every ASCII token of a length far from STARTTLS's is (PIPELINING, SIZE, 8BITMIME, ...). */
    private static final StartTlsResemblance FAR = new StartTlsResemblance(Kind.NONE, MAX_DISTANCE, 0);

    public static StartTlsResemblance of(String token) {
        // Every EHLO keyword of every session comes here; most are far in length and need no upper-casing.
        if (Math.abs(token.length() - TARGET.length()) >= MAX_DISTANCE && asciiNotAllX(token)) {
            return FAR;
        }
        int slot = token.hashCode() & (MEMO_SLOTS - 1);
        Memo m = MEMO[slot];
        if (m != null && m.token.equals(token)) {
            return m.value;
        }
        String upper = token.toUpperCase(Locale.ROOT);
        int distance = levenshtein(upper, TARGET);
        int kept = lettersKept(upper);
        StartTlsResemblance r = new StartTlsResemblance(kind(upper, distance, kept), distance, kept);
        MEMO[slot] = new Memo(token, r);
        return r;
    }

    /**
     * Recent tokens near STARTTLS's length and their resemblance. Capability keywords repeat from session to
     * session (PIPELINING, 8BITMIME, CHUNKING, SMTPUTF8 ...), and each distance costs two arrays. Direct-mapped
     * and shared between threads without locks: entries are immutable (final fields publish safely), a lost
     * or overwritten entry only costs a recomputation, and hostile tokens can only evict, never grow it.
     */
    private record Memo(String token, StartTlsResemblance value) {}

    private static final int MEMO_SLOTS = 256;
    private static final Memo[] MEMO = new Memo[MEMO_SLOTS];

    private static Kind kind(String upper, int distance, int kept) {
        if (distance == 0) {
            return Kind.EXACT;
        }
        if (upper.equals("XXXXXXXA")) {
            return Kind.CISCO_MASK;
        }
        if (upper.length() == TARGET.length() && maskedWithOneFiller(upper)) {
            return Kind.MASKED;
        }
        if (upper.length() >= 4 && allX(upper)) {
            return Kind.ALL_X;
        }
        return distance <= 2 ? Kind.NEAR : Kind.NONE;
    }

    /** ASCII (upper-casing keeps the length) and not only X in either case (so not {@link Kind#ALL_X}). */
    private static boolean asciiNotAllX(String token) {
        boolean allX = true;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c >= 0x80) return false;
            allX &= c == 'X' || c == 'x';
        }
        return !allX || token.length() < 4;
    }

    private static boolean allX(String upper) {
        for (int i = 0; i < upper.length(); i++) {
            if (upper.charAt(i) != 'X') return false;
        }
        return true;
    }

    private static int lettersKept(String upper) {
        if (upper.length() != TARGET.length()) {
            return 0;
        }
        int kept = 0;
        for (int i = 0; i < TARGET.length(); i++) {
            if (upper.charAt(i) == TARGET.charAt(i)) {
                kept++;
            }
        }
        return kept;
    }

    /** At least two positions changed, all to the same filler character (X, *, ...). */
    private static boolean maskedWithOneFiller(String upper) {
        char filler = 0;
        int changed = 0;
        for (int i = 0; i < TARGET.length(); i++) {
            char c = upper.charAt(i);
            if (c == TARGET.charAt(i)) {
                continue;
            }
            if (filler == 0) {
                filler = c;
            } else if (c != filler) {
                return false;
            }
            changed++;
        }
        return changed >= 2;
    }

    /** Levenshtein distance, capped at MAX_DISTANCE (tokens far in length are not compared). */
    static int levenshtein(String a, String b) {
        if (Math.abs(a.length() - b.length()) >= MAX_DISTANCE || a.length() > 64) {
            return MAX_DISTANCE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(prev[b.length()], MAX_DISTANCE);
    }
}
