package org.stripwatch.analyzer.ingest;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A one-node KRaft Kafka (combined broker+controller) in this JVM, internal topics with replication factor 1. */
final class TestCluster {
    private TestCluster() {
    }

    static KafkaClusterTestKit started() throws Exception {
        KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
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
        kit.startup();
        kit.waitForReadyBrokers();
        return kit;
    }
}
