package org.stripwatch.app.pipeline;

import org.stripwatch.sensor.reassembly.ConnectionSummary;
import org.stripwatch.sensor.session.SessionRecord;

/**
 * Where a run's session records and connection summaries go, in two steps, so that the costly one
 * can run on the analysis threads: a {@link Lane} (one per analysis thread) prepares each output
 * there, for instance renders its JSON line; the {@link Prepared} result is committed on the one
 * output thread, in the pipeline's output order and with the run's connection id (a sharded run
 * renumbers connections at the merge, see {@link ShardedPipeline}).
 *
 * <p>With one analysis thread both steps run at once on it.
 */
public interface Output {
    /** A new lane for one analysis thread; a lane is used by that thread only. */
    Lane lane();

    /** Prepares outputs on its analysis thread. Records and summaries are immutable, so a lane may keep them. */
    interface Lane {
        Prepared session(SessionRecord record);

        Prepared summary(ConnectionSummary summary);
    }

    /** A prepared output; {@link #commit} runs once, on the output thread. */
    @FunctionalInterface
    interface Prepared {
        /** {@code connectionId}: the run's id of the connection, which the prepared form may not carry yet. */
        void commit(long connectionId);
    }
}
