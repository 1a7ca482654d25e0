package org.stripwatch.analyzer.policy;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One TLSA record (RFC 6698 §2) for an SMTP server, read from a zone file.
 *
 * @param host         the TLSA base domain: the MX host name, normalised (owner minus {@code _port._proto})
 * @param port         the port label ({@code 25} for SMTP, RFC 7672 §2.2.1)
 * @param protocol     the protocol label without underscore, lower case ({@code tcp})
 * @param ttl          TTL in seconds as written or inherited ($TTL), 0 if none was given
 * @param usage        certificate usage: 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE (RFC 6698 §2.1.1, RFC 7218)
 * @param selector     0 Cert, 1 SPKI (RFC 6698 §2.1.2)
 * @param matchingType 0 Full, 1 SHA2-256, 2 SHA2-512 (RFC 6698 §2.1.3)
 * @param dataHex      certificate association data, lower-case hex
 * @param source       file and line of the record's first line
 */
public record TlsaRecord(String host, int port, String protocol, long ttl, int usage, int selector, int matchingType,
                         String dataHex, SourceRef source) {
    public static final int USAGE_PKIX_TA = 0, USAGE_PKIX_EE = 1, USAGE_DANE_TA = 2, USAGE_DANE_EE = 3;
    public static final int SELECTOR_CERT = 0, SELECTOR_SPKI = 1;
    public static final int MATCH_FULL = 0, MATCH_SHA256 = 1, MATCH_SHA512 = 2;

    public TlsaRecord {
        if (!Objects.equals(DomainNames.normalizeOwner(host), host)) throw new IllegalArgumentException("host " + host);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        if (ttl < 0) throw new IllegalArgumentException("ttl " + ttl);
        if ((usage | selector | matchingType) >>> 8 != 0) throw new IllegalArgumentException("field out of 0..255");
        if (!dataHex.equals(dataHex.toLowerCase(Locale.ROOT))) throw new IllegalArgumentException("hex not lower case");
        HexFormat.of().parseHex(dataHex);
    }

    /** The certificate association data (a fresh copy). */
    public byte[] data() {
        return HexFormat.of().parseHex(dataHex);
    }

    /**
     * True if an SMTP client may use this record: usage DANE-TA(2) or DANE-EE(3) (PKIX usages are
     * unusable for SMTP, RFC 7672 §3.1.3), a known selector and matching type, and a digest of the
     * right length (RFC 7672 §2.2, RFC 7671 §4).
     */
    public boolean usable() {
        if (usage != USAGE_DANE_TA && usage != USAGE_DANE_EE) return false;
        if (selector > SELECTOR_SPKI) return false;
        int len = dataHex.length() / 2;
        switch (matchingType) {
            case MATCH_FULL: return len > 0;
            case MATCH_SHA256: return len == 32;
            case MATCH_SHA512: return len == 64;
            default: return false;
        }
    }

    /** The owner name, e.g. {@code _25._tcp.mx.example.com}. */
    public String owner() {
        return "_" + port + "._" + protocol + "." + host;
    }

    /** RFC 7218 mnemonic of the usage, e.g. {@code DANE-EE}. */
    public String usageName() {
        switch (usage) {
            case 0: return "PKIX-TA";
            case 1: return "PKIX-EE";
            case 2: return "DANE-TA";
            case 3: return "DANE-EE";
            default: return Integer.toString(usage);
        }
    }

    @Override
    public String toString() {
        return owner() + " TLSA " + usage + " " + selector + " " + matchingType + " "
                + (dataHex.length() > 16 ? dataHex.substring(0, 16) + "..." : dataHex);
    }
}
