package org.stripwatch.sensor.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.capture.CaptureException;

/**
 * pcap4j reads the library name once per JVM, so a missing libpcap is shown in a child JVM pointed at
 * a library that does not exist.
 */
class MissingLibpcapTest {
    /** Entry point of the child JVM: prints the CaptureException's message. */
    public static void main(String[] args) {
        try (LiveSource source = LiveSource.open(LiveConfig.defaults("lo"))) {
            System.out.println("opened " + source.linkType());
        } catch (CaptureException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void missingLibpcapIsAOneLineError() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-D" + PcapLibrary.PROPERTY + "=/nonexistent/libpcap.so.9", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
                MissingLibpcapTest.class.getName())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertTrue(out.startsWith("interface lo: libpcap not found (install libpcap0.8, or set -D"
                + PcapLibrary.PROPERTY + "=/path/to/libpcap.so.N): "), out);
        assertEquals(1, out.lines().count(), out);
    }
}
