package org.stripwatch.analyzer.policy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A pinned fingerprint of the server's (leaf) certificate or of its SubjectPublicKeyInfo.
 * Postfix's {@code fingerprint} level compares the leaf's certificate and public-key digests
 * (postfix.org TLS_README, "Certificate fingerprint verification"); stripwatch's own pins say which
 * one they mean. {@code hex} is the lower-case digest.
 */
public record Pin(Target target, Digest digest, String hex) {
    /** What the digest is taken over. */
    public enum Target { CERT, SPKI, CERT_OR_SPKI }

    /** Digest algorithms, recognised by length when a format does not name them. */
    public enum Digest {
        MD5(16, "MD5"), SHA1(20, "SHA-1"), SHA256(32, "SHA-256"), SHA384(48, "SHA-384"), SHA512(64, "SHA-512");

        private final int length;
        private final String jcaName;

        Digest(int length, String jcaName) {
            this.length = length;
            this.jcaName = jcaName;
        }

        public int length() {
            return length;
        }

        /** The digest of that length, or null. */
        public static Digest ofLength(int len) {
            for (Digest d : values()) if (d.length == len) return d;
            return null;
        }

        byte[] hash(byte[] data) {
            try {
                return MessageDigest.getInstance(jcaName).digest(data);
            } catch (NoSuchAlgorithmException e) {
                // every JDK must provide these (java.security.MessageDigest javadoc): a broken runtime, not input
                throw new IllegalStateException(e);
            }
        }
    }

    public Pin {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(digest, "digest");
        if (hex.length() != digest.length * 2 || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("bad " + digest + " hex: " + hex);
        }
        HexFormat.of().parseHex(hex);
    }

    public static Pin of(Target target, byte[] digestBytes) {
        Digest d = Digest.ofLength(digestBytes.length);
        if (d == null) throw new IllegalArgumentException("no digest of length " + digestBytes.length);
        return new Pin(target, d, HexFormat.of().formatHex(digestBytes));
    }

    /** Does this pin match the certificate (DER)? SPKI pins on an unparseable certificate do not match. */
    public boolean matches(byte[] certDer) {
        byte[] want = HexFormat.of().parseHex(hex);
        if (target != Target.SPKI && MessageDigest.isEqual(want, digest.hash(certDer))) return true;
        if (target == Target.CERT) return false;
        byte[] spki = Der.subjectPublicKeyInfo(certDer);
        return spki != null && MessageDigest.isEqual(want, digest.hash(spki));
    }

    /** Does this pin match the leaf (first) certificate of the chain? */
    public boolean matchesLeaf(List<byte[]> chainLeafFirst) {
        return !chainLeafFirst.isEmpty() && matches(chainLeafFirst.get(0));
    }

    @Override
    public String toString() {
        return target.name().toLowerCase(java.util.Locale.ROOT) + "-" + digest.name().toLowerCase(java.util.Locale.ROOT)
                + "=" + hex;
    }
}
