package org.stripwatch.analyzer.core.correlation;

import java.util.ArrayList;
import java.util.List;
import org.stripwatch.analyzer.core.Sessions;
import org.stripwatch.analyzer.policy.DaneMatcher;
import org.stripwatch.analyzer.policy.DomainNames;
import org.stripwatch.analyzer.policy.Expectation;
import org.stripwatch.analyzer.policy.MxPattern;
import org.stripwatch.analyzer.policy.Pin;
import org.stripwatch.analyzer.policy.TlsaRecord;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.SessionRecord;

/**
 * Checks the server's certificate chain (TLS 1.2 and below: TLS 1.3 encrypts it) against one expectation that
 * demands authentication. Passive limits: no trust store walk (a self-signed leaf is "not trusted"; a chain to an
 * unknown CA is not detected), validity dates against the session start.
 *
 * @param result   RFC 8460 §4.3 result type of the failure, or null when the chain satisfies the expectation
 * @param detail   what failed, in words
 */
public record CertificateCheck(String result, String detail) {
    public static final CertificateCheck OK = new CertificateCheck(null, "");

    public boolean failed() {
        return result != null;
    }

    /** Null when the session shows no certificates (TLS 1.3 or no completed handshake): nothing to check. */
    public static CertificateCheck check(SessionRecord s, Expectation e, String mxHost, String domain) {
        List<Certificate> chain = Sessions.chain(s);
        if (chain.isEmpty() || !e.strength().requiresAuthentication()) return null;
        Certificate leaf = chain.get(0);
        return switch (e.strength()) {
            case DANE -> dane(chain, e, mxHost);
            case PINNED -> pins(chain, e);
            default -> webPki(s, leaf, e, mxHost, domain);
        };
    }

    private static CertificateCheck webPki(SessionRecord s, Certificate leaf, Expectation e, String mxHost, String domain) {
        List<String> names = Sessions.certNames(leaf);
        if (!namesMatch(names, e, mxHost, domain)) {
            return new CertificateCheck("certificate-host-mismatch", "certificate names " + names + " match none of "
                    + (e.mxPatterns().isEmpty() ? domain : e.mxPatterns().toString()));
        }
        if (leaf.getSelfSigned()) return new CertificateCheck("certificate-not-trusted", "the certificate is self-signed");
        long t = Sessions.micros(s.getStart());
        if (leaf.getNotAfter() != null && Sessions.micros(leaf.getNotAfter()) < t) {
            return new CertificateCheck("certificate-expired", "the certificate expired on " + leaf.getNotAfter());
        }
        if (leaf.getNotBefore() != null && Sessions.micros(leaf.getNotBefore()) > t) {
            return new CertificateCheck("certificate-not-trusted", "the certificate is not valid before " + leaf.getNotBefore());
        }
        return OK;
    }

    /** RFC 8461 §4.1: a certificate name must match an MX pattern (a wildcard name covers one label). */
    static boolean namesMatch(List<String> names, Expectation e, String mxHost, String domain) {
        for (String n : names) {
            if (!e.mxPatterns().isEmpty()) {
                for (MxPattern p : e.mxPatterns()) {
                    if (n.startsWith("*.") ? p.overlapsWildcard(n.substring(2)) : p.matches(n)) return true;
                }
            } else {
                String target = e.scope() == Expectation.Scope.MX_HOST ? e.subject() : (mxHost != null ? mxHost : domain);
                if (target != null && DomainNames.certNameMatches(n, target)) return true;
                if (domain != null && DomainNames.certNameMatches(n, domain)) return true;
            }
        }
        return false;
    }

    private static CertificateCheck dane(List<Certificate> chain, Expectation e, String mxHost) {
        List<TlsaRecord> usable = new ArrayList<>();
        for (TlsaRecord r : e.tlsa()) if (r.usable()) usable.add(r);
        if (usable.isEmpty()) return OK;
        List<byte[]> ders = new ArrayList<>();
        for (Certificate c : chain) ders.add(Sessions.der(c));
        if (ders.get(0).length == 0) return daneByFingerprint(chain.get(0), usable, e);
        DaneMatcher.DaneResult r = DaneMatcher.match(usable, ders);
        if (!r.authenticated()) return new CertificateCheck("tlsa-invalid", "the chain matches none of the " + usable.size() + " TLSA record(s) of " + e.subject());
        if (r.nameCheckRequired()) {
            String host = mxHost != null ? mxHost : e.subject();
            boolean ok = false;
            for (String n : Sessions.certNames(chain.get(0))) if (DomainNames.certNameMatches(n, host) || DomainNames.certNameMatches(n, e.subject())) ok = true;
            if (!ok) return new CertificateCheck("certificate-host-mismatch", "DANE-TA match but the leaf names do not cover " + host + " (RFC 7672 §3.2.2)");
        }
        return OK;
    }

    /**
     * Without the DER (JSON input): DANE-EE SHA-256 records compared with the leaf's certificate or SPKI fingerprint
     * (RFC 7672 §3.1.1 needs nothing else); anything else cannot be decided (null).
     */
    private static CertificateCheck daneByFingerprint(Certificate leaf, List<TlsaRecord> usable, Expectation e) {
        boolean decidable = false;
        String hex;
        for (TlsaRecord r : usable) {
            if (r.usage() != TlsaRecord.USAGE_DANE_EE || r.matchingType() != TlsaRecord.MATCH_SHA256) continue;
            decidable = true;
            hex = java.util.HexFormat.of().formatHex(r.data());
            String have = r.selector() == TlsaRecord.SELECTOR_SPKI ? leaf.getSpkiSha256() : leaf.getSha256();
            if (hex.equalsIgnoreCase(have)) return OK;
        }
        if (!decidable) return null;
        return new CertificateCheck("tlsa-invalid", "the leaf matches none of the DANE-EE TLSA records of " + e.subject());
    }

    private static CertificateCheck pins(List<Certificate> chain, Expectation e) {
        Certificate leaf = chain.get(0);
        for (Pin p : e.pins()) {
            if (p.digest() == Pin.Digest.SHA256) {
                boolean cert = p.target() != Pin.Target.SPKI && p.hex().equalsIgnoreCase(leaf.getSha256());
                boolean spki = p.target() != Pin.Target.CERT && p.hex().equalsIgnoreCase(leaf.getSpkiSha256());
                if (cert || spki) return OK;
            } else {
                byte[] der = Sessions.der(leaf);
                if (der.length > 0 && p.matches(der)) return OK;
            }
        }
        return new CertificateCheck("certificate-not-trusted", "the certificate (sha256 " + abbrev(leaf.getSha256())
                + ", key " + abbrev(leaf.getSpkiSha256()) + ") matches none of the " + e.pins().size() + " pinned fingerprint(s)");
    }

    static String abbrev(String hex) {
        return hex == null || hex.length() < 16 ? String.valueOf(hex) : hex.substring(0, 16) + "…";
    }
}
