package org.stripwatch.app;

/** Process exit codes (sysexits.h spirit), documented in the README and in --help. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INPUT = 1;
    public static final int USAGE = 2;
    public static final int DAMAGED_INPUT = 3;
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
