package org.stripwatch.app;

import picocli.CommandLine.Option;

/** Where a long-running command serves its Prometheus metrics. */
final class MetricsOptions {
    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve Prometheus metrics on http://BIND:PORT/metrics (default: off; 0 picks a free port).")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}).")
    String bind;

    boolean enabled() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--metrics-port: " + port + " is not a TCP port");
        }
        return port != null;
    }
}
