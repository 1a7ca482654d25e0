package org.stripwatch.analyzer.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link LoadResult#orThrow()} when a policy source has errors. The message is the
 * problem lines themselves, one per line, ready to print without a stack trace.
 */
public final class PolicyLoadException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ParseProblem> problems;

    public PolicyLoadException(List<ParseProblem> problems) {
        super(problems.stream().map(ParseProblem::toString).collect(Collectors.joining("\n")), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<ParseProblem> problems() {
        return problems;
    }
}
