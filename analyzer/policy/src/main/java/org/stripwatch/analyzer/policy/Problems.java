package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-file problem collector. Bounded: a hostile file with a million bad lines yields
 * {@link PolicyLimits#maxProblemsPerFile()} problems and one {@code too_many_problems} line.
 */
final class Problems {
    private final String file;
    private final int max;
    private final List<ParseProblem> list = new ArrayList<>();
    private int suppressed;
    private int errors;

    Problems(String file, int max) {
        this.file = file;
        this.max = max;
    }

    String file() {
        return file;
    }

    SourceRef at(int line) {
        return new SourceRef(file, line);
    }

    void error(int line, ProblemKind kind, String message) {
        add(line, ParseProblem.Severity.ERROR, kind, message);
    }

    void warn(int line, ProblemKind kind, String message) {
        add(line, ParseProblem.Severity.WARNING, kind, message);
    }

    private void add(int line, ParseProblem.Severity sev, ProblemKind kind, String message) {
        if (sev == ParseProblem.Severity.ERROR) errors++;
        if (list.size() >= max) {
            suppressed++;
            return;
        }
        list.add(new ParseProblem(at(line), sev, kind, message));
    }

    boolean hasErrors() {
        return errors > 0;
    }

    List<ParseProblem> toList() {
        List<ParseProblem> out = new ArrayList<>(list);
        if (suppressed > 0) {
            out.add(new ParseProblem(at(0), errors > 0 ? ParseProblem.Severity.ERROR : ParseProblem.Severity.WARNING,
                    ProblemKind.TOO_MANY_PROBLEMS, suppressed + " more problems not shown"));
        }
        return List.copyOf(out);
    }

    /** Quotes a value for a message, cut short and with control characters escaped so a hostile file cannot forge output lines. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 64) + 2).append('"');
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\x%02x", (int) c));
            else b.append(c);
        }
        if (s.length() > 64) b.append("...");
        return b.append('"').toString();
    }
}
