package org.stripwatch.app;

import org.stripwatch.sensor.capture.live.Netns;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, least privilege: the sensor command captures live with nothing but CAP_NET_RAW, as an
 * unprivileged user (nobody) with no new privileges and a bounding set of CAP_NET_RAW alone, on a
 * veth pair in a network namespace; without the capability it fails with one clear line.
 */
@Tag("live")
class LeastPrivilegeCaptureTest {
    private static final int PORT = 2525;
    /** The test's class path, copied where an unprivileged user can read it (~/.m2 is root's). */
    private static Path world;
    private static String classPath;

    @BeforeAll
    static void worldReadableClassPath() throws IOException {
        if (!Netns.usable() || !Files.isExecutable(Path.of("/usr/bin/setpriv"))) return;
        world = Files.createTempDirectory("sw-leastpriv");
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) continue;
            Path dst = world.resolve("cp" + i++ + (Files.isDirectory(src) ? "" : "-" + src.getFileName()));
            copy(src, dst);
            entries.add(dst.toString());
        }
        classPath = String.join(java.io.File.pathSeparator, entries);
        try (Stream<Path> all = Files.walk(world)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx"
                        : "rw-r--r--"));
            }
        }
    }

    private static void copy(Path src, Path dst) throws IOException {
        if (!Files.isDirectory(src)) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @AfterAll
    static void removeCopy() throws IOException {
        if (world == null) return;
        try (Stream<Path> s = Files.walk(world)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** The sensor command as nobody; {@code caps} is "+net_raw" or "" (none at all). */
    private static Process sensor(Netns ns, Path out, String caps) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String set = caps.isEmpty() ? "-all" : "-all," + caps;
        return new ProcessBuilder("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--no-new-privs",
                "--inh-caps=" + set, "--ambient-caps=" + set, "--bounding-set=" + set,
                java, "-cp", classPath, Main.class.getName(), "sensor", "-i", ns.rootIf, "--filter",
                "tcp port " + PORT, "--ports", Integer.toString(PORT), "--sessions", out.resolve("s.jsonl").toString(),
                "--flows", out.resolve("f.jsonl").toString())
                .redirectErrorStream(true).redirectOutput(out.resolve("out.txt").toFile()).start();
    }

    private static Path outputDir() throws IOException {
        Path out = Files.createDirectories(world.resolve("out-" + System.nanoTime()));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        return out;
    }

    @Test
    void capturesWithOnlyCapNetRawAsAnUnprivilegedUser() throws Exception {
        assumeTrue(world != null, "needs root, iproute2 and setpriv");
        try (Netns ns = new Netns("sw-app", "198.51.100."); ServerSocket server = new ServerSocket(PORT, 50,
                InetAddress.getByName(ns.rootAddress))) {
            Path out = outputDir();
            Process p = sensor(ns, out, "+net_raw");
            try {
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        Files.readString(out.resolve("out.txt")).contains("capturing on") || !p.isAlive());
                assertTrue(p.isAlive(), Files.readString(out.resolve("out.txt")));
                // The process really is unprivileged: nobody, CAP_NET_RAW (bit 13) and nothing else.
                String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
                // setpriv execs java in place, so the pid is the JVM's.
                assertTrue(status.contains("Uid:\t65534\t65534\t65534\t65534"), status);
                assertTrue(status.contains("CapEff:\t0000000000002000"), status);
                assertTrue(status.contains("CapBnd:\t0000000000002000"), status);
                assertTrue(status.contains("NoNewPrivs:\t1"), status);
                Thread acceptor = new Thread(() -> answer(server), "server");
                acceptor.start();
                assertEquals(0, ns.exec("exec 3<>/dev/tcp/" + ns.rootAddress + "/" + PORT
                        + "; printf 'EHLO unprivileged.example\\r\\n' >&3; cat <&3 >/dev/null; exec 3>&-"));
                acceptor.join(10_000);
                Thread.sleep(500);
            } finally {
                p.destroy(); // SIGTERM: the sensor flushes and exits
                assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sensor did not stop");
            }
            String log = Files.readString(out.resolve("out.txt"));
            List<String> sessions = Files.readAllLines(out.resolve("s.jsonl"));
            assertEquals(1, sessions.size(), log);
            assertTrue(sessions.get(0).contains("\"helo_name\":\"unprivileged.example\""), sessions.get(0));
            assertTrue(sessions.get(0).contains("\"offered\":true"), sessions.get(0));
        }
    }

    @Test
    void withoutCapNetRawItFailsWithOneClearLine() throws Exception {
        assumeTrue(world != null, "needs root, iproute2 and setpriv");
        try (Netns ns = new Netns("sw-app", "198.51.100.")) {
            Path out = outputDir();
            Process p = sensor(ns, out, "");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "sensor without CAP_NET_RAW did not give up");
            String log = Files.readString(out.resolve("out.txt"), StandardCharsets.UTF_8).strip();
            assertEquals(ExitCodes.INPUT, p.exitValue(), log);
            assertEquals(1, log.lines().count(), log);
            assertTrue(log.contains(ns.rootIf), log);
            assertTrue(log.toLowerCase(java.util.Locale.ROOT).contains("permission")
                    || log.contains("CAP_NET_RAW"), log);
            assertFalse(log.contains("\tat "), log);
        }
    }

    /** One SMTP exchange: greeting, the EHLO line, a reply offering STARTTLS, close. */
    private static void answer(ServerSocket server) {
        try (Socket s = server.accept()) {
            s.getOutputStream().write("220 mx.example.net ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            in.readLine();
            s.getOutputStream().write("250-mx.example.net\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            in.read();
        } catch (IOException ignored) {
            // the test's assertions tell what went wrong
        }
    }
}
