package org.stripwatch.app;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The Prometheus endpoint of a sensor or analyzer (official client, /metrics). Every value is read
 * at scrape time from counters the components keep anyway, so metrics cost nothing per packet.
 */
final class Metrics implements AutoCloseable {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private HTTPServer server;

    /** A monotone count, exposed as NAME_total. */
    Metrics counter(String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
        return this;
    }

    Metrics gauge(String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
        return this;
    }

    /** A counter per label value (findings by type, alerts by severity). */
    Metrics counters(String name, String help, String label, Supplier<Map<String, Long>> values) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            for (Map.Entry<String, Long> e : values.get().entrySet()) cb.call(e.getValue(), e.getKey());
        }).register(registry);
        return this;
    }

    /** Serves /metrics on {@code bind:port}; the message of a failure names the address. */
    Metrics serve(String bind, int port) throws IOException {
        try {
            server = HTTPServer.builder().inetAddress(InetAddress.getByName(bind)).port(port).registry(registry)
                    .buildAndStart();
        } catch (IOException e) {
            throw new IOException("--metrics-port " + port + ": cannot listen on " + bind + ":" + port + " (" + e.getMessage() + ")", e);
        }
        return this;
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
