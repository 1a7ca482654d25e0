package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/** The shared in-JVM broker ({@code KafkaTestCluster}) behind a loopback proxy that decides whether it is reachable. */
final class TestCluster {
    private TestCluster() {
    }

    /**
     * Built and formatted, not started, advertising {@code 127.0.0.1:advertisedPort} to clients: a
     * {@link TcpProxy} there decides whether the broker is reachable. (The kit binds its listener to a port
     * of its own choosing; overriding {@code listeners} has no effect.)
     */
    static KafkaClusterTestKit formatted(int advertisedPort) throws Exception {
        return org.stripwatch.schemas.testing.KafkaTestCluster.formatted(
                Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + advertisedPort));
    }

    /** A port nobody listens on right now (bind to 0, read, close). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The port the broker really listens on (after start). */
    static int boundPort(KafkaClusterTestKit kit) {
        String b = kit.bootstrapServers();
        return Integer.parseInt(b.substring(b.lastIndexOf(':') + 1).split(",")[0]);
    }

    static void start(KafkaClusterTestKit kit) throws Exception {
        kit.startup();
        kit.waitForReadyBrokers();
    }
}
