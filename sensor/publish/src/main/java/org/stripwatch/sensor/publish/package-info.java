/**
 * Sensor to Kafka: {@link org.stripwatch.sensor.publish.KafkaPublisher} (idempotent producer, records keyed by
 * receiving server) backed by {@link org.stripwatch.sensor.publish.DiskSpool}, a bounded CRC-checked on-disk
 * spool that keeps records through broker outages and process restarts. The input is Avro records from
 * {@code org.stripwatch.schemas}; the mapping from the sensor's internal records happens in one mapper at the
 * edge (sensor app), not here.
 */
package org.stripwatch.sensor.publish;
