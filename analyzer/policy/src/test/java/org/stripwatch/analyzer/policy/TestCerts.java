package org.stripwatch.analyzer.policy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Real certificate chains made with Bouncy Castle, and digests computed with BC (not the code under test). */
final class TestCerts {
    private TestCerts() {
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static byte[] cert(String subject, PublicKey key, String issuer, PrivateKey signer, boolean ca) throws Exception {
        Date from = new Date(1_700_000_000_000L);
        Date to = new Date(1_900_000_000_000L);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(subject.hashCode() & 0x7fffffff), from, to, new X500Name("CN=" + subject), key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        String alg = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        X509CertificateHolder h = b.build(new JcaContentSignerBuilder(alg).build(signer));
        return h.getEncoded();
    }

    /** SPKI DER as BC re-encodes it from the certificate structure. */
    static byte[] spki(byte[] certDer) throws Exception {
        return new X509CertificateHolder(certDer).getSubjectPublicKeyInfo().getEncoded("DER");
    }

    static byte[] sha256(byte[] in) {
        return digest(new SHA256Digest(), in);
    }

    static byte[] sha512(byte[] in) {
        return digest(new SHA512Digest(), in);
    }

    private static byte[] digest(Digest d, byte[] in) {
        byte[] out = new byte[d.getDigestSize()];
        d.update(in, 0, in.length);
        d.doFinal(out, 0);
        return out;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    /** root -> intermediate -> leaf, plus an attacker's self-made leaf. */
    static final class Chain {
        final KeyPair rootKey, interKey, leafKey, evilKey;
        final byte[] root, inter, leaf, evilLeaf;

        Chain() throws Exception {
            rootKey = ecKey();
            interKey = rsaKey();
            leafKey = ecKey();
            evilKey = ecKey();
            root = cert("Lab Root", rootKey.getPublic(), "Lab Root", rootKey.getPrivate(), true);
            inter = cert("Lab Issuing CA", interKey.getPublic(), "Lab Root", rootKey.getPrivate(), true);
            leaf = cert("mail.example.com", leafKey.getPublic(), "Lab Issuing CA", interKey.getPrivate(), false);
            evilLeaf = cert("mail.example.com", evilKey.getPublic(), "Lab Issuing CA", evilKey.getPrivate(), false);
        }
    }
}
