package org.stripwatch.sensor.publish;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft Kafka (combined broker+controller) in this JVM, internal topics with replication factor 1. */
final class TestCluster {
    private TestCluster() {
    }

    /**
     * Built and formatted, not started, advertising {@code 127.0.0.1:advertisedPort} to clients: a
     * {@link TcpProxy} there decides whether the broker is reachable. (The kit binds its listener to a port
     * of its own choosing; overriding {@code listeners} has no effect.)
     */
    static KafkaClusterTestKit formatted(int advertisedPort) throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                // Per-node overrides are applied after the kit's own listeners (setConfigProp is not).
                .setPerServerProperties(Map.of(0, Map.of("advertised.listeners", "EXTERNAL://127.0.0.1:" + advertisedPort)))
                .build())
                // Replication factor 1 everywhere, or consumers and idempotent producers wait silently.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "3")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "3")
                .build();
        kit.format();
        return kit;
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
