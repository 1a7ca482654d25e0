package org.stripwatch.sensor.capture.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Points pcap4j at a libpcap that exists. pcap4j asks JNA for "pcap", i.e. {@code libpcap.so}, which
 * only the -dev package installs; the runtime package ships {@code libpcap.so.0.8} (Debian) or
 * {@code libpcap.so.1} (others). An explicit {@code -Dorg.pcap4j.core.pcapLibName} always wins.
 */
final class PcapLibrary {
    static final String PROPERTY = "org.pcap4j.core.pcapLibName";
    private static final List<String> CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/libpcap.so.0.8",
            "/usr/lib/aarch64-linux-gnu/libpcap.so.0.8",
            "/usr/lib/x86_64-linux-gnu/libpcap.so.1",
            "/usr/lib/aarch64-linux-gnu/libpcap.so.1",
            "/usr/lib64/libpcap.so.1",
            "/usr/lib/libpcap.so.1",
            "/usr/lib/libpcap.so.0.8");

    private PcapLibrary() {
    }

    /** Sets the property if unset and a known library file exists; must run before pcap4j loads. */
    static synchronized void configure() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        for (String candidate : CANDIDATES) {
            if (Files.isReadable(Path.of(candidate))) {
                System.setProperty(PROPERTY, candidate);
                return;
            }
        }
    }

    /** Whether a usable libpcap was found or configured (for tests that need one). */
    static boolean available() {
        configure();
        String name = System.getProperty(PROPERTY);
        if (name != null && name.startsWith("/")) {
            return Files.isReadable(Path.of(name));
        }
        try {
            org.pcap4j.core.Pcaps.libVersion();
            return true;
        } catch (LinkageError e) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError
            return false;
        }
    }
}
