package org.stripwatch.analyzer.core.baseline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Sets up the state changelog beside the sessions topic (same partition count, compacted). */
public final class KafkaStates {
    private KafkaStates() {}

    /**
     * Creates {@code changelogTopic} if it is missing (compacted, as many partitions as
     * {@code sessionsTopic}) and returns that partition count.
     *
     * @throws IllegalArgumentException one line naming the topic and the problem
     */
    static int ensureChangelog(String bootstrap, Map<String, String> clientProperties, String sessionsTopic,
                               String changelogTopic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrap);
        try (Admin admin = Admin.create(props)) {
            int partitions = partitions(admin, sessionsTopic);
            try {
                admin.createTopics(List.of(new NewTopic(changelogTopic, partitions, (short) -1)
                        .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
                int have = partitions(admin, changelogTopic);
                if (have != partitions) {
                    throw new IllegalArgumentException("--state-topic " + changelogTopic + " has " + have
                            + " partitions but " + sessionsTopic + " has " + partitions + ": they must match");
                }
            }
            return partitions;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while setting up " + changelogTopic);
        } catch (ExecutionException | TimeoutException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("cannot set up the state topic " + changelogTopic + " at " + bootstrap
                    + ": " + c.getMessage());
        }
    }

    private static int partitions(Admin admin, String topic) throws InterruptedException, ExecutionException,
            TimeoutException {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("topic " + topic + " does not exist yet (ops/kafka/create-topics "
                        + "creates it; or start a sensor first)");
            }
            throw e;
        }
    }
}
