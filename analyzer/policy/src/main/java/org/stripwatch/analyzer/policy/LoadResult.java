package org.stripwatch.analyzer.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of a load: the store (built from every file without errors), all problems in the
 * order found, and counters. Callers that must not start with a broken policy use {@link #orThrow()}.
 */
public record LoadResult(PolicyStore store, List<ParseProblem> problems, LoadStats stats) {
    public LoadResult {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(stats, "stats");
        problems = List.copyOf(problems);
    }

    /** True if no problem is an error. */
    public boolean ok() {
        return errors().isEmpty();
    }

    public List<ParseProblem> errors() {
        List<ParseProblem> out = new ArrayList<>();
        for (ParseProblem p : problems) if (p.isError()) out.add(p);
        return out;
    }

    public List<ParseProblem> warnings() {
        List<ParseProblem> out = new ArrayList<>();
        for (ParseProblem p : problems) if (!p.isError()) out.add(p);
        return out;
    }

    /** The store, or a {@link PolicyLoadException} whose message lists every error as {@code file:line: message}. */
    public PolicyStore orThrow() throws PolicyLoadException {
        if (!ok()) throw new PolicyLoadException(errors());
        return store;
    }
}
