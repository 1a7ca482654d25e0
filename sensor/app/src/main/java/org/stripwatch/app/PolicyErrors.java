package org.stripwatch.app;

import java.io.PrintWriter;
import org.stripwatch.analyzer.policy.PolicyLoadException;

/** Policy errors for a person: one line each, prefixed by the command, "file:line: problem". */
final class PolicyErrors {
    private PolicyErrors() {}

    static int print(PrintWriter err, String who, PolicyLoadException e) {
        String[] lines = e.getMessage().strip().split("\\R");
        for (String l : lines) err.println(who + ": policy error: " + l);
        return ExitCodes.USAGE;
    }
}
