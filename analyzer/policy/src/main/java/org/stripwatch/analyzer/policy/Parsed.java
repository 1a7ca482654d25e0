package org.stripwatch.analyzer.policy;

import java.util.List;

/**
 * What a parser returns: the values it could read (possibly partial when there were errors) and
 * every problem it found, in file order. A parser never throws on bad input.
 */
public record Parsed<T>(List<T> values, List<ParseProblem> problems) {
    public Parsed {
        values = List.copyOf(values);
        problems = List.copyOf(problems);
    }

    /** True if no problem is an error (warnings allowed). */
    public boolean ok() {
        for (ParseProblem p : problems) if (p.isError()) return false;
        return true;
    }
}
