package org.stripwatch.schemas.kafka;

import java.util.regex.Pattern;

/**
 * Checks of user-given Kafka names before a client is built, so that a typo is one clear line
 * naming the value (IllegalArgumentException) instead of a KafkaException from deep inside the
 * client, or records spooled forever for a topic that can never exist. Shared by the sensor's
 * publisher and the analyzer's consumer: both ends of the topics.
 */
public final class KafkaNames {
    /** Kafka's legal topic characters and length (org.apache.kafka.common.internals.Topic). */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern ENDPOINT = Pattern.compile(".*[^:/\\s]:([0-9]{1,5})");

    private KafkaNames() {}

    /** {@code host:port[,host:port]}, IPv6 as {@code [addr]:port}. */
    public static String bootstrap(String servers) {
        boolean ok = servers != null && !servers.isBlank();
        if (ok) {
            for (String s : servers.split(",", -1)) {
                var m = ENDPOINT.matcher(s.trim());
                if (!m.matches() || Integer.parseInt(m.group(1)) < 1 || Integer.parseInt(m.group(1)) > 65535) {
                    ok = false;
                    break;
                }
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("Kafka bootstrap servers \"" + servers
                    + "\": expected host:port[,host:port]");
        }
        return servers;
    }

    public static String topic(String what, String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(what + " topic \"" + topic
                    + "\": 1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-'");
        }
        return topic;
    }
}
