package org.stripwatch.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the committed captures are, for tests. */
final class Captures {
    private Captures() {}

    static Path root() {
        String r = System.getProperty("stripwatch.root");
        Path p = r == null ? Path.of("../..") : Path.of(r);
        return p.toAbsolutePath().normalize();
    }

    static Path dir(String sub) {
        return root().resolve("captures").resolve(sub);
    }

    /** Capture files (pcap, pcapng, gzip) directly in {@code dir}, sorted. */
    static List<Path> in(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> baseName(p) != null).sorted().toList();
        }
    }

    /** The file name without its capture extension, or null if it is not a capture. */
    static String baseName(Path p) {
        String n = p.getFileName().toString();
        for (String ext : new String[] {".pcap.gz", ".pcapng.gz", ".pcapng", ".pcap"}) {
            if (n.endsWith(ext)) return n.substring(0, n.length() - ext.length());
        }
        return null;
    }

    static boolean regenerate() {
        return "1".equals(System.getenv("STRIPWATCH_REGENERATE")) || Boolean.getBoolean("stripwatch.regenerate");
    }
}
