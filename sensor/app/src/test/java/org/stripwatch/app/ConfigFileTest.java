package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The YAML configuration and environment overrides, including their error messages. */
class ConfigFileTest {
    @TempDir
    Path tmp;

    private static String[] run(String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
    }

    private static String capture() {
        return Captures.dir("public").resolve("zeek-smtp-starttls.pcap").toString();
    }

    @Test
    void fileSuppliesOptionsAndTheCommandLineWins() throws Exception {
        Path sessions = tmp.resolve("s.jsonl"), flows = tmp.resolve("f.jsonl");
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "quiet: true\nreplay:\n  sessions: " + sessions
                + "\n  flows: /nonexistent/dir/f.jsonl\n  ports: [25, 2525]\n");
        String[] r = run("--config", cfg.toString(), "replay", "--flows", flows.toString(), capture());
        assertEquals("0", r[0], r[1]);
        assertEquals(1, Files.readAllLines(sessions).size());
        assertEquals(1, Files.readAllLines(flows).size());
        assertEquals("", r[1], "quiet: true came from the file");
    }

    @Test
    void unknownKeysNameFileLineAndASuggestion() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "replay:\n  max-flow: 10\nbogus: 1\n");
        String[] r = run("--config", cfg.toString(), "replay", capture());
        assertEquals(Integer.toString(ExitCodes.USAGE), r[0]);
        assertTrue(r[1].contains("c.yaml:2: unknown key 'replay.max-flow' (did you mean 'max-flows'?)"), r[1]);
        assertTrue(r[1].contains("c.yaml:3: unknown key 'bogus'"), r[1]);
        assertFalse(r[1].contains("Exception"), r[1]);
    }

    @Test
    void badValuesFromTheFileSayWhereTheyWereSet() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "# limits\nmax-flows: many\n");
        String[] r = run("--config", cfg.toString(), "replay", capture());
        assertEquals(Integer.toString(ExitCodes.USAGE), r[0]);
        assertTrue(r[1].contains("--max-flows") && r[1].contains("many") && r[1].contains("c.yaml:2"), r[1]);
        assertEquals(1, r[1].lines().count(), r[1]);
    }

    @Test
    void brokenYamlAndMissingFilesAreOneLine() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "replay: [unclosed\n");
        String[] r = run("--config", cfg.toString(), "replay", capture());
        assertEquals(Integer.toString(ExitCodes.USAGE), r[0]);
        assertTrue(r[1].startsWith("stripwatch: ") && r[1].contains("c.yaml"), r[1]);
        r = run("--config", tmp.resolve("none.yaml").toString(), "replay", capture());
        assertEquals(Integer.toString(ExitCodes.USAGE), r[0]);
        assertTrue(r[1].contains("none.yaml"), r[1]);
    }

    @Test
    void environmentOverridesTheFilePerCommandFirst() throws Exception {
        Path cfg = Files.writeString(tmp.resolve("c.yaml"), "max-flows: 10\n");
        CommandLine cl = new CommandLine(new Main());
        ConfigFile c = ConfigFile.load(cfg, cl.getCommandSpec(), Map.of("STRIPWATCH_MAX_FLOWS", "20",
                "STRIPWATCH_SENSOR_MAX_FLOWS", "30"));
        var replay = cl.getSubcommands().get("replay").getCommandSpec().findOption("--max-flows");
        var sensor = cl.getSubcommands().get("sensor").getCommandSpec().findOption("--max-flows");
        assertEquals("20", c.defaultValue(replay));
        assertEquals("30", c.defaultValue(sensor));
        assertEquals("10", ConfigFile.load(cfg, cl.getCommandSpec(), Map.of()).defaultValue(replay));
    }

    /** ops/config/stripwatch.yaml documents every key: it must stay what `stripwatch config` prints. */
    @Test
    void committedExampleIsCurrent() throws Exception {
        String expected = ConfigCommand.render(new CommandLine(new Main()).getCommandSpec());
        Path example = Captures.root().resolve("ops/config/stripwatch.yaml");
        if (Captures.regenerate()) Files.writeString(example, expected);
        assertEquals(expected, Files.readString(example),
                "regenerate with: ops/stripwatch config > ops/config/stripwatch.yaml");
        // and it is a valid configuration as it stands
        ConfigFile.load(example, new CommandLine(new Main()).getCommandSpec(), Map.of());
    }
}
