package org.stripwatch.sensor.publish;

/**
 * One record read back from a {@link DiskSpool}. {@code stream} says which topic it belongs to (see
 * {@link KafkaPublisher#STREAM_SESSIONS}); topic names are resolved when it is sent, so a spool written
 * under one configuration drains into the topics of the next. Position fields are the spool's own.
 */
public record SpoolRecord(byte stream, byte[] key, byte[] value, long segment, long endOffset, long seq, long cumulativeBytes) {
}
