package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The format examples in the module README parse without errors, so the documentation cannot rot. */
class ReadmeExamplesTest {
    private static String block(String readme, String heading) {
        int h = readme.indexOf(heading);
        assertTrue(h >= 0, heading);
        int start = readme.indexOf("```\n", h) + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void examplesParse() throws Exception {
        String root = System.getProperty("stripwatch.root");
        Assumptions.assumeTrue(root != null, "stripwatch.root not set (run through Maven)");
        String readme = Files.readString(Path.of(root, "analyzer/policy/README.md"));
        Parsed<MtaStsPolicy> sts = MtaStsParser.parsePolicy("README", "example.com", block(readme, "## MTA-STS"), PolicyLimits.DEFAULTS);
        assertTrue(sts.ok() && sts.problems().isEmpty(), sts.problems().toString());
        Parsed<StripwatchRule> own = StripwatchPolicyParser.parse("README", block(readme, "## stripwatch policy file"), PolicyLimits.DEFAULTS);
        assertTrue(own.ok() && own.problems().isEmpty(), own.problems().toString());
        assertEquals(5, own.values().size());
        String postfix = block(readme, "## Postfix").replace("|5A:1D:...", "");
        Parsed<PostfixPolicyEntry> pf = PostfixPolicyParser.parse("README", postfix, PolicyLimits.DEFAULTS);
        assertTrue(pf.ok() && pf.problems().isEmpty(), pf.problems().toString());
        String zone = block(readme, "## DANE TLSA").lines().filter(l -> !l.contains("TYPE52")).reduce("", (a, b) -> a + b + "\n");
        Parsed<ZoneFileParser.Zone> z = ZoneFileParser.parse("README", zone, PolicyLimits.DEFAULTS);
        assertTrue(z.ok() && z.problems().isEmpty(), z.problems().toString());
        assertEquals(2, z.values().get(0).tlsa().size());
    }
}
