package org.stripwatch.analyzer.policy;

/**
 * What an expectation demands of a delivery, from weakest to strongest. Whether a failure should
 * block delivery or only be reported is separate: {@link Expectation#enforced()}.
 */
public enum Strength {
    /** The policy explicitly expects nothing (MTA-STS {@code none}, Postfix {@code none}). */
    NONE("none", false, false),
    /** TLS if the server offers it (Postfix {@code may}); cleartext against a STARTTLS-offering server is still suspicious. */
    OPPORTUNISTIC("opportunistic", false, false),
    /** TLS required, certificate not checked (Postfix {@code encrypt}, stripwatch {@code require-tls}). */
    ENCRYPT("encrypt", true, false),
    /** DANE if usable TLSA records are published for the MX, else opportunistic (Postfix {@code dane}, RFC 7672 §2.2). */
    DANE_IF_PUBLISHED("dane_if_published", false, false),
    /** TLS with a PKIX-valid certificate whose name matches the MX patterns (MTA-STS §4, EFF list, Postfix verify/secure). */
    AUTHENTICATED("authenticated", true, true),
    /** TLS and the chain must match a usable TLSA record (RFC 7672 §3, Postfix {@code dane-only}). */
    DANE("dane", true, true),
    /** TLS and the leaf certificate or its key must match a pinned fingerprint (Postfix {@code fingerprint}, stripwatch {@code pin}). */
    PINNED("pinned", true, true);

    private final String wireName;
    private final boolean requiresTls;
    private final boolean requiresAuthentication;

    Strength(String wireName, boolean requiresTls, boolean requiresAuthentication) {
        this.wireName = wireName;
        this.requiresTls = requiresTls;
        this.requiresAuthentication = requiresAuthentication;
    }

    public String wireName() {
        return wireName;
    }

    /** True if a cleartext delivery violates this expectation. */
    public boolean requiresTls() {
        return requiresTls;
    }

    /** True if the server's certificate must be checked (name, PKIX, TLSA or pin). */
    public boolean requiresAuthentication() {
        return requiresAuthentication;
    }
}
