package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The analyzer never imports the sensor: not even its test classpath can see sensor classes. */
class LayeringTest {
    @ParameterizedTest
    @ValueSource(strings = {"org.stripwatch.sensor.session.SessionRecord", "org.stripwatch.sensor.tls.TlsHandshake", "org.stripwatch.sensor.publish.KafkaPublisher", "org.stripwatch.sensor.publish.DiskSpool"})
    void sensorClassesAreNotOnTheAnalyzerClasspath(String name) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(name));
    }

    @Test
    void schemasAre() throws ClassNotFoundException {
        Class.forName("org.stripwatch.schemas.SessionRecord");
    }
}
