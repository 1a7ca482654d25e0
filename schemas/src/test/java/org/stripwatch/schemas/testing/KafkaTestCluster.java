package org.stripwatch.schemas.testing;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft Kafka (combined broker+controller) in the test JVM, for every module that talks
 * to a broker (publish, ingest, core, app): internal topics with replication factor 1, or consumers
 * and idempotent producers wait silently (STACK-NOTES).
 */
public final class KafkaTestCluster {
    private KafkaTestCluster() {
    }

    /** Started and ready. */
    public static KafkaClusterTestKit started() throws Exception {
        KafkaClusterTestKit kit = formatted(Map.of());
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }

    /**
     * Built and formatted, not started.
     *
     * @param brokerProperties per-node overrides, applied after the kit's own listeners (e.g.
     *                         {@code advertised.listeners} for a proxy in front of the broker)
     */
    public static KafkaClusterTestKit formatted(Map<String, String> brokerProperties) throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setPerServerProperties(brokerProperties.isEmpty() ? Map.of() : Map.of(0, brokerProperties))
                .build())
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
}
