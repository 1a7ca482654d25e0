package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.LogManager;

/** Loads src/test/resources/logging.properties into JUL (the slf4j binding of the tests). */
final class TestLogging {
    private TestLogging() {
    }

    static void init() {
        try (InputStream in = TestLogging.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
