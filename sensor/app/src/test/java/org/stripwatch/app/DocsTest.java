package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.session.FindingType;

/**
 * The reference documents every finding type the sensor can emit (and the README names them all); the
 * systemd units run the JVM with the options of ops/config/jvm.options.
 */
class DocsTest {
    @Test
    void everyFindingTypeIsDocumented() throws Exception {
        String reference = Files.readString(Captures.root().resolve("ops/docs/reference.md"));
        String readme = Files.readString(Captures.root().resolve("README.md"));
        for (FindingType t : FindingType.values()) {
            assertTrue(reference.contains("`" + t.wireName() + "`"), t + " missing from ops/docs/reference.md");
            assertTrue(readme.contains("`" + t.wireName() + "`"), t + " missing from README.md");
        }
    }

    @Test
    void systemdUnitsCarryTheJvmOptions() throws Exception {
        var options = Files.readAllLines(Captures.root().resolve("ops/config/jvm.options")).stream()
                .map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        assertFalse(options.isEmpty());
        for (String unit : new String[] {"stripwatch-sensor.service", "stripwatch-analyzer.service"}) {
            String text = Files.readString(Captures.root().resolve("ops/systemd/" + unit));
            String javaOpts = text.lines().filter(l -> l.startsWith("Environment=") && l.contains("JAVA_OPTS="))
                    .findFirst().orElseThrow(() -> new AssertionError(unit + ": no JAVA_OPTS"));
            for (String o : options) assertTrue(javaOpts.contains(" " + o), unit + " JAVA_OPTS lacks " + o);
        }
    }
}
