package org.stripwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stripwatch} command. Exit codes are listed in {@link ExitCodes} and the README. */
@Command(name = "stripwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Passive sensor for attacks on SMTP STARTTLS: replays captures or watches an interface.",
        subcommands = {ReplayCommand.class, SensorCommand.class, AnalyzerCommand.class, TlsrptCommand.class,
            CommandLine.HelpCommand.class,
            picocli.AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an input could not be used (missing, unreadable, not a capture)",
            "2:bad command line or configuration",
            "3:an input was damaged; results for what was readable were written",
            "70:internal error (a bug: please report it)"})
public final class Main {
    /** Libraries that log chattily at INFO (Kafka clients, pcap4j); held so the levels stick. */
    private static final java.util.logging.Logger[] QUIET = {
        java.util.logging.Logger.getLogger("org.apache.kafka"), java.util.logging.Logger.getLogger("org.pcap4j")};

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        for (java.util.logging.Logger l : QUIET) l.setLevel(java.util.logging.Level.WARNING);
        // Avro 1.12 instantiates generated classes only from trusted packages (CVE-2024-47561 fix).
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.stripwatch.schemas");
        }
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("stripwatch: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("stripwatch: " + ex.getMessage()
                    + " (see 'stripwatch " + commandPath(ex.getCommandLine()) + "--help')");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    private static String commandPath(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        return q.startsWith("stripwatch") ? q.substring("stripwatch".length()).trim() + (q.equals("stripwatch") ? "" : " ") : q + " ";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"stripwatch " + (v == null ? "development build" : v)};
        }
    }
}
