package org.stripwatch.analyzer.ingest;

/**
 * A snapshot of a {@link SessionConsumer}'s counters (cumulative).
 *
 * @param records records polled (including redeliveries and retried batches)
 * @param processed records decoded and processed
 * @param undecodable records that failed to decode (empty, bad header, unknown fingerprint, malformed)
 * @param processorErrors records the processor threw on
 * @param deadLettered records written to the dead-letter topic
 * @param alerts alerts written to the alerts topic and the local sink
 * @param writeFailures batches whose alerts could not be written (then retried, offsets not committed)
 * @param commits successful offset commits
 * @param commitFailures commits refused (rebalance); those records are redelivered
 */
public record IngestStats(long records, long processed, long undecodable, long processorErrors, long deadLettered,
                          long alerts, long writeFailures, long commits, long commitFailures) {
}
