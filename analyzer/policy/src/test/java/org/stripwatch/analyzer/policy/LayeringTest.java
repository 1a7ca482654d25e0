package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The analyzer never imports the sensor (STYLE.md, "Facts first, policy second"). */
class LayeringTest {
    @Test
    void noSensorImports() throws Exception {
        String root = System.getProperty("stripwatch.root");
        Assumptions.assumeTrue(root != null, "stripwatch.root not set (run through Maven)");
        Path src = Path.of(root, "analyzer/policy/src/main/java");
        Assumptions.assumeTrue(Files.isDirectory(src));
        List<Path> offenders;
        try (Stream<Path> s = Files.walk(src)) {
            offenders = s.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("org.stripwatch.sensor");
                } catch (java.io.IOException e) {
                    return true;
                }
            }).toList();
        }
        assertEquals(List.of(), offenders);
        String pom = Files.readString(Path.of(root, "analyzer/policy/pom.xml"));
        assertFalse(pom.contains("stripwatch-sensor"), "analyzer/policy must not depend on a sensor module");
    }
}
