package org.stripwatch.analyzer.policy;

import java.util.Objects;

/**
 * One problem found while reading a policy file. {@link #toString()} is the line an operator
 * reads: {@code policies/mta-sts.txt:3: unknown mode "enfroce" (expected enforce, testing or none)}.
 * Errors make the loader fail; warnings are reported and the file is still used.
 */
public record ParseProblem(SourceRef where, Severity severity, ProblemKind kind, String message) {
    public enum Severity { ERROR, WARNING }

    public ParseProblem {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return where + ": " + (severity == Severity.WARNING ? "warning: " : "") + message;
    }
}
