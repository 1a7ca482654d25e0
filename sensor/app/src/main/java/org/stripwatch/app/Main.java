package org.stripwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stripwatch} command. Exit codes are listed in {@link ExitCodes} and the README. */
@Command(name = "stripwatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Passive sensor for attacks on SMTP STARTTLS: replays captures or watches an interface.",
        subcommands = {ReplayCommand.class, SensorCommand.class, AnalyzerCommand.class, TlsrptCommand.class,
            ReportCommand.class, MeasureCommand.class, ConfigCommand.class,
            CommandLine.HelpCommand.class,
            CompletionCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:an input or output could not be used (missing, unreadable, not a capture)",
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
        // Kafka clients warn on every failed reconnect to an unreachable broker; the publisher reports
        // the outage itself (spooling, drops), once per interval.
        QUIET[0].setLevel(java.util.logging.Level.SEVERE);
        QUIET[1].setLevel(java.util.logging.Level.WARNING);
        // Avro 1.12 instantiates generated classes only from trusted packages (CVE-2024-47561 fix).
        if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
            System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "org.stripwatch.schemas");
        }
        CommandLine cl = new CommandLine(new Main());
        ConfigFile config;
        try {
            String file = configPath(args);
            config = file == null ? ConfigFile.environmentOnly(System.getenv())
                    : ConfigFile.load(java.nio.file.Path.of(file), cl.getCommandSpec(), System.getenv());
        } catch (IllegalArgumentException e) {
            for (String line : e.getMessage().split("\n")) cl.getErr().println("stripwatch: " + line);
            return ExitCodes.USAGE;
        } catch (java.io.IOException e) {
            cl.getErr().println("stripwatch: --config: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        cl.setDefaultValueProvider(config);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("stripwatch: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            String origin = ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o ? config.originOf(o.longestName()) : null;
            ex.getCommandLine().getErr().println("stripwatch: " + ex.getMessage()
                    + (origin == null ? "" : " (set in " + origin + ")")
                    + " (see 'stripwatch " + commandPath(ex.getCommandLine()) + "--help')");
            return ExitCodes.USAGE;
        });
        return cl.execute(args);
    }

    /** The value of --config (or STRIPWATCH_CONFIG): needed before parsing, to supply defaults. */
    private static String configPath(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config")) {
                if (i + 1 >= args.length) throw new IllegalArgumentException("--config: missing FILE");
                return args[i + 1];
            }
            if (args[i].startsWith("--config=")) return args[i].substring("--config=".length());
        }
        return System.getenv("STRIPWATCH_CONFIG");
    }

    @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "YAML file of option defaults (see 'stripwatch config'); also STRIPWATCH_CONFIG.")
    java.nio.file.Path configFile;

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
