package org.stripwatch.analyzer.report.measure;

/**
 * Measurement settings.
 *
 * @param v4PrefixLength receiving-server IPv4 prefix grouped on (default 24: the smallest prefix routed
 *                       globally, so a /24 is one network's decision)
 * @param v6PrefixLength receiving-server IPv6 prefix (default 48, the IPv6 counterpart)
 * @param sampler        1-in-N session sampling (default: every session)
 * @param maxGroups      distinct (day, dimension, key) groups kept (default 2,000,000, about 400 MB at worst);
 *                       sessions of groups beyond it count under the key {@code (other)} and
 *                       {@link Measurement#groupsOverflowed()} counts them
 */
public record MeasureConfig(int v4PrefixLength, int v6PrefixLength, Sampler sampler, int maxGroups) {
    public static final MeasureConfig DEFAULTS = new MeasureConfig(24, 48, Sampler.ALL, 2_000_000);

    public MeasureConfig {
        if (v4PrefixLength < 0 || v4PrefixLength > 32) throw new IllegalArgumentException("v4PrefixLength must be 0..32");
        if (v6PrefixLength < 0 || v6PrefixLength > 128) throw new IllegalArgumentException("v6PrefixLength must be 0..128");
        if (sampler == null) throw new IllegalArgumentException("sampler is required");
        if (maxGroups < 16) throw new IllegalArgumentException("maxGroups must be at least 16");
    }

    public MeasureConfig withSampler(Sampler s) {
        return new MeasureConfig(v4PrefixLength, v6PrefixLength, s, maxGroups);
    }
}
