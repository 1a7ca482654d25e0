package org.stripwatch.app;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stripwatch.sensor.decode.DecoderConfig;
import org.stripwatch.sensor.reassembly.ReassemblyConfig;
import org.stripwatch.sensor.session.SessionConfig;
import picocli.CommandLine.Option;

/** Options shared by every command that runs the sensor pipeline. */
final class AnalysisOptions {
    @Option(names = "--ports", split = ",", paramLabel = "PORT",
            description = "Server ports that speak SMTP with STARTTLS (default: ${DEFAULT-VALUE}); "
                    + "465 (implicit TLS) is always analysed too.",
            defaultValue = "25,587,2525")
    List<Integer> ports;

    @Option(names = "--max-flows", paramLabel = "N", defaultValue = "1000000",
            description = "Connections tracked at once; the least recently active go first (default: ${DEFAULT-VALUE}).")
    int maxFlows;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "An established connection silent this long is closed (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--verify-checksums", defaultValue = "false",
            description = "Drop TCP segments with bad checksums like a receiver would (off by default: "
                    + "NIC offload leaves locally captured packets with bad checksums).")
    boolean verifyChecksums;

    Set<Integer> portSet() {
        for (int p : ports) {
            if (p < 1 || p > 65535) throw new IllegalArgumentException("--ports: " + p + " is not a TCP port");
        }
        return new LinkedHashSet<>(ports);
    }

    ReassemblyConfig reassemblyConfig() {
        if (maxFlows < 1) throw new IllegalArgumentException("--max-flows: must be at least 1, got " + maxFlows);
        if (idleTimeoutSeconds < 1) {
            throw new IllegalArgumentException("--idle-timeout: must be at least 1 second, got " + idleTimeoutSeconds);
        }
        ReassemblyConfig d = ReassemblyConfig.DEFAULTS;
        return d.withMaxFlows(maxFlows).withServerPorts(analysedPorts())
                .withTimeouts(idleTimeoutSeconds * 1_000_000_000L, d.unestablishedTimeoutNanos(), d.closedLingerNanos());
    }

    SessionConfig sessionConfig() {
        return SessionConfig.DEFAULTS.withSmtpPorts(portSet());
    }

    /** Server ports whose connections are reassembled: SMTP ports plus implicit-TLS ones. */
    Set<Integer> analysedPorts() {
        Set<Integer> all = new LinkedHashSet<>(portSet());
        all.addAll(SessionConfig.DEFAULTS.implicitTlsPorts());
        return all;
    }

    DecoderConfig decoderConfig() {
        return DecoderConfig.DEFAULTS.withVerifyTcpChecksums(verifyChecksums);
    }
}
