package org.stripwatch.app;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.stripwatch.sensor.publish.PublisherConfig;
import org.stripwatch.sensor.publish.SpoolConfig;
import picocli.CommandLine.Option;

/** Where and how the sensor publishes to Kafka. */
final class KafkaOptions {
    @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
            description = "Publish session records and heartbeats to this Kafka cluster (host:port[,host:port]).")
    String bootstrap;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties passed through verbatim (security.protocol, ssl.*, sasl.*).")
    Path clientConfig;

    @Option(names = "--spool", paramLabel = "DIR", defaultValue = "stripwatch-spool",
            description = "On-disk spool for records the broker cannot take yet (default: ${DEFAULT-VALUE}).")
    Path spool;

    @Option(names = "--spool-max-bytes", paramLabel = "BYTES", defaultValue = "1073741824",
            description = "Spool size limit; beyond it records are dropped, counted and reported (default: ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--sensor-id", paramLabel = "ID",
            description = "This sensor's name in every record (default: the host name).")
    String sensorId;

    @Option(names = "--sessions-topic", paramLabel = "TOPIC", defaultValue = PublisherConfig.DEFAULT_SESSIONS_TOPIC,
            description = "Topic for session records (default: ${DEFAULT-VALUE}).")
    String sessionsTopic;

    @Option(names = "--heartbeats-topic", paramLabel = "TOPIC", defaultValue = PublisherConfig.DEFAULT_HEARTBEATS_TOPIC,
            description = "Topic for sensor statistics (default: ${DEFAULT-VALUE}).")
    String heartbeatsTopic;

    @Option(names = "--heartbeat-interval", paramLabel = "SECONDS", defaultValue = "30",
            description = "Seconds between sensor statistics records (default: ${DEFAULT-VALUE}).")
    long heartbeatSeconds;

    boolean enabled() {
        return bootstrap != null;
    }

    String sensorId() {
        if (sensorId != null) return sensorId;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "stripwatch";
        }
    }

    /** @throws IllegalArgumentException naming a bad option value; IOException naming an unreadable file */
    PublisherConfig publisherConfig() throws IOException {
        if (heartbeatSeconds < 1) throw new IllegalArgumentException("--heartbeat-interval: must be at least 1 second");
        if (spoolMaxBytes < 1 << 20) throw new IllegalArgumentException("--spool-max-bytes: must be at least 1 MiB");
        Map<String, String> props = Map.of();
        if (clientConfig != null) {
            try {
                props = PublisherConfig.loadClientProperties(clientConfig);
            } catch (IOException e) {
                throw new IOException("--kafka-config " + clientConfig + ": " + e.getMessage(), e);
            }
        }
        return PublisherConfig.builder(bootstrap, sensorId(), spool)
                .sessionsTopic(sessionsTopic).heartbeatsTopic(heartbeatsTopic)
                .heartbeatInterval(Duration.ofSeconds(heartbeatSeconds))
                .spool(SpoolConfig.defaults(spool).withMaxBytes(spoolMaxBytes))
                .clientProperties(props)
                .build();
    }
}
