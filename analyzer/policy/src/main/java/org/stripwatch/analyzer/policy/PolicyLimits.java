package org.stripwatch.analyzer.policy;

/**
 * Bounds on what the policy loader accepts, so a hostile or broken policy source costs bounded
 * memory and time. Every limit hit is reported as a {@link ParseProblem} and counted in
 * {@link LoadStats#problemCounts()}. Defaults are finite and generous for real files (the EFF list
 * was about 30 KB and a few hundred domains).
 *
 * @param maxFileBytes         largest file read at all (default 4 MiB)
 * @param maxMtaStsBytes       largest MTA-STS policy body (default 64 KiB; RFC 8461 §3.3 lets senders bound the fetch)
 * @param maxLineChars         longest physical line, logical Postfix line or parenthesised zone record (default 16384)
 * @param maxEntriesPerFile    most records/policies/rules taken from one file (default 100000)
 * @param maxTotalEntries      most expectations in one store (default 1000000)
 * @param maxPatternsPerPolicy most MX patterns, match names or pins in one policy (default 256)
 * @param maxFiles             most files read from all paths given (default 10000)
 * @param maxDirectoryDepth    deepest directory level walked below a given path (default 8)
 * @param maxJsonDepth         deepest JSON nesting accepted (default 32)
 * @param maxProblemsPerFile   problems reported per file before the rest are summarised (default 100)
 */
public record PolicyLimits(long maxFileBytes, int maxMtaStsBytes, int maxLineChars, int maxEntriesPerFile,
                           int maxTotalEntries, int maxPatternsPerPolicy, int maxFiles, int maxDirectoryDepth,
                           int maxJsonDepth, int maxProblemsPerFile) {

    public static final PolicyLimits DEFAULTS =
            new PolicyLimits(4L << 20, 64 << 10, 16384, 100_000, 1_000_000, 256, 10_000, 8, 32, 100);

    public PolicyLimits {
        positive(maxFileBytes, "maxFileBytes");
        positive(maxMtaStsBytes, "maxMtaStsBytes");
        positive(maxLineChars, "maxLineChars");
        positive(maxEntriesPerFile, "maxEntriesPerFile");
        positive(maxTotalEntries, "maxTotalEntries");
        positive(maxPatternsPerPolicy, "maxPatternsPerPolicy");
        positive(maxFiles, "maxFiles");
        positive(maxDirectoryDepth, "maxDirectoryDepth");
        positive(maxJsonDepth, "maxJsonDepth");
        positive(maxProblemsPerFile, "maxProblemsPerFile");
    }

    private static void positive(long v, String name) {
        if (v <= 0) throw new IllegalArgumentException(name + " must be > 0, was " + v);
    }

    public PolicyLimits withMaxFileBytes(long v) {
        return new PolicyLimits(v, maxMtaStsBytes, maxLineChars, maxEntriesPerFile, maxTotalEntries,
                maxPatternsPerPolicy, maxFiles, maxDirectoryDepth, maxJsonDepth, maxProblemsPerFile);
    }

    public PolicyLimits withMaxEntriesPerFile(int v) {
        return new PolicyLimits(maxFileBytes, maxMtaStsBytes, maxLineChars, v, maxTotalEntries,
                maxPatternsPerPolicy, maxFiles, maxDirectoryDepth, maxJsonDepth, maxProblemsPerFile);
    }

    public PolicyLimits withMaxLineChars(int v) {
        return new PolicyLimits(maxFileBytes, maxMtaStsBytes, v, maxEntriesPerFile, maxTotalEntries,
                maxPatternsPerPolicy, maxFiles, maxDirectoryDepth, maxJsonDepth, maxProblemsPerFile);
    }

    public PolicyLimits withMaxFiles(int v) {
        return new PolicyLimits(maxFileBytes, maxMtaStsBytes, maxLineChars, maxEntriesPerFile, maxTotalEntries,
                maxPatternsPerPolicy, v, maxDirectoryDepth, maxJsonDepth, maxProblemsPerFile);
    }

    public PolicyLimits withMaxPatternsPerPolicy(int v) {
        return new PolicyLimits(maxFileBytes, maxMtaStsBytes, maxLineChars, maxEntriesPerFile, maxTotalEntries,
                v, maxFiles, maxDirectoryDepth, maxJsonDepth, maxProblemsPerFile);
    }
}
