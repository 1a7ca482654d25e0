package org.stripwatch.sensor.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * The TLS 1.2 Certificate message (RFC 5246 §7.4.2: {@code opaque ASN.1Cert<1..2^24-1>} list) and
 * the X.509 certificates inside it (RFC 5280). A certificate that does not parse becomes a
 * {@link CertificateInfo} with a {@code parseError}; nothing is thrown.
 */
final class CertificateParser {
    private final TlsConfig config;
    private final TlsCounters counters;
    private int derBudget;

    CertificateParser(TlsConfig config, TlsCounters counters) {
        this.config = config;
        this.counters = counters;
        this.derBudget = config.maxCertificateDerBytes();
    }

    /** Parsed chain plus whether the message framing itself was malformed. */
    record Chain(List<CertificateInfo> certificates, boolean malformed) {}

    Chain parseMessage(byte[] body, int length) {
        ByteReader r = new ByteReader(body, 0, length);
        ByteReader list = r.slice(r.u24());
        boolean malformed = !r.ok() || r.remaining() != 0;
        List<CertificateInfo> out = new ArrayList<>();
        while (list.ok() && list.remaining() > 0) {
            int len = list.u24();
            ByteReader certReader = list.slice(len);
            if (!list.ok()) {
                malformed = true;
                break;
            }
            if (out.size() >= config.maxCertificates()) {
                counters.certificatesOverLimit.increment();
                continue;
            }
            out.add(parseCertificate(out.size(), body, certReader.position(), len));
        }
        return new Chain(List.copyOf(out), malformed);
    }

    CertificateInfo parseCertificate(int index, byte[] der) {
        return parseCertificate(index, der, 0, der.length);
    }

    /**
     * The certificate in {@code buf[from, from + length)}. A cache hit copies nothing: the record keeps the
     * cache's copy of the (equal) DER.
     */
    private CertificateInfo parseCertificate(int index, byte[] buf, int from, int length) {
        CertificateCache.Hit hit = counters.certificateCache.get(buf, from, from + length);
        if (hit != null) {
            counters.certificateCacheHits.increment();
            if (hit.info().parseError() != null) {
                counters.malformed.increment();
            }
            return withPosition(hit.info(), index, keepDer(hit.der()));
        }
        byte[] der = Arrays.copyOfRange(buf, from, from + length);
        CertificateInfo info = parseUncached(index, Fingerprints.sha256Hex(der), der, keepDer(der));
        counters.certificateCache.put(der, withPosition(info, 0, null));
        return info;
    }

    /** The same facts at another position of another chain, with that chain's kept DER. */
    private static CertificateInfo withPosition(CertificateInfo c, int index, byte[] kept) {
        return new CertificateInfo(index, c.sha256(), c.spkiSha256(), c.subject(), c.issuer(), c.sanDns(),
                c.sanIp(), c.notBefore(), c.notAfter(), c.selfIssued(), c.selfSigned(), c.keyAlgorithm(),
                c.keyBits(), c.derLength(), kept, c.parseError());
    }

    private CertificateInfo parseUncached(int index, String sha256, byte[] der, byte[] kept) {
        try {
            X509CertificateHolder holder = new X509CertificateHolder(der);
            return describe(index, sha256, holder, der.length, kept);
        } catch (IOException | RuntimeException e) {
            // BC reports bad ASN.1 as IOException or IllegalArgumentException/ClassCastException.
            counters.malformed.increment();
            return new CertificateInfo(index, sha256, null, null, null, List.of(), List.of(), null,
                    null, false, false, null, 0, der.length, kept, summarize(e));
        }
    }

    private byte[] keepDer(byte[] der) {
        if (der.length > derBudget) {
            counters.certificateDerOverBudget.increment();
            return new byte[0];
        }
        derBudget -= der.length;
        return der;
    }

    private CertificateInfo describe(int index, String sha256, X509CertificateHolder holder,
            int derLength, byte[] kept) throws IOException {
        SubjectPublicKeyInfo spki = holder.getSubjectPublicKeyInfo();
        String subject = rfc4514(holder.getSubject());
        String issuer = rfc4514(holder.getIssuer());
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        readSans(holder, dns, ips);
        boolean selfIssued = holder.getSubject().equals(holder.getIssuer());
        return new CertificateInfo(index, sha256, Fingerprints.sha256Hex(spki.getEncoded("DER")),
                subject, issuer, dns, ips, holder.getNotBefore().toInstant(),
                holder.getNotAfter().toInstant(), selfIssued, selfIssued && verifiesItself(holder),
                keyAlgorithm(spki), keyBits(spki), derLength, kept, null);
    }

    /** RFC 4514 (the RFC 2253 form of the JDK: most specific RDN first). */
    private static String rfc4514(X500Name name) throws IOException {
        try {
            return new X500Principal(name.getEncoded("DER")).getName(X500Principal.RFC2253);
        } catch (IllegalArgumentException e) {
            return name.toString();
        }
    }

    private void readSans(X509CertificateHolder holder, List<String> dns, List<String> ips) {
        GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(),
                Extension.subjectAlternativeName);
        if (names == null) {
            return;
        }
        for (GeneralName n : names.getNames()) {
            if (dns.size() + ips.size() >= config.maxListItems()) {
                counters.listItemsOverLimit.increment();
                return;
            }
            if (n.getTagNo() == GeneralName.dNSName) {
                dns.add(n.getName().toString());
            } else if (n.getTagNo() == GeneralName.iPAddress) {
                ips.add(ipText(ASN1OctetString.getInstance(n.getName()).getOctets()));
            }
        }
    }

    private static String ipText(byte[] octets) {
        try {
            // 4 or 16 octets: a literal address, no name lookup happens.
            return InetAddress.getByAddress(octets).getHostAddress();
        } catch (UnknownHostException e) {
            return "invalid:" + java.util.HexFormat.of().formatHex(octets);
        }
    }

    /**
     * Verifies the signature with the certificate's own key (RFC 5280 §6.1: a self-signed
     * certificate). Algorithms the JDK cannot verify count as not self-signed.
     */
    private static boolean verifiesItself(X509CertificateHolder holder) {
        try {
            // The JDK has no KeyFactory registered by OID, so BC's SPKI shortcut fails on it:
            // decode the key with the algorithm's JCA name instead.
            SubjectPublicKeyInfo spki = holder.getSubjectPublicKeyInfo();
            PublicKey key = KeyFactory.getInstance(keyAlgorithm(spki))
                    .generatePublic(new X509EncodedKeySpec(spki.getEncoded("DER")));
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key));
        } catch (Exception e) {
            // Unknown key algorithm, bad key encoding, unsupported signature: unverifiable.
            return false;
        }
    }

    private static String keyAlgorithm(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        } else if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return "RSASSA-PSS";
        } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            return "Ed448";
        } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            return "DSA";
        }
        return oid.getId();
    }

    private static int keyBits(SubjectPublicKeyInfo spki) {
        try {
            ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                BigInteger modulus = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus();
                return modulus.bitLength();
            } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                ASN1Encodable params = spki.getAlgorithm().getParameters();
                ASN1Primitive p = params == null ? null : params.toASN1Primitive();
                X9ECParameters curve = p instanceof ASN1ObjectIdentifier named
                        ? ECNamedCurveTable.getByOID(named) : null;
                return curve == null ? 0 : curve.getCurve().getFieldSize();
            } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
                return 255;
            } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
                return 448;
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    private static String summarize(Exception e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        String s = e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 120));
        for (int i = 0; i < s.length() && sb.length() < 120; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
