package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.FileSource;

/** The Prometheus endpoint serves what the pipeline counted, in the exposition format. */
class MetricsTest {
    @Test
    void sensorMetricsAreScrapable() throws Exception {
        OutputOptions.Outputs out = new OutputOptions().open();
        AnalysisOptions options = new AnalysisOptions();
        options.ports = List.of(25, 587, 2525);
        options.maxFlows = 1000;
        options.idleTimeoutSeconds = 300;
        Pipeline pipeline = Runs.pipeline(options, out);
        try (FileSource src = FileSource.open(List.of(Captures.dir("lab").resolve("garble.pcap")))) {
            pipeline.run(src);
        }
        try (Metrics m = SensorCommand.sensorMetrics(pipeline, out, null).serve("127.0.0.1", 0)) {
            String body = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("stripwatch_packets_total " + pipeline.live().packets()), body);
            assertTrue(body.matches("(?s).*stripwatch_findings_total\\{type=\"starttls_capability_garbled\"} [1-9].*"), body);
            assertTrue(body.contains("stripwatch_sessions_total " + out.stats.sessions), body);
            assertTrue(body.contains("stripwatch_flows_active 0"), body);
        }
    }
}
