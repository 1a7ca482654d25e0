package org.stripwatch.analyzer.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.stripwatch.analyzer.core.SessionJson;
import org.stripwatch.analyzer.policy.LoadResult;
import org.stripwatch.analyzer.policy.ParseProblem;
import org.stripwatch.analyzer.policy.PolicyLoadException;
import org.stripwatch.analyzer.policy.PolicyLoader;
import org.stripwatch.analyzer.policy.PolicyStore;

/**
 * {@code stripwatch tlsrpt --sessions FILE... [--policies DIR] --org NAME --contact X --out DIR}: reads the sensor's
 * session JSON lines, writes one RFC 8460 report per policy domain and UTC day into {@code out}, and returns the
 * files written. Unreadable lines and policy warnings go to {@code problems} ("file:line: ...").
 */
public final class TlsRpt {
    private TlsRpt() {
    }

    public static List<Path> run(List<Path> sessionFiles, List<Path> policyPaths, String org, String contact, Path out,
                                 Consumer<String> problems) throws IOException, PolicyLoadException {
        PolicyStore policies = PolicyStore.empty();
        if (!policyPaths.isEmpty()) {
            LoadResult r = new PolicyLoader().load(policyPaths);
            for (ParseProblem p : r.warnings()) problems.accept(p.toString());
            policies = r.orThrow();
        }
        TlsRptBuilder b = new TlsRptBuilder(policies, TlsRptConfig.of(org, contact));
        for (Path f : sessionFiles) SessionJson.read(f, "tlsrpt", problems).forEach(b::add);
        return b.writeAll(out);
    }
}
