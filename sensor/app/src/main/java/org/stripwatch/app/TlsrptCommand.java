package org.stripwatch.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.stripwatch.analyzer.policy.PolicyLoadException;
import org.stripwatch.analyzer.report.TlsRpt;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** RFC 8460 SMTP TLS reports, per policy domain and day, from observed session records. */
@Command(name = "tlsrpt", mixinStandardHelpOptions = true,
        description = "Write RFC 8460 TLS reports (one JSON file per policy domain and UTC day) from session records.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  stripwatch replay --sessions s.jsonl day.pcap && stripwatch tlsrpt --org 'Example ISP' \\",
            "      --contact tlsrpt@example.net --policies policies/ --out reports/ s.jsonl"})
final class TlsrptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SESSIONS", arity = "1..*", description = "Session record files (replay --sessions output).")
    List<Path> sessions;

    @Option(names = "--policies", paramLabel = "PATH", split = ",", description = "Expected-policy files or directories.")
    List<Path> policies = List.of();

    @Option(names = "--org", required = true, paramLabel = "NAME", description = "organization-name of the reports.")
    String org;

    @Option(names = "--contact", required = true, paramLabel = "ADDR", description = "contact-info of the reports.")
    String contact;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory the reports are written to.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<Path> written = TlsRpt.run(sessions, policies, org, contact, out,
                    p -> err.println("stripwatch tlsrpt: warning: " + p));
            err.println("stripwatch tlsrpt: " + written.size() + " report(s) in " + out);
            return ExitCodes.OK;
        } catch (PolicyLoadException e) {
            return PolicyErrors.print(err, "stripwatch tlsrpt", e);
        } catch (IOException | IllegalArgumentException e) {
            err.println("stripwatch tlsrpt: " + e.getMessage());
            return ExitCodes.INPUT;
        }
    }
}
