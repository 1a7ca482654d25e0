package org.stripwatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evolution rule, enforced: every current schema must read data written with every released version
 * (backward) and every released reader must read data written with the current schema (forward). Removing,
 * renaming or retyping a field, or adding one without a default, fails here.
 */
class SchemaCompatibilityTest {
    static final List<Schema> CURRENT = List.of(
            SessionRecord.getClassSchema(), Heartbeat.getClassSchema(), Alert.getClassSchema());

    static Stream<Schema> current() {
        return CURRENT.stream();
    }

    @ParameterizedTest
    @MethodSource("current")
    void backwardAndForwardCompatibleWithEveryRelease(Schema current) throws IOException {
        List<Schema> releases = releases(current.getName());
        assertFalse(releases.isEmpty(), "no released copy of " + current.getName() + " under released/v1");
        for (Schema old : releases) {
            assertCompatible(current, old, "backward: current reads released data");
            assertCompatible(old, current, "forward: released reader reads current data");
        }
    }

    @ParameterizedTest
    @MethodSource("current")
    void everyFieldAddedAfterFirstReleaseHasADefault(Schema current) throws IOException {
        Schema v1 = releases(current.getName()).get(0);
        for (Schema.Field f : current.getFields()) {
            if (v1.getField(f.name()) == null) {
                assertTrue(f.hasDefaultValue(), current.getName() + "." + f.name() + " was added without a default");
            }
        }
    }

    @Test
    void theCheckCanFail() {
        // A retyped field (int -> string) and a removed field without a default are both caught.
        Schema a = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"int\"}]}");
        Schema b = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"string\"}]}");
        Schema c = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[]}");
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(b, a).getType());
        assertEquals(SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(a, c).getType());
    }

    private static void assertCompatible(Schema reader, Schema writer, String what) {
        SchemaCompatibility.SchemaPairCompatibility r = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        assertEquals(SchemaCompatibilityType.COMPATIBLE, r.getType(),
                () -> reader.getName() + " " + what + ": " + r.getResult().getIncompatibilities());
    }

    /** released/v1, v2, ... from the test classpath, oldest first. */
    static List<Schema> releases(String name) throws IOException {
        List<Schema> out = new ArrayList<>();
        for (int v = 1; ; v++) {
            try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/released/v" + v + "/" + name + ".avsc")) {
                if (in == null) {
                    return out;
                }
                Schema s = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                assertNotNull(s);
                out.add(s);
            }
        }
    }
}
