package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.stripwatch.analyzer.core.baseline.InMemoryStateStore;
import org.stripwatch.analyzer.policy.LoadResult;
import org.stripwatch.analyzer.policy.PolicyLoader;
import org.stripwatch.analyzer.policy.PolicyStore;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

/** Policies from texts, an analyzer over memory, and one-alert helpers. */
final class Fixture {
    private Fixture() {
    }

    static PolicyStore policies(Map<String, String> files) {
        LoadResult r = new PolicyLoader().loadTexts(files);
        assertTrue(r.ok(), () -> r.errors().toString());
        return r.store();
    }

    static Analyzer analyzer(Map<String, String> files) {
        return new Analyzer(policies(files), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS);
    }

    static Analyzer analyzer() {
        return new Analyzer(PolicyStore.empty(), new InMemoryStateStore(), AnalyzerConfig.DEFAULTS);
    }

    /** Exactly one alert, or a failure saying what came out. */
    static Alert one(Analyzer a, SessionRecord s) {
        List<Alert> out = a.process(s);
        assertTrue(out.size() == 1, () -> "expected one alert, got " + out);
        return out.get(0);
    }

    static void none(Analyzer a, SessionRecord s) {
        List<Alert> out = a.process(s);
        assertTrue(out.isEmpty(), () -> "expected no alert, got " + out);
    }

    static final String MTA_STS_ENFORCE = "version: STSv1\nmode: enforce\nmx: mx1.example.net\nmx: *.mail.example.net\nmax_age: 604800\n";
    static final String MTA_STS_TESTING = "version: STSv1\nmode: testing\nmx: mx1.testing.example\nmax_age: 86400\n";
    static final String POSTFIX = ".secure.example  secure\nencrypt.example  encrypt\n";
}
