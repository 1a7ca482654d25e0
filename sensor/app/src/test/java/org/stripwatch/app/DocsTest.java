package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.session.FindingType;

/** The reference documents every finding type the sensor can emit (and the README names them all). */
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
}
