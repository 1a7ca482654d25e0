package org.stripwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.stripwatch.app.output.ConnLog;
import org.stripwatch.app.output.SessionLog;
import org.stripwatch.app.pipeline.Pipeline;
import org.stripwatch.sensor.capture.FileSource;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionAnalysis;
import org.stripwatch.sensor.session.SessionConfig;

/**
 * A sharded run (several workers) writes the same session records and connection summaries as the
 * single-threaded one, connection ids included, on every committed capture (public and lab, each
 * file alone and all lab files in one run), in the same order (connections one time-driven sweep ends
 * included: see ShardedPipeline), and the same output twice for the same worker count.
 */
class ShardedReplayTest {
    record Outputs(List<String> flows, List<String> sessions) {
        Outputs sorted() {
            return new Outputs(flows.stream().sorted().toList(), sessions.stream().sorted().toList());
        }
    }

    static Outputs replay(List<Path> captures, int workers) throws Exception {
        List<String> flows = new ArrayList<>(), sessions = new ArrayList<>();
        ConnLog log = new ConnLog();
        SessionLog sessionLog = new SessionLog();
        Pipeline p = new Pipeline(DecoderConfig.DEFAULTS, ReassemblyConfig.DEFAULTS, workers,
                records -> new SessionAnalysis(SessionConfig.DEFAULTS, records)::open,
                r -> sessions.add(sessionLog.render(r)));
        p.addSummarySink(s -> flows.add(log.render(s)));
        try (FileSource src = FileSource.open(captures)) {
            p.run(src);
        }
        return new Outputs(flows, sessions);
    }

    private static void same(List<Path> captures) throws Exception {
        Outputs one = replay(captures, 1);
        for (int workers : new int[] {2, 3}) {
            Outputs many = replay(captures, workers);
            assertEquals(one.sorted(), many.sorted(), workers + " workers: the same lines");
            assertEquals(one, many, workers + " workers: in the same order");
            assertEquals(many, replay(captures, workers), workers + " workers, second run");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedCapture() throws Exception {
        List<Path> files = new ArrayList<>(Captures.in(Captures.dir("public")));
        files.addAll(Captures.in(Captures.dir("lab")));
        assertFalse(files.isEmpty());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> same(List.of(f))));
    }

    @Test
    void allLabCapturesInOneRun() throws Exception {
        List<Path> lab = Captures.in(Captures.dir("lab"));
        org.junit.jupiter.api.Assumptions.assumeFalse(lab.isEmpty(), "no captures/lab yet");
        same(lab);
    }

    @Test
    void allPublicCapturesInOneRun() throws Exception {
        same(Captures.in(Captures.dir("public")));
    }

    @Test
    void workerCountOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pipeline(DecoderConfig.DEFAULTS,
                ReassemblyConfig.DEFAULTS, 0, records -> c -> null, r -> {}));
    }
}
