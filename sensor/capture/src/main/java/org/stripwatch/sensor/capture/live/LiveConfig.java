package org.stripwatch.sensor.capture.live;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link LiveSource} opens an interface. Build with {@link #defaults(String)} and the withers.
 *
 * @param interfaceName  the interface to capture on, e.g. {@code eth0}
 * @param filter         BPF filter in pcap-filter(7) syntax (default {@value #DEFAULT_FILTER}: SMTP
 *                       relay and submission); empty captures everything
 * @param snaplen        bytes kept per frame (default 262144, libpcap's MAXIMUM_SNAPLEN, so TLS
 *                       certificates in large segments are never cut)
 * @param promiscuous    put the interface in promiscuous mode (default true: a sensor on a SPAN port
 *                       or tap sees frames not addressed to it)
 * @param bufferBytes    kernel ring buffer (default 512 MiB, about 2.4 s of 500 k packets/s of 430-byte
 *                       frames: the sensor's JVM pauses for garbage collection, up to 2 s for a full
 *                       collection on a busy 2-core host, and the ring must hold what arrives meanwhile;
 *                       16 MiB dropped 9 % of the benchmark corpus at 300 k packets/s, 128 MiB 0.1 %,
 *                       512 MiB nothing, see ops/bench/performance-notes.md "Live capture"; libpcap's 2 MiB
 *                       default dropped packets
 *                       in bursts on this project's test machines)
 * @param readTimeout    packet buffer timeout: how long the kernel may hold frames to batch them
 *                       (default 100 ms); bounds the delivery latency on a quiet link
 * @param statsInterval  how often kernel drop counters are refreshed while packets flow (default 1 s)
 * @param directRead     read packets with pcap_next_ex into one reused buffer (default true); false uses
 *                       pcap4j's loop, which allocates per packet and costs about 2 us more (for comparison,
 *                       or where the direct reader is unavailable it is used anyway)
 */
public record LiveConfig(String interfaceName, String filter, int snaplen, boolean promiscuous, int bufferBytes,
                         Duration readTimeout, Duration statsInterval, boolean directRead) {
    public static final String DEFAULT_FILTER = "tcp port 25 or tcp port 587";
    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int DEFAULT_BUFFER_BYTES = 512 << 20;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(1);

    public LiveConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(filter, "filter");
        if (interfaceName.isBlank()) {
            throw new IllegalArgumentException("interfaceName is blank");
        }
        if (snaplen < 64 || snaplen > DEFAULT_SNAPLEN) {
            throw new IllegalArgumentException("snaplen must be in [64, 262144], got " + snaplen);
        }
        if (bufferBytes < 64 * 1024) {
            throw new IllegalArgumentException("bufferBytes must be at least 64 KiB, got " + bufferBytes);
        }
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("readTimeout must be in (0, 10 s], got " + readTimeout);
        }
        if (statsInterval.isNegative() || statsInterval.isZero()) {
            throw new IllegalArgumentException("statsInterval must be positive, got " + statsInterval);
        }
    }

    public static LiveConfig defaults(String interfaceName) {
        return new LiveConfig(interfaceName, DEFAULT_FILTER, DEFAULT_SNAPLEN, true, DEFAULT_BUFFER_BYTES,
                DEFAULT_READ_TIMEOUT, DEFAULT_STATS_INTERVAL, true);
    }

    public LiveConfig withFilter(String bpf) {
        return new LiveConfig(interfaceName, bpf, snaplen, promiscuous, bufferBytes, readTimeout, statsInterval, directRead);
    }

    public LiveConfig withSnaplen(int bytes) {
        return new LiveConfig(interfaceName, filter, bytes, promiscuous, bufferBytes, readTimeout, statsInterval, directRead);
    }

    public LiveConfig withPromiscuous(boolean on) {
        return new LiveConfig(interfaceName, filter, snaplen, on, bufferBytes, readTimeout, statsInterval, directRead);
    }

    public LiveConfig withBufferBytes(int bytes) {
        return new LiveConfig(interfaceName, filter, snaplen, promiscuous, bytes, readTimeout, statsInterval, directRead);
    }

    public LiveConfig withReadTimeout(Duration timeout) {
        return new LiveConfig(interfaceName, filter, snaplen, promiscuous, bufferBytes, timeout, statsInterval, directRead);
    }

    public LiveConfig withStatsInterval(Duration interval) {
        return new LiveConfig(interfaceName, filter, snaplen, promiscuous, bufferBytes, readTimeout, interval, directRead);
    }

    public LiveConfig withDirectRead(boolean on) {
        return new LiveConfig(interfaceName, filter, snaplen, promiscuous, bufferBytes, readTimeout, statsInterval, on);
    }
}
