package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, bad input from users: every subcommand and flag with invalid values, missing and
 * unreadable files, a directory where a file is expected (and the reverse), wrong formats (text as
 * a capture, a capture as a policy or a session log). Each must end with a non-zero exit code
 * that is not "internal error", one line on standard error naming the value or file, and no stack
 * trace. All cases run; the failure lists every case that misbehaved.
 */
class BadInputCatalogueTest {
    @TempDir
    Path tmp;

    private Path text, pcap, emptyDir, brokenPolicies, fileAsDir, sessionsLog, goodSessions;
    /** Readable by nobody, not even root: reading fails with EIO. */
    private static final String UNREADABLE = "/proc/self/mem";

    private record Case(String name, String mention, int maxStderrLines, String... args) {
        /** A case whose fix belongs in the CLI (sensor/app main code), listed for the lead; reported, not failed. */
        boolean pendingCli() {
            return PENDING_CLI.contains(name);
        }
    }

    /** Known CLI-side gaps, each with the fix given in the robustness report; remove a name once fixed. */
    private static final java.util.Set<String> PENDING_CLI = java.util.Set.of();

    private record Outcome(int code, String out, String err) {}

    @BeforeEach
    void files() throws Exception {
        text = Files.writeString(tmp.resolve("notes.txt"), "hello, this is not a capture\n");
        pcap = Captures.dir("public").resolve("zeek-smtp-starttls.pcap");
        emptyDir = Files.createDirectories(tmp.resolve("empty-dir"));
        brokenPolicies = Files.createDirectories(tmp.resolve("policies"));
        Files.writeString(brokenPolicies.resolve("example.net.mta-sts.txt"),
                "version: STSv1\nmode: enforcing\nmx: mx1.example.net\nmax_age: 1\n");
        fileAsDir = Files.writeString(tmp.resolve("plain-file"), "x");
        sessionsLog = Files.writeString(tmp.resolve("sessions.jsonl"), "{\"client_ip\": \"192.0.2.1\", \"broken\n");
        goodSessions = tmp.resolve("good.jsonl");
        if (Files.isRegularFile(pcap)) run("replay", "-q", "--sessions", goodSessions.toString(), pcap.toString());
    }

    private List<Case> cases() {
        String p = pcap.toString(), t = text.toString(), d = emptyDir.toString(), f = fileAsDir.toString();
        String nope = tmp.resolve("nope.pcap").toString();
        String noDir = tmp.resolve("no/such/dir/out.jsonl").toString();
        String k = "127.0.0.1:1"; // nothing listens there
        List<Case> c = new ArrayList<>();
        // top level
        c.add(new Case("unknown subcommand", "frobnicate", 1, "frobnicate"));
        c.add(new Case("unknown top-level flag", "--nope", 1, "--nope"));
        // replay: inputs
        c.add(new Case("replay without files", "FILE", 1, "replay"));
        c.add(new Case("replay missing file", "nope.pcap", 1, "replay", nope));
        c.add(new Case("replay text file", "notes.txt", 1, "replay", t));
        c.add(new Case("replay unreadable file", "mem", 1, "replay", UNREADABLE));
        c.add(new Case("replay empty directory", "empty-dir", 1, "replay", d));
        // replay: analysis flags
        c.add(new Case("--ports zero", "0", 1, "replay", "--ports", "0", p));
        c.add(new Case("--ports word", "abc", 1, "replay", "--ports", "abc", p));
        c.add(new Case("--ports too big", "70000", 1, "replay", "--ports", "25,70000", p));
        c.add(new Case("--ports empty", "--ports", 1, "replay", "--ports", "", p));
        c.add(new Case("--max-flows zero", "--max-flows", 1, "replay", "--max-flows", "0", p));
        c.add(new Case("--max-flows negative", "-5", 1, "replay", "--max-flows", "-5", p));
        c.add(new Case("--max-flows word", "many", 1, "replay", "--max-flows", "many", p));
        c.add(new Case("--idle-timeout negative", "--idle-timeout", 1, "replay", "--idle-timeout", "-1", p));
        c.add(new Case("--idle-timeout zero", "--idle-timeout", 1, "replay", "--idle-timeout", "0", p));
        c.add(new Case("--idle-timeout word", "soon", 1, "replay", "--idle-timeout", "soon", p));
        c.add(new Case("--verify-checksums value", "maybe", 1, "replay", "--verify-checksums=maybe", p));
        // replay: outputs
        c.add(new Case("--sessions into a directory", "empty-dir", 1, "replay", "--sessions", d, p));
        c.add(new Case("--sessions under a missing directory", "no/such/dir", 1, "replay", "--sessions", noDir, p));
        c.add(new Case("--flows into a directory", "empty-dir", 1, "replay", "--flows", d, p));
        c.add(new Case("--flows under a file", "plain-file", 1, "replay", "--flows", f + "/x.jsonl", p));
        // replay: analyzer flags
        c.add(new Case("--policies missing", "nope", 2, "replay", "--policies", tmp.resolve("nope").toString(),
                "--alerts", "-", p));
        c.add(new Case("--policies a pcap", "zeek-smtp-starttls.pcap", 2, "replay", "--policies", p, "--alerts", "-", p));
        c.add(new Case("--policies a text file", "notes.txt", 2, "replay", "--policies", t, "--alerts", "-", p));
        c.add(new Case("--policies unreadable", "mem", 2, "replay", "--policies", UNREADABLE, "--alerts", "-", p));
        c.add(new Case("--policies broken file", "example.net.mta-sts.txt:2", 3, "replay", "--policies",
                brokenPolicies.toString(), "--alerts", "-", p));
        c.add(new Case("--alerts into a directory", "empty-dir", 1, "replay", "--policies", brokenPolicies.getParent()
                .resolve("empty-dir").toString(), "--alerts", d, p));
        c.add(new Case("--state is a file", "plain-file", 1, "replay", "--alerts", "-", "--state", f, p));
        c.add(new Case("--min-severity bogus", "BOGUS", 1, "replay", "--alerts", "-", "--min-severity", "BOGUS", p));
        // sensor
        c.add(new Case("sensor without input", "--interface", 1, "sensor", "--kafka", k));
        c.add(new Case("sensor without --kafka", "--kafka", 1, "sensor", p));
        c.add(new Case("sensor unknown interface", "nosuchif0", 1, "sensor", "--kafka", k, "-i", "nosuchif0"));
        c.add(new Case("sensor missing file", "nope.pcap", 1, "sensor", "--kafka", k, "--spool",
                tmp.resolve("s1").toString(), nope));
        c.add(new Case("sensor text file", "notes.txt", 1, "sensor", "--kafka", k, "--spool",
                tmp.resolve("s2").toString(), t));
        c.add(new Case("--snaplen zero", "snaplen", 1, "sensor", "--kafka", k, "--snaplen", "0", "-i", "lo"));
        c.add(new Case("--snaplen word", "big", 1, "sensor", "--kafka", k, "--snaplen", "big", "-i", "lo"));
        c.add(new Case("--buffer-size negative", "-1", 1, "sensor", "--kafka", k, "--buffer-size", "-1",
                "-i", "lo"));
        c.add(new Case("--workers with --interface", "--workers", 1, "sensor", "--kafka", k, "--workers", "2",
                "-i", "lo"));
        c.add(new Case("--filter bad BPF", "tcp port", 1, "sensor", "--kafka", k, "--filter", "tcp port", "-i", "lo"));
        c.add(new Case("--kafka empty", "host:port", 1, "sensor", "--kafka", "", p));
        c.add(new Case("--kafka no port", "localhost", 1, "sensor", "--kafka", "localhost", p));
        c.add(new Case("--kafka-config missing", "nope.properties", 1, "sensor", "--kafka", k, "--kafka-config",
                tmp.resolve("nope.properties").toString(), p));
        c.add(new Case("--kafka-config a directory", "empty-dir", 1, "sensor", "--kafka", k, "--kafka-config", d, p));
        c.add(new Case("--kafka-config unreadable", "mem", 1, "sensor", "--kafka", k, "--kafka-config", UNREADABLE, p));
        c.add(new Case("--spool is a file", "plain-file", 1, "sensor", "--kafka", k, "--spool", f, p));
        c.add(new Case("--spool-max-bytes negative", "--spool-max-bytes", 1, "sensor", "--kafka", k,
                "--spool-max-bytes", "-1", p));
        c.add(new Case("--spool-max-bytes word", "lots", 1, "sensor", "--kafka", k, "--spool-max-bytes", "lots", p));
        c.add(new Case("--heartbeat-interval zero", "--heartbeat-interval", 1, "sensor", "--kafka", k,
                "--heartbeat-interval", "0", p));
        c.add(new Case("--sessions-topic empty", "topic", 1, "sensor", "--kafka", k, "--sessions-topic", "", p));
        c.add(new Case("--sessions-topic illegal", "a/b", 1, "sensor", "--kafka", k, "--sessions-topic", "a/b", p));
        // analyzer
        c.add(new Case("analyzer without --kafka", "--kafka", 1, "analyzer"));
        c.add(new Case("analyzer --kafka no port", "localhost", 1, "analyzer", "--kafka", "localhost"));
        c.add(new Case("analyzer --policies missing", "nope", 2, "analyzer", "--kafka", k, "--policies",
                tmp.resolve("nope").toString()));
        c.add(new Case("analyzer --policies broken", "example.net.mta-sts.txt:2", 3, "analyzer", "--kafka", k,
                "--policies", brokenPolicies.toString()));
        c.add(new Case("analyzer --syslog bogus", "bogus", 1, "analyzer", "--kafka", k, "--syslog", "bogus://x"));
        c.add(new Case("analyzer --syslog no port", "siem.example", 1, "analyzer", "--kafka", k, "--syslog",
                "siem.example"));
        c.add(new Case("analyzer --kafka-config missing", "nope.properties", 1, "analyzer", "--kafka", k,
                "--kafka-config", tmp.resolve("nope.properties").toString()));
        c.add(new Case("analyzer --group empty", "group", 1, "analyzer", "--kafka", k, "--group", ""));
        c.add(new Case("analyzer --alerts into a directory", "empty-dir", 1, "analyzer", "--kafka", k, "--alerts", d));
        c.add(new Case("analyzer --state is a file", "plain-file", 1, "analyzer", "--kafka", k, "--state", f));
        c.add(new Case("analyzer --min-severity bogus", "BOGUS", 1, "analyzer", "--kafka", k, "--min-severity",
                "BOGUS"));
        // tlsrpt
        String out = tmp.resolve("reports").toString();
        c.add(new Case("tlsrpt without --org", "--org", 1, "tlsrpt", "--contact", "a@example.net", "--out", out,
                sessionsLog.toString()));
        c.add(new Case("tlsrpt missing sessions", "nope.jsonl", 1, "tlsrpt", "--org", "X", "--contact",
                "a@example.net", "--out", out, tmp.resolve("nope.jsonl").toString()));
        c.add(new Case("tlsrpt a pcap as sessions", "zeek-smtp-starttls.pcap", 1, "tlsrpt", "--org", "X", "--contact",
                "a@example.net", "--out", out, p));
        c.add(new Case("tlsrpt broken json line", "sessions.jsonl:1", 1, "tlsrpt", "--org", "X", "--contact",
                "a@example.net", "--out", out, sessionsLog.toString()));
        c.add(new Case("tlsrpt unreadable sessions", "mem", 1, "tlsrpt", "--org", "X", "--contact", "a@example.net",
                "--out", out, UNREADABLE));
        c.add(new Case("tlsrpt --out is a file", "plain-file", 1, "tlsrpt", "--org", "X", "--contact",
                "a@example.net", "--out", f, goodSessions.toString()));
        c.add(new Case("tlsrpt --policies missing", "nope", 2, "tlsrpt", "--org", "X", "--contact", "a@example.net",
                "--out", out, "--policies", tmp.resolve("nope").toString(), goodSessions.toString()));
        // generate-completion
        c.add(new Case("generate-completion extra argument", "extra", 1, "generate-completion", "extra"));
        c.add(new Case("generate-completion unknown flag", "--zsh", 1, "generate-completion", "--zsh"));
        return c;
    }

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "catalogue");
        t.setDaemon(true);
        return t;
    });

    /** Runs the CLI with its own streams; a case that would run forever (a live capture) is cut at 20 s. */
    private static Outcome run(String... args) throws Exception {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            Future<Integer> f = RUNNER.submit(() -> Main.run(args));
            int code;
            try {
                code = f.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                code = Integer.MIN_VALUE;
            }
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String problem(Case c, Outcome o) {
        if (o.code == Integer.MIN_VALUE) return "did not end within 20 s";
        if (o.code == 0) return "exit code 0";
        if (o.code == ExitCodes.INTERNAL) return "exit code 70 (internal error)";
        String err = o.err.strip();
        if (err.contains("\tat ") || err.contains("Exception") || err.contains("Error:") && err.contains("java."))
            return "stack trace or exception name";
        long lines = err.isEmpty() ? 0 : err.lines().count();
        if (lines == 0) return "nothing on standard error";
        if (lines > c.maxStderrLines) return lines + " lines on standard error";
        if (!err.contains(c.mention)) return "does not name \"" + c.mention + "\"";
        return null;
    }

    @Test
    void everyBadInputGetsOneClearLineAndANonZeroExit() throws Exception {
        assumeCapture();
        List<String> failures = new ArrayList<>(), pending = new ArrayList<>();
        int n = 0;
        for (Case c : cases()) {
            n++;
            String[] args = c.args;
            if (args[0].equals("sensor") && !List.of(args).contains("--spool")) {
                // never the default spool in the working directory
                args = java.util.stream.Stream.concat(Stream.of(args), Stream.of("--spool",
                        tmp.resolve("spool-" + n).toString())).toArray(String[]::new);
            }
            Outcome o = run(args);
            String p = problem(c, o);
            if (p != null) {
                (c.pendingCli() ? pending : failures).add(c.name + " " + String.join(" ", c.args).replace(tmp.toString(), "$TMP") + "\n    -> "
                        + p + " [exit " + o.code + "]: " + o.err.strip().replace(tmp.toString(), "$TMP")
                        .replace("\n", "\n       "));
            }
        }
        if (!pending.isEmpty()) System.err.println("[catalogue] pending CLI fixes:\n" + String.join("\n", pending));
        System.err.println("[catalogue] " + n + " bad inputs, " + failures.size() + " failed, " + pending.size()
                + " pending CLI fixes");
        assertTrue(failures.isEmpty(), failures.size() + " of " + n + " bad inputs were not handled cleanly:\n"
                + String.join("\n", failures));
    }

    private void assumeCapture() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(pcap), "public capture missing");
    }

}
