package org.stripwatch.sensor.reassembly;

import org.stripwatch.sensor.decode.IpAddress;

/** One side of a connection. */
public record Endpoint(IpAddress address, int port) {
    public Endpoint {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
    }

    @Override
    public String toString() {
        return address.isV4() ? address + ":" + port : "[" + address + "]:" + port;
    }
}
