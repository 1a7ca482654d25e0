package org.stripwatch.sensor.session;

/**
 * Wire-level findings: what the sensor saw that a downgrade leaves behind. Facts, not verdicts —
 * each has benign causes, and the analyzer decides what a finding means for a domain with a policy.
 */
public enum FindingType {
    STARTTLS_NOT_OFFERED("starttls_not_offered",
            "A complete EHLO reply in cleartext did not list STARTTLS (RFC 3207 §4).",
            "The server has no TLS configured, or the offer was stripped on the path."),
    STARTTLS_CAPABILITY_GARBLED("starttls_capability_garbled",
            "An EHLO capability is a mangled STARTTLS: XXXXXXXA, all X, same length with few letters kept, "
                    + "within a small edit distance, or (STARTTLS absent) an unknown keyword of its exact length "
                    + "(Durumeric et al., IMC 2015).",
            "Practically none: middleboxes (Cisco ASA ESMTP inspection) do this on purpose."),
    STARTTLS_COMMAND_GARBLED("starttls_command_garbled",
            "The client's command resembles STARTTLS but is not it, and the server answered 500/502.",
            "A broken client; otherwise a path element rewrote the command."),
    STARTTLS_REJECTED("starttls_rejected",
            "The reply to STARTTLS was not 220 (RFC 3207 §4: 454 = TLS not available).",
            "A server whose TLS is misconfigured or overloaded; an injected 454 looks the same from far away."),
    STARTTLS_OFFERED_NOT_USED("starttls_offered_not_used",
            "STARTTLS was offered, and the client carried on in cleartext without asking for it.",
            "Submission clients and old MTAs that never use TLS; or a client-side strip of the offer."),
    EHLO_DOWNGRADED_TO_HELO("ehlo_downgraded_to_helo",
            "The client sent HELO after EHLO on one connection (EHLO refused here, or — seen behind the "
                    + "attacker — refused on the other side): no extensions, so no STARTTLS (RFC 5321 §3.2).",
            "Very old servers; otherwise an attacker refusing EHLO."),
    TLS_NOT_STARTED_AFTER_220("tls_not_started_after_220",
            "The server accepted STARTTLS with 220, but the bytes that followed were not TLS (RFC 3207 §5).",
            "A capture of already decrypted traffic; a broken client; a MITM answering 220 itself."),
    TLS_HANDSHAKE_RESET("tls_handshake_reset",
            "A RST ended the connection between STARTTLS and the end of the TLS handshake.",
            "A client or server that rejects the peer's TLS parameters abruptly; forged RSTs look like this "
                    + "(Weaver, Sommer, Paxson, NDSS 2009)."),
    TLS_HANDSHAKE_INCOMPLETE("tls_handshake_incomplete",
            "STARTTLS was accepted but the handshake did not complete: FIN, alert or end of capture.",
            "A handshake failure (no shared cipher, bad certificate), or a capture that ended early."),
    CLEARTEXT_MAIL_TRANSACTION("cleartext_mail_transaction",
            "A mail transaction (MAIL FROM) took place without TLS.",
            "Servers without TLS, and opportunistic TLS failing for benign reasons."),
    SEGMENT_OVERLAP_CONFLICT("segment_overlap_conflict",
            "Two TCP segments carried different bytes for the same sequence numbers.",
            "Rare bugs in middleboxes; the classic footprint of an injected segment racing the real one "
                    + "(Ptacek & Newsham 1998).");

    private final String wireName;
    private final String meaning;
    private final String benignCauses;

    FindingType(String wireName, String meaning, String benignCauses) {
        this.wireName = wireName;
        this.meaning = meaning;
        this.benignCauses = benignCauses;
    }

    public String wireName() {
        return wireName;
    }

    public String meaning() {
        return meaning;
    }

    public String benignCauses() {
        return benignCauses;
    }
}
