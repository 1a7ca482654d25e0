package org.stripwatch.app;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** Prints a configuration file with every key, its default and its meaning. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print a YAML configuration file with every key documented and its default shown.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch config > /etc/stripwatch/stripwatch.yaml   # then edit, and run with --config",
            "  STRIPWATCH_SENSOR_KAFKA=k1:9092 stripwatch sensor -i eth1   # environment overrides the file"})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(render(spec.root()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The documented configuration of every command (stable order: a committed example is tested against it). */
    static String render(CommandSpec root) {
        StringBuilder sb = new StringBuilder();
        sb.append("# stripwatch configuration (stripwatch --config FILE).\n")
                .append("# Precedence: command line > environment (STRIPWATCH_<COMMAND>_<KEY> or STRIPWATCH_<KEY>,\n")
                .append("# upper case, dashes as underscores) > this file > built-in defaults.\n")
                .append("# A key at the top level applies to every command that has it; a section applies to one.\n")
                .append("# Every key is commented out at its default: uncomment what you change.\n");
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec cmd = e.getValue().getCommandSpec();
            StringBuilder keys = new StringBuilder();
            for (OptionSpec o : cmd.options()) {
                if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--config")) continue;
                String key = o.longestName().replaceFirst("^--?", "");
                keys.append("\n  # ").append(String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
                        String.valueOf(o.defaultValue())).replace('\n', ' ')).append('\n');
                String def = o.defaultValue();
                keys.append("  # ").append(key).append(": ").append(def == null ? "" : yaml(def)).append('\n');
            }
            if (keys.length() == 0) continue;
            sb.append('\n').append(e.getKey()).append(":  # ").append(String.join(" ", cmd.usageMessage().description()))
                    .append(keys);
        }
        return sb.toString();
    }

    private static String yaml(String v) {
        if (v.contains(",")) return "[" + v + "]";
        return v.isEmpty() || v.contains(":") || v.contains("#") || v.contains("'") ? "\"" + v.replace("\"", "\\\"") + "\"" : v;
    }
}
