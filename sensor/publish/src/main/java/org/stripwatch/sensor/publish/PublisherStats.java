package org.stripwatch.sensor.publish;

/**
 * A snapshot of a {@link KafkaPublisher}'s counters (cumulative since it was created).
 *
 * @param spooling true while records go to the spool instead of directly to the producer
 * @param acked records acknowledged by the broker on the direct path
 * @param sendFailures failed sends (direct or drain), each followed by spooling or a retry
 * @param spooled records written to a spool
 * @param drained spooled records acknowledged by the broker
 * @param inFlight direct sends not yet completed
 * @param spoolRecords records in the spools now (not yet acknowledged)
 * @param spoolBytes their size on disk
 * @param dropped records dropped because a spool was full (or refused them)
 * @param tornRecords torn records cut from the spools at start (a previous crash mid-write)
 * @param heartbeats heartbeats published
 * @param rejected records the broker refused for good (too large, invalid): dropped, not spooled
 */
public record PublisherStats(boolean spooling, long acked, long sendFailures, long spooled, long drained, long inFlight,
                             long spoolRecords, long spoolBytes, long dropped, long tornRecords, long heartbeats,
                             long rejected) {
}
