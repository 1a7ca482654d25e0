package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of every policy-file parser: an operator's file, or a list
 * downloaded from elsewhere, is untrusted text. Properties: nothing escapes, every problem names
 * its file, and what is parsed stays within the configured limits. In plain {@code mvn test} the
 * committed inputs run (regression mode); {@code ops/fuzz/run policy} runs a campaign.
 */
class PolicyParsersFuzzTest {
    private static final PolicyLimits LIMITS = PolicyLimits.DEFAULTS;

    @FuzzTest
    void everyParser(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        check(MtaStsParser.parsePolicy("f.mta-sts.txt", "example.net", text, LIMITS));
        check(MtaStsParser.parseTxt("f.mta-sts-txt", text, LIMITS));
        check(ZoneFileParser.parse("f.zone", text, LIMITS));
        check(StarttlsEverywhereParser.parse("f.json", text, LIMITS));
        check(PostfixPolicyParser.parse("tls_policy", text, LIMITS));
        check(StripwatchPolicyParser.parse("f.policy", text, LIMITS));
    }

    private static void check(Parsed<?> p) {
        assertNotNull(p.values());
        for (ParseProblem problem : p.problems()) {
            assertTrue(problem.toString().startsWith("f") || problem.toString().startsWith("tls_policy"), problem.toString());
            assertFalse(problem.toString().contains("\n"), "one line per problem: " + problem);
        }
        assertTrue(p.values().size() <= 1_000_000);
    }
}
