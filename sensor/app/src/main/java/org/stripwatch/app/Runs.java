package org.stripwatch.app;

import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.session.SessionAnalysis;

/** Builds the pipeline of a run from its options and outputs (shared by replay and sensor). */
final class Runs {
    private Runs() {}

    /** @throws IllegalArgumentException naming the option whose value is out of range */
    static Pipeline pipeline(AnalysisOptions options, OutputOptions.Outputs out) {
        SessionAnalysis sessions = new SessionAnalysis(options.sessionConfig(), out::session);
        Pipeline p = new Pipeline(options.decoderConfig(), options.reassemblyConfig(), sessions::open);
        out.attach(p);
        return p;
    }
}
