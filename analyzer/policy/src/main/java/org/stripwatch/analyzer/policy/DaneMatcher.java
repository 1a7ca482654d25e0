package org.stripwatch.analyzer.policy;

import java.io.ByteArrayInputStream;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, for an observed server certificate chain (DER, leaf first, as sent in the TLS
 * Certificate message), which TLSA records match (RFC 6698 §2.1, RFC 7672 §3.1). Pure function of
 * its inputs; never throws on malformed certificates.
 * <ul>
 * <li>DANE-EE(3) is compared with the leaf only; no name, expiry or chain checks apply
 *     (RFC 7672 §3.1.1).</li>
 * <li>DANE-TA(2) is compared with the issuer certificates the server presented (chain positions
 *     1..n-1): RFC 7672 §3.1.2 requires servers to include the TA certificate in the chain, even a
 *     self-signed root. A position matches only if every certificate from the leaf up to it is
 *     signed by the next one, so a copied public TA certificate appended to an attacker's own leaf
 *     does not match ({@link Outcome#CHAIN_BROKEN}). For DANE-TA(2) SPKI(1) Full(0) the record holds
 *     the whole TA key, so a chain whose top certificate that key signed also matches without the
 *     TA certificate (RFC 7671 §5.2.2); the index is then {@code chain.size()}.</li>
 * <li>With DANE-TA(2) the leaf must also carry a name matching the MX host (RFC 7672 §3.2.2);
 *     that is the analyzer's check, signalled by {@link DaneResult#nameCheckRequired()}. Validity
 *     dates are not checked here either (RFC 7672 §3.1.1 waives them for DANE-EE only).</li>
 * <li>PKIX-TA(0), PKIX-EE(1) and unknown parameters are {@link Outcome#UNUSABLE} (RFC 7672 §3.1.3).</li>
 * </ul>
 */
public final class DaneMatcher {
    private DaneMatcher() {
    }

    /** Per-record outcome. */
    public enum Outcome {
        MATCHED("matched"),
        NO_MATCH("no_match"),
        /** The data matched a presented certificate but the chain below it is not signed by it. */
        CHAIN_BROKEN("chain_broken"),
        UNUSABLE("unusable");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** @param chainIndex the matched chain position (0 = leaf), {@code chain.size()} for a published TA key, -1 if none */
    public record TlsaMatch(TlsaRecord record, Outcome outcome, int chainIndex) {
    }

    /**
     * @param matches           one entry per record, in record order
     * @param usableRecords     true if at least one record is usable; if false DANE requires TLS but no authentication (RFC 7672 §2.2)
     * @param authenticated     true if a usable record matched
     * @param nameCheckRequired true if only DANE-TA(2) records matched, so the leaf's names must still match the MX host (RFC 7672 §3.2.2)
     */
    public record DaneResult(List<TlsaMatch> matches, boolean usableRecords, boolean authenticated, boolean nameCheckRequired) {
        public DaneResult {
            matches = List.copyOf(matches);
        }
    }

    public static DaneResult match(List<TlsaRecord> records, List<byte[]> chainLeafFirst) {
        Chain chain = new Chain(chainLeafFirst);
        List<TlsaMatch> out = new ArrayList<>(records.size());
        boolean usable = false, ee = false, ta = false;
        for (TlsaRecord r : records) {
            TlsaMatch m = matchOne(r, chain);
            out.add(m);
            usable |= r.usable();
            if (m.outcome() == Outcome.MATCHED) {
                if (r.usage() == TlsaRecord.USAGE_DANE_EE) ee = true;
                else ta = true;
            }
        }
        return new DaneResult(out, usable, ee || ta, ta && !ee);
    }

    /** Matches one record against the chain. */
    public static TlsaMatch match(TlsaRecord r, List<byte[]> chainLeafFirst) {
        return matchOne(r, new Chain(chainLeafFirst));
    }

    private static TlsaMatch matchOne(TlsaRecord r, Chain chain) {
        if (!r.usable()) return new TlsaMatch(r, Outcome.UNUSABLE, -1);
        if (r.usage() == TlsaRecord.USAGE_DANE_EE) {
            boolean ok = chain.size() > 0 && dataMatches(r, chain.der(0));
            return new TlsaMatch(r, ok ? Outcome.MATCHED : Outcome.NO_MATCH, ok ? 0 : -1);
        }
        int broken = -1;
        for (int i = 1; i < chain.size(); i++) {
            if (!dataMatches(r, chain.der(i))) continue;
            if (chain.signedUpTo(i)) return new TlsaMatch(r, Outcome.MATCHED, i);
            if (broken < 0) broken = i;
        }
        if (r.selector() == TlsaRecord.SELECTOR_SPKI && r.matchingType() == TlsaRecord.MATCH_FULL && chain.size() > 0) {
            PublicKey key = publicKey(r.data());
            if (key != null && chain.signedUpTo(chain.size() - 1) && chain.verifies(chain.size() - 1, key)) {
                return new TlsaMatch(r, Outcome.MATCHED, chain.size());
            }
        }
        return broken >= 0 ? new TlsaMatch(r, Outcome.CHAIN_BROKEN, broken) : new TlsaMatch(r, Outcome.NO_MATCH, -1);
    }

    /** Compares the record's data with the selected part of one certificate (RFC 6698 §2.1.2, §2.1.3). */
    static boolean dataMatches(TlsaRecord r, byte[] certDer) {
        byte[] selected = r.selector() == TlsaRecord.SELECTOR_CERT ? certDer : Der.subjectPublicKeyInfo(certDer);
        if (selected == null) return false;
        byte[] want = r.data();
        switch (r.matchingType()) {
            case TlsaRecord.MATCH_FULL:
                return MessageDigest.isEqual(want, selected);
            case TlsaRecord.MATCH_SHA256:
                return MessageDigest.isEqual(want, Pin.Digest.SHA256.hash(selected));
            case TlsaRecord.MATCH_SHA512:
                return MessageDigest.isEqual(want, Pin.Digest.SHA512.hash(selected));
            default:
                return false;
        }
    }

    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    /** A public key from SubjectPublicKeyInfo DER, trying the JDK's algorithms in turn; null if none accepts it. */
    static PublicKey publicKey(byte[] spki) {
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(spki));
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                // not this algorithm, or malformed: try the next one
            }
        }
        return null;
    }

    /** The chain, with certificates parsed lazily by the JDK for signature checks only. */
    private static final class Chain {
        private final List<byte[]> der;
        private final X509Certificate[] parsed;
        private final boolean[] tried;
        private final Boolean[] signedByNext;

        Chain(List<byte[]> der) {
            this.der = der;
            this.parsed = new X509Certificate[der.size()];
            this.tried = new boolean[der.size()];
            this.signedByNext = new Boolean[der.size()];
        }

        int size() {
            return der.size();
        }

        byte[] der(int i) {
            return der.get(i);
        }

        X509Certificate cert(int i) {
            if (!tried[i]) {
                tried[i] = true;
                try {
                    parsed[i] = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der.get(i)));
                } catch (java.security.GeneralSecurityException | RuntimeException e) {
                    parsed[i] = null; // malformed certificate: it cannot take part in a signature chain
                }
            }
            return parsed[i];
        }

        /** True if certificates 0..top-1 are each signed by the key of the next one. */
        boolean signedUpTo(int top) {
            for (int k = 0; k < top; k++) {
                if (signedByNext[k] == null) {
                    X509Certificate issuer = cert(k + 1);
                    signedByNext[k] = issuer != null && verifies(k, issuer.getPublicKey());
                }
                if (!signedByNext[k]) return false;
            }
            return true;
        }

        boolean verifies(int i, PublicKey key) {
            X509Certificate c = cert(i);
            if (c == null) return false;
            try {
                c.verify(key);
                return true;
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }
    }
}
