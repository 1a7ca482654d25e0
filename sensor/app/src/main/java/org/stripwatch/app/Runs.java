package org.stripwatch.app;

import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.session.SessionAnalysis;

/** Builds the pipeline of a run from its options and outputs (shared by replay and sensor). */
final class Runs {
    private Runs() {}

    /** @throws IllegalArgumentException naming the option whose value is out of range */
    static Pipeline pipeline(AnalysisOptions options, OutputOptions.Outputs out) {
        return pipeline(options, out, 1);
    }

    /** With {@code workers} analysis threads (replay --workers); the outputs see one thread in either case. */
    static Pipeline pipeline(AnalysisOptions options, OutputOptions.Outputs out, int workers) {
        Pipeline p = new Pipeline(options.decoderConfig(), options.reassemblyConfig(), workers,
                records -> new SessionAnalysis(options.sessionConfig(), records)::open, out);
        return p;
    }
}
