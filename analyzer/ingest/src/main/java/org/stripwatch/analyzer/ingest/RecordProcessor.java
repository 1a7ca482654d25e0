package org.stripwatch.analyzer.ingest;

import java.util.List;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

/**
 * The analyzer's logic for one session record: the same code runs in the embedded mode ({@link EmbeddedIngest},
 * {@code replay} with no broker) and behind {@link SessionConsumer}.
 *
 * <p>Contract: build alerts with {@link AlertIds#newAlert} (deterministic ids, {@code time} = session start), so
 * that processing a redelivered record yields identical alerts that deduplicate downstream. All records of one
 * receiving server arrive on one partition, in order, at one instance: per-server state may live in the
 * processor. An exception is a bug: the consumer counts it, dead-letters the record and goes on.
 */
@FunctionalInterface
public interface RecordProcessor {
    List<Alert> process(SessionRecord session);
}
