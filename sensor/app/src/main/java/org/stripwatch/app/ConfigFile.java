package org.stripwatch.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a YAML file and the environment, for container and service use.
 *
 * <p>Precedence: the command line, then the environment ({@code STRIPWATCH_<COMMAND>_<OPTION>} or
 * {@code STRIPWATCH_<OPTION>}, dashes as underscores), then the file (a {@code command:} section, or
 * a top-level key that applies to every command with that option), then the built-in default. Keys
 * are the long option names without the dashes; {@code stripwatch config} prints every key with its
 * default and meaning. Unknown keys are errors that name the file and line.
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    /** A value and where it came from, for error messages. */
    record Value(String text, String origin) {}

    private final Map<String, Value> values; // "replay.max-flows" or "max-flows"
    private final Map<String, String> env;
    private final Map<String, String> supplied = new HashMap<>();

    private ConfigFile(Map<String, Value> values, Map<String, String> env) {
        this.values = values;
        this.env = env;
    }

    static ConfigFile environmentOnly(Map<String, String> env) {
        return new ConfigFile(Map.of(), env);
    }

    /**
     * Reads {@code file} and checks every key against the commands' options.
     *
     * @throws IllegalArgumentException with one line per problem, each naming the file and line
     */
    static ConfigFile load(Path file, CommandSpec root, Map<String, String> env) throws IOException {
        Node doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions lo = new LoaderOptions();
            lo.setMaxAliasesForCollections(10);
            lo.setCodePointLimit(1 << 20);
            doc = new Yaml(lo).compose(r);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        Map<String, Value> values = new LinkedHashMap<>();
        if (doc == null) return new ConfigFile(values, env);
        if (!(doc instanceof MappingNode top)) {
            throw new IllegalArgumentException(file + ":" + line(doc) + ": expected a mapping of option names to values");
        }
        Map<String, Set<String>> known = knownKeys(root);
        Set<String> anyCommand = known.values().stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        StringBuilder problems = new StringBuilder();
        for (NodeTuple t : top.getValue()) {
            String key = scalar(t.getKeyNode());
            if (known.containsKey(key) && t.getValueNode() instanceof MappingNode section) {
                for (NodeTuple st : section.getValue()) {
                    String sub = scalar(st.getKeyNode());
                    if (!known.get(key).contains(sub)) {
                        problem(problems, file, st.getKeyNode(), "unknown key '" + key + "." + sub + "'" + hint(sub, known.get(key)));
                    } else {
                        put(values, problems, file, key + "." + sub, st.getValueNode());
                    }
                }
            } else if (known.containsKey(key) && t.getValueNode() instanceof ScalarNode empty
                    && empty.getValue().isEmpty()) {
                continue; // a section with every key commented out
            } else if (anyCommand.contains(key)) {
                put(values, problems, file, key, t.getValueNode());
            } else {
                problem(problems, file, t.getKeyNode(), "unknown key '" + key + "'" + hint(key, anyCommand));
            }
        }
        if (problems.length() > 0) throw new IllegalArgumentException(problems.substring(1));
        return new ConfigFile(values, env);
    }

    private static void put(Map<String, Value> values, StringBuilder problems, Path file, String key, Node v) {
        String origin = file + ":" + line(v);
        if (v instanceof ScalarNode s) {
            values.put(key, new Value(s.getValue(), origin));
        } else if (v instanceof SequenceNode seq) {
            StringBuilder joined = new StringBuilder();
            for (Node item : seq.getValue()) {
                if (!(item instanceof ScalarNode s)) {
                    problem(problems, file, item, "'" + key + "': list items must be plain values");
                    return;
                }
                joined.append(joined.length() == 0 ? "" : ",").append(s.getValue());
            }
            values.put(key, new Value(joined.toString(), origin));
        } else {
            problem(problems, file, v, "'" + key + "': expected a value or a list");
        }
    }

    private static void problem(StringBuilder sb, Path file, Node n, String what) {
        sb.append('\n').append(file).append(':').append(line(n)).append(": ").append(what);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : "?";
    }

    private static String hint(String key, Set<String> candidates) {
        String best = null;
        int bestD = 3;
        for (String c : candidates) {
            int d = distance(key, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }

    /** Command name → its long option names without dashes (help, version and config excluded). */
    static Map<String, Set<String>> knownKeys(CommandSpec root) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (CommandLine sub : root.subcommands().values()) {
            Set<String> keys = new TreeSet<>();
            for (OptionSpec o : sub.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config")) {
                    keys.add(o.longestName().replaceFirst("^--?", ""));
                }
            }
            out.put(sub.getCommandName(), keys);
        }
        return out;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.usageHelp() || o.versionHelp()) return null;
        String key = o.longestName().replaceFirst("^--?", "");
        String cmd = o.command().name();
        String envKey = key.toUpperCase(Locale.ROOT).replace('-', '_');
        String cmdEnv = "STRIPWATCH_" + cmd.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + envKey;
        if (env.get(cmdEnv) != null) return supply(o, env.get(cmdEnv), "environment variable " + cmdEnv);
        if (env.get("STRIPWATCH_" + envKey) != null) {
            return supply(o, env.get("STRIPWATCH_" + envKey), "environment variable STRIPWATCH_" + envKey);
        }
        Value v = values.get(cmd + "." + key);
        if (v == null) v = values.get(key);
        return v == null ? null : supply(o, v.text(), v.origin());
    }

    private String supply(OptionSpec o, String value, String origin) {
        supplied.put(o.longestName(), origin);
        return value;
    }

    /** Where an option's value came from when this provider supplied it, else null. */
    String originOf(String optionName) {
        return supplied.get(optionName);
    }
}
