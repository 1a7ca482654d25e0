package org.stripwatch.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.app.output.ConnLog;
import org.stripwatch.app.output.LineOutput;
import org.stripwatch.app.output.SessionLog;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.app.pipeline.SessionStats;
import org.stripwatch.sensor.session.SessionRecord;
import picocli.CommandLine.Option;

/** The outputs of a run: session records, the connection log, and the counts for the summary. */
final class OutputOptions {
    @Option(names = "--sessions", paramLabel = "FILE",
            description = "Write one JSON line per SMTP session (facts and findings) to FILE, or - for stdout.")
    String sessions;

    @Option(names = "--flows", paramLabel = "FILE",
            description = "Write one JSON line per TCP connection (the connection log) to FILE, or - for stdout.")
    String flows;

    /** The open outputs of one run; closing flushes them. */
    static final class Outputs implements AutoCloseable {
        final SessionStats stats = new SessionStats();
        private final List<LineOutput> open = new ArrayList<>();
        private LineOutput sessionOut, flowOut;
        private final SessionLog sessionLog = new SessionLog();
        private final ConnLog connLog = new ConnLog();

        private final List<java.util.function.Consumer<SessionRecord>> listeners = new ArrayList<>();

        void session(SessionRecord r) {
            stats.add(r);
            if (sessionOut != null) sessionOut.write(sessionLog.write(r));
            for (var l : listeners) l.accept(r);
        }

        /** Another consumer of every session record (Kafka, the embedded analyzer). */
        void addSessionListener(java.util.function.Consumer<SessionRecord> listener) {
            listeners.add(listener);
        }

        void attach(Pipeline p) {
            if (flowOut != null) {
                LineOutput out = flowOut;
                p.addSummarySink(s -> out.write(connLog.write(s)));
            }
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (LineOutput o : open) {
                try {
                    o.close();
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
            if (first != null) throw first;
        }
    }

    Outputs open() throws IOException {
        Outputs o = new Outputs();
        try {
            if (sessions != null) o.open.add(o.sessionOut = LineOutput.open(sessions));
            if (flows != null) o.open.add(o.flowOut = LineOutput.open(flows));
        } catch (IOException e) {
            o.close();
            throw e;
        }
        return o;
    }
}
