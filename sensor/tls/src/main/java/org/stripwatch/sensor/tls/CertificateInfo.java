package org.stripwatch.sensor.tls;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One certificate of a TLS 1.2-or-below Certificate message (RFC 5246 §7.4.2), parsed with Bouncy
 * Castle. If it does not parse, {@code parseError} summarises why and only {@code index},
 * {@code sha256}, {@code derLength} and {@code der} are set.
 *
 * @param index position in the chain, 0 = the server's own certificate
 * @param sha256 SHA-256 hex of the DER (the DANE "full certificate" digest, RFC 6698 §2.1.2)
 * @param spkiSha256 SHA-256 hex of the DER SubjectPublicKeyInfo (DANE selector 1), or null
 * @param subject RFC 4514 string, e.g. {@code CN=mx.example,O=Example,C=US}, or null
 * @param issuer RFC 4514 string, or null
 * @param sanDns dNSName entries of subjectAltName (RFC 5280 §4.2.1.6)
 * @param sanIp iPAddress entries of subjectAltName, as textual addresses
 * @param selfIssued subject equals issuer (RFC 5280 §3.2)
 * @param selfSigned self-issued and its signature verifies with its own public key
 * @param keyAlgorithm "RSA", "EC", "Ed25519", ... or the OID
 * @param keyBits modulus size for RSA/DSA, field size for EC, 0 if unknown
 * @param der the certificate, or an empty array when over the per-connection DER budget
 * @param parseError null if parsed, else a short summary
 */
public record CertificateInfo(
        int index,
        String sha256,
        String spkiSha256,
        String subject,
        String issuer,
        List<String> sanDns,
        List<String> sanIp,
        Instant notBefore,
        Instant notAfter,
        boolean selfIssued,
        boolean selfSigned,
        String keyAlgorithm,
        int keyBits,
        int derLength,
        byte[] der,
        String parseError) {

    public CertificateInfo {
        Objects.requireNonNull(sha256, "sha256");
        sanDns = List.copyOf(sanDns);
        sanIp = List.copyOf(sanIp);
        der = der == null ? new byte[0] : der;
    }

    /** The DER was kept (within {@link TlsConfig#maxCertificateDerBytes()}). */
    public boolean derKept() {
        return der.length == derLength;
    }

    /** A copy of the DER. */
    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateInfo c && index == c.index && sha256.equals(c.sha256)
                && Objects.equals(spkiSha256, c.spkiSha256) && Objects.equals(subject, c.subject)
                && Objects.equals(issuer, c.issuer) && sanDns.equals(c.sanDns) && sanIp.equals(c.sanIp)
                && Objects.equals(notBefore, c.notBefore) && Objects.equals(notAfter, c.notAfter)
                && selfIssued == c.selfIssued && selfSigned == c.selfSigned
                && Objects.equals(keyAlgorithm, c.keyAlgorithm) && keyBits == c.keyBits
                && derLength == c.derLength && Arrays.equals(der, c.der)
                && Objects.equals(parseError, c.parseError);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, sha256, subject, issuer);
    }

    @Override
    public String toString() {
        return "CertificateInfo[" + index + " sha256=" + sha256 + " subject=" + subject + " issuer="
                + issuer + " san=" + sanDns + sanIp + " notBefore=" + notBefore + " notAfter=" + notAfter
                + " selfSigned=" + selfSigned + " key=" + keyAlgorithm + "/" + keyBits + " der="
                + (der.length > 0 ? HexFormat.of().formatHex(der, 0, Math.min(8, der.length)) + "..." : "-")
                + (parseError == null ? "" : " error=" + parseError) + "]";
    }
}
