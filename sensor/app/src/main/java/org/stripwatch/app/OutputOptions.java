package org.stripwatch.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.stripwatch.app.output.ConnLog;
import org.stripwatch.app.output.LineOutput;
import org.stripwatch.app.output.SessionLog;
import java.util.function.Consumer;
import org.stripwatch.app.pipeline.Output;
import org.stripwatch.app.pipeline.SessionStats;
import org.stripwatch.sensor.reassembly.ConnectionSummary;
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

    /**
     * The open outputs of one run; closing flushes them. Lines are rendered on the analysis thread
     * that made the record ({@link Output.Lane}); counts, writes and listeners run at commit, on the
     * output thread.
     */
    static final class Outputs implements AutoCloseable, Output {
        final SessionStats stats = new SessionStats();
        private final List<LineOutput> open = new ArrayList<>();
        private LineOutput sessionOut, flowOut;
        private final List<Consumer<SessionRecord>> listeners = new ArrayList<>();

        /** Another consumer of every session record (Kafka, the embedded analyzer), on the output thread. */
        void addSessionListener(Consumer<SessionRecord> listener) {
            listeners.add(listener);
        }

        @Override
        public Output.Lane lane() {
            SessionLog sessionLog = new SessionLog();
            ConnLog connLog = new ConnLog();
            return new Output.Lane() {
                @Override
                public Output.Prepared session(SessionRecord r) {
                    byte[] line = sessionOut == null ? null : sessionLog.write(r).takeLine();
                    long rendered = r.connection().id();
                    return id -> {
                        stats.add(r);
                        if (line != null) sessionOut.write(line, rendered, id);
                        if (!listeners.isEmpty()) {
                            SessionRecord numbered = id == rendered ? r : r.withConnection(r.connection().withId(id));
                            for (Consumer<SessionRecord> l : listeners) l.accept(numbered);
                        }
                    };
                }

                @Override
                public Output.Prepared summary(ConnectionSummary c) {
                    if (flowOut == null) return id -> {};
                    byte[] line = connLog.write(c).takeLine();
                    return id -> flowOut.write(line, c.id(), id);
                }
            };
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
