package org.stripwatch.sensor.capture.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to the root namespace by a veth pair, for live tests. Addresses are a
 * /30 from 192.0.2.0/24 (RFC 5737) chosen by pid, never .0/30, so parallel test runs (other modules use
 * 192.0.2.1/24 and .2/24) do not share addresses; the /30 is more specific than their /24.
 */
public final class Netns implements AutoCloseable {
    public final String name;
    public final String rootIf;
    public final String nsIf;
    public final String rootAddress;
    public final String nsAddress;

    Netns() throws IOException, InterruptedException {
        this("sw-cap", "192.0.2.");
    }

    /**
     * @param prefix names the namespace ({@code prefix-PID}) and the interfaces (3 letters)
     * @param net24  a documentation /24 ("198.51.100."): each module's live tests use their own
     */
    public Netns(String prefix, String net24) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        String tag = prefix.replace("-", "").substring(0, Math.min(3, prefix.replace("-", "").length()));
        name = prefix + "-" + pid;
        rootIf = tag + (pid % 1_000_000) + "a";
        nsIf = tag + (pid % 1_000_000) + "b";
        int base = (int) (1 + pid % 63) * 4;
        rootAddress = net24 + (base + 1);
        nsAddress = net24 + (base + 2);
        try {
            ip("netns", "add", name);
            ip("link", "add", rootIf, "mtu", "1500", "type", "veth", "peer", "name", nsIf, "mtu", "1500");
            ip("link", "set", nsIf, "netns", name);
            ip("addr", "add", rootAddress + "/30", "dev", rootIf);
            ip("link", "set", rootIf, "up");
            ip("-n", name, "addr", "add", nsAddress + "/30", "dev", nsIf);
            ip("-n", name, "link", "set", nsIf, "up");
            ip("-n", name, "link", "set", "lo", "up");
            disableOffloads();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public static boolean usable() {
        boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"));
        return ip && "root".equals(System.getProperty("user.name"));
    }

    /** Segmentation offloads would hand libpcap 64 KiB "frames"; switch them off for realistic ones. */
    private void disableOffloads() throws IOException, InterruptedException {
        if (Files.isExecutable(Path.of("/usr/sbin/ethtool")) || Files.isExecutable(Path.of("/sbin/ethtool"))) {
            run(List.of("ethtool", "-K", rootIf, "tso", "off", "gso", "off", "gro", "off"), false);
            run(List.of("ip", "netns", "exec", name, "ethtool", "-K", nsIf, "tso", "off", "gso", "off", "gro", "off"),
                    false);
        }
    }

    public void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        run(command, true);
    }

    /** Runs {@code bash -c script} inside the namespace; returns its exit status. */
    public int exec(String script) throws IOException, InterruptedException {
        return run(List.of("ip", "netns", "exec", name, "bash", "-c", script), false);
    }

    private static int run(List<String> command, boolean mustSucceed) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + command);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (mustSucceed && p.exitValue() != 0) {
            throw new IOException(command + " failed (" + p.exitValue() + "): " + output);
        }
        return p.exitValue();
    }

    /** Deleting the namespace destroys the veth pair too; the explicit delete covers a half-made setup. */
    @Override
    public void close() throws IOException {
        try {
            run(List.of("ip", "netns", "del", name), false);
            run(List.of("ip", "link", "del", rootIf), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the started `ip` commands still complete on their own
            throw new IOException("interrupted while deleting namespace " + name, e);
        }
    }
}
