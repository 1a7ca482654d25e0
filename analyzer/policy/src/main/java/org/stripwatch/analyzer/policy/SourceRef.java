package org.stripwatch.analyzer.policy;

import java.util.Objects;

/**
 * Where a policy fact came from: a file name as given to the loader and a 1-based line number
 * (0 when the fact concerns the whole file). Printed as {@code file:line}, the form editors and
 * compilers use, so an operator can jump straight to it.
 */
public record SourceRef(String file, int line) {
    public SourceRef {
        Objects.requireNonNull(file, "file");
        if (line < 0) throw new IllegalArgumentException("line < 0: " + line);
    }

    @Override
    public String toString() {
        return line == 0 ? file : file + ":" + line;
    }
}
