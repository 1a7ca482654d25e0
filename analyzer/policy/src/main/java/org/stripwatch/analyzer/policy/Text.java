package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Small text helpers shared by the line-based parsers. */
final class Text {
    private Text() {
    }

    /** A physical line and its 1-based number. */
    record Line(int number, String text) {
    }

    /**
     * Splits on LF, dropping one CR before it (CRLF and LF both accepted, RFC 8461 §3.2).
     * Lines longer than {@code maxChars} are reported and replaced by an empty line so that line
     * numbers stay right; reading stops after {@code maxLines} lines.
     */
    static List<Line> lines(String text, int maxChars, int maxLines, Problems problems) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        int n = 1;
        while (start <= text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            if (nl < 0 && start == text.length()) break;
            int e = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            if (out.size() >= maxLines) {
                problems.error(n, ProblemKind.TOO_MANY_ENTRIES, "more than " + maxLines + " lines; rest of file ignored");
                break;
            }
            if (e - start > maxChars) {
                problems.error(n, ProblemKind.LINE_TOO_LONG, "line longer than " + maxChars + " characters");
                out.add(new Line(n, ""));
            } else {
                out.add(new Line(n, text.substring(start, e)));
            }
            if (nl < 0) break;
            start = nl + 1;
            n++;
        }
        return out;
    }

    /** Splits on runs of spaces and tabs. */
    static List<String> fields(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isWsp(s.charAt(i))) i++;
            int st = i;
            while (i < s.length() && !isWsp(s.charAt(i))) i++;
            if (i > st) out.add(s.substring(st, i));
        }
        return out;
    }

    static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * Hex digits (optionally separated by colons or whitespace) to bytes; null if malformed.
     * Separators between every pair (AB:CD) or none at all are both accepted.
     */
    static byte[] hex(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ':' || isWsp(c)) continue;
            if (Character.digit(c, 16) < 0 || c > 0x7f) return null;
            b.append(c);
        }
        if (b.length() == 0 || (b.length() & 1) != 0) return null;
        return HexFormat.of().parseHex(b);
    }

    static String toHex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** Parses a non-negative decimal of at most {@code maxDigits} digits; -1 if malformed. */
    static long decimal(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
