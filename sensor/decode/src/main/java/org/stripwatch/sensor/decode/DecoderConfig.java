package org.stripwatch.sensor.decode;

/**
 * Limits and switches of {@link PacketDecoder}. Every limit is finite and, when hit, counted as a
 * {@link DecodeAnomaly}.
 *
 * @param maxVlanDepth             stacked 802.1Q/802.1ad/0x9100 tags accepted per frame; default 3
 *                                 (QinQ plus one, as Suricata's VLAN_MAX_LAYERS)
 * @param maxIpv6ExtensionHeaders  IPv6 extension headers walked per packet; default 8 (RFC 7112 asks
 *                                 for a bounded chain; real traffic rarely has more than 3)
 * @param maxFragmentedDatagrams   datagrams under reassembly at once; default 1024
 * @param maxFragmentsPerDatagram  received pieces (disjoint ranges) per datagram; default 64
 * @param maxDatagramBytes         largest reassembled IP payload, 1..65535; default 65535 (RFC 791
 *                                 §3.1 total length, RFC 8200 §4.5 payload length)
 * @param fragmentMemcap           bytes held by all datagrams under reassembly; default 16 MiB
 * @param fragmentTimeoutNanos     packet time after a datagram's first fragment before it is given up;
 *                                 default 60 s (RFC 791 §3.2 suggests a 15 s lower bound; Linux
 *                                 uses 30 s, Suricata 60 s)
 * @param verifyTcpChecksums       compute TCP checksums and mark segments OK/BAD; default false because
 *                                 NIC checksum offload gives locally sent packets bad checksums in
 *                                 captures
 */
public record DecoderConfig(int maxVlanDepth, int maxIpv6ExtensionHeaders, int maxFragmentedDatagrams,
                            int maxFragmentsPerDatagram, int maxDatagramBytes, long fragmentMemcap,
                            long fragmentTimeoutNanos, boolean verifyTcpChecksums) {
    public static final DecoderConfig DEFAULTS = new DecoderConfig(3, 8, 1024, 64, 65535, 16L << 20,
            60_000_000_000L, false);

    public DecoderConfig {
        requireRange("maxVlanDepth", maxVlanDepth, 0, 16);
        requireRange("maxIpv6ExtensionHeaders", maxIpv6ExtensionHeaders, 0, 64);
        requireRange("maxFragmentedDatagrams", maxFragmentedDatagrams, 0, 1 << 20);
        requireRange("maxFragmentsPerDatagram", maxFragmentsPerDatagram, 1, 8192);
        requireRange("maxDatagramBytes", maxDatagramBytes, 1, 65535);
        if (fragmentMemcap < 0) throw new IllegalArgumentException("fragmentMemcap must be >= 0: " + fragmentMemcap);
        if (fragmentTimeoutNanos <= 0) {
            throw new IllegalArgumentException("fragmentTimeoutNanos must be > 0: " + fragmentTimeoutNanos);
        }
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "]: " + value);
        }
    }

    public DecoderConfig withVerifyTcpChecksums(boolean v) {
        return new DecoderConfig(maxVlanDepth, maxIpv6ExtensionHeaders, maxFragmentedDatagrams,
                maxFragmentsPerDatagram, maxDatagramBytes, fragmentMemcap, fragmentTimeoutNanos, v);
    }

    public DecoderConfig withFragmentLimits(int datagrams, int fragmentsPerDatagram, long memcap, long timeoutNanos) {
        return new DecoderConfig(maxVlanDepth, maxIpv6ExtensionHeaders, datagrams, fragmentsPerDatagram,
                maxDatagramBytes, memcap, timeoutNanos, verifyTcpChecksums);
    }

    public DecoderConfig withMaxVlanDepth(int v) {
        return new DecoderConfig(v, maxIpv6ExtensionHeaders, maxFragmentedDatagrams, maxFragmentsPerDatagram,
                maxDatagramBytes, fragmentMemcap, fragmentTimeoutNanos, verifyTcpChecksums);
    }

    public DecoderConfig withMaxIpv6ExtensionHeaders(int v) {
        return new DecoderConfig(maxVlanDepth, v, maxFragmentedDatagrams, maxFragmentsPerDatagram,
                maxDatagramBytes, fragmentMemcap, fragmentTimeoutNanos, verifyTcpChecksums);
    }
}
