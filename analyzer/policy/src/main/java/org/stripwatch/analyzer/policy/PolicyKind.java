package org.stripwatch.analyzer.policy;

/** Which kind of policy source an expectation came from, with a snake_case wire name for alerts. */
public enum PolicyKind {
    MTA_STS("mta_sts", "RFC 8461"),
    DANE("dane", "RFC 7672 / RFC 6698"),
    STARTTLS_EVERYWHERE("starttls_everywhere", "EFF STARTTLS Policy List, RULES.md"),
    POSTFIX("postfix", "postfix.org TLS_README, TLS policy table"),
    STRIPWATCH("stripwatch", "stripwatch policy file (analyzer/policy README)");

    private final String wireName;
    private final String reference;

    PolicyKind(String wireName, String reference) {
        this.wireName = wireName;
        this.reference = reference;
    }

    public String wireName() {
        return wireName;
    }

    public String reference() {
        return reference;
    }
}
