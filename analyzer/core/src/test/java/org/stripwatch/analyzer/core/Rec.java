package org.stripwatch.analyzer.core;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.stripwatch.schemas.Certificate;
import org.stripwatch.schemas.EhloCapability;
import org.stripwatch.schemas.Finding;
import org.stripwatch.schemas.SessionRecord;
import org.stripwatch.schemas.StartTls;
import org.stripwatch.schemas.TlsHandshake;

/** A small builder of Avro session records for analyzer tests (documentation addresses only). */
public final class Rec {
    public static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static int counter;

    private final SessionRecord.Builder b = SessionRecord.newBuilder();
    private final List<Finding> findings = new ArrayList<>();
    private final List<EhloCapability> caps = new ArrayList<>();
    private TlsHandshake.Builder tls;
    private final StartTls.Builder starttls = StartTls.newBuilder();

    private Rec(String client, String server, int port, Instant start) {
        b.setSensorId("lab").setConnectionId("C" + (++counter)).setIpVersion(server.contains(":") ? 6 : 4).setClientIp(addr(client))
                .setClientPort(40000 + (counter % 20000)).setServerIp(addr(server)).setServerPort(port).setStart(start)
                .setEnd(start.plusMillis(400)).setCloseReason("fin");
    }

    public static Rec session(String client, String server, int port, Instant start) {
        return new Rec(client, server, port, start);
    }

    public static Rec session(String client, String server, Instant start) {
        return new Rec(client, server, 25, start);
    }

    static ByteBuffer addr(String ip) {
        try {
            return ByteBuffer.wrap(InetAddress.getByName(ip).getAddress());
        } catch (Exception e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    public Rec id(String connectionId) {
        b.setConnectionId(connectionId);
        return this;
    }

    public Rec clientPort(int p) {
        b.setClientPort(p);
        return this;
    }

    public Rec banner(String host) {
        b.setServerBannerHost(host).setGreetingCode(220);
        return this;
    }

    public Rec ttl(int serverToClient) {
        b.setTtlServerToClient(serverToClient).setTtlClientToServer(64);
        return this;
    }

    /** A complete EHLO reply; STARTTLS listed when {@code offered}. */
    public Rec ehlo(boolean offered) {
        caps.add(cap("PIPELINING"));
        caps.add(cap("SIZE"));
        if (offered) caps.add(cap("STARTTLS"));
        caps.add(cap("8BITMIME"));
        b.setEhloReplyComplete(true).setHeloVerb("EHLO").setEhloDomain("client.example.org");
        starttls.setOffered(offered);
        if (!offered) finding("starttls_not_offered", "complete EHLO reply without STARTTLS", "capabilities", Integer.toString(caps.size()));
        return this;
    }

    /** STARTTLS replaced by a same-length token. */
    public Rec garbledCapability(String token) {
        caps.add(cap("PIPELINING"));
        caps.add(cap(token));
        b.setEhloReplyComplete(true).setHeloVerb("EHLO");
        return finding("starttls_capability_garbled", "EHLO capability \"" + token + "\" in place of STARTTLS", "token", token,
                "resemblance", "masked", "edit_distance", "8");
    }

    private static EhloCapability cap(String k) {
        return EhloCapability.newBuilder().setKeyword(k).build();
    }

    public Rec finding(String type, String detail, String... kv) {
        Map<String, String> ev = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) ev.put(kv[i], kv[i + 1]);
        findings.add(Finding.newBuilder().setType(type).setDetail(detail).setEvidence(ev).build());
        return this;
    }

    /** A mail transaction in cleartext to these recipient domains. */
    public Rec cleartextMail(String... rcptDomains) {
        b.setMailInCleartext(true).setMailTransactions(1).setRecipients(rcptDomains.length).setMessageCount(1)
                .setRcptDomains(List.of(rcptDomains)).setMailFromDomains(List.of("sender.example.org"));
        if (starttls.getOffered() && !starttls.getAttempted()) finding("starttls_offered_not_used", "STARTTLS offered; client sent 4 command(s) in cleartext instead");
        return finding("cleartext_mail_transaction", "1 mail transaction(s), " + rcptDomains.length + " recipient(s) without TLS",
                "transactions", "1", "recipients", Integer.toString(rcptDomains.length));
    }

    /** STARTTLS attempted, 220, handshake completed with this version, JA3S and chain (leaf first; may be empty). */
    public Rec tls(String version, String ja3s, Certificate... chain) {
        starttls.setAttempted(true).setReplyCode(220).setReplyText("2.0.0 Ready to start TLS");
        tls = TlsHandshake.newBuilder().setVersion(version).setJa3s(ja3s).setCompleted(true).setCertificates(List.of(chain))
                .setCipher("TLS_AES_128_GCM_SHA256").setHistory("CsxSiI");
        return this;
    }

    public Rec sni(String host) {
        if (tls == null) tls = TlsHandshake.newBuilder();
        tls.setSni(host);
        return this;
    }

    public Rec firstFlight(int... sizes) {
        List<Integer> l = new ArrayList<>();
        for (int s : sizes) l.add(s);
        tls.setFirstFlightRecordSizes(l);
        return this;
    }

    /** STARTTLS refused with code (an injected 454 carries ttl evidence when {@code ttl} differs from {@code median}). */
    public Rec rejected(int code, int ttl, int median) {
        starttls.setAttempted(true).setReplyCode(code).setReplyText("4.7.0 TLS not available due to local problem");
        List<String> kv = new ArrayList<>(List.of("reply_code", Integer.toString(code), "ttl", Integer.toString(ttl), "median_ttl", Integer.toString(median)));
        if (ttl != median) kv.addAll(List.of("ttl_differs", "true"));
        return finding("starttls_rejected", "STARTTLS answered " + code, kv.toArray(String[]::new));
    }

    /** A RST in the TLS handshake sent as the server. */
    public Rec reset(int ttl, int median) {
        starttls.setAttempted(true).setReplyCode(220);
        tls = TlsHandshake.newBuilder().setCompleted(false).setHistory("C");
        List<String> kv = new ArrayList<>(List.of("sender", "server", "after", "client_hello", "seq_match", "exact", "ttl", Integer.toString(ttl),
                "median_ttl", Integer.toString(median)));
        if (ttl != median) kv.addAll(List.of("ttl_differs", "true"));
        return finding("tls_handshake_reset", "RST from server after client_hello", kv.toArray(String[]::new));
    }

    public SessionRecord build() {
        return b.setEhloCapabilities(caps).setStarttls(starttls.build()).setTls(tls == null ? null : tls.build()).setFindings(findings).build();
    }

    // --- certificates --------------------------------------------------------------------------------------

    /** A real certificate (Bouncy Castle) and its Avro view. */
    public record TestCert(byte[] der, KeyPair key, Certificate avro) {
    }

    public static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static TestCert cert(String subject, KeyPair key, String issuer, PrivateKey signer, long serial, String... san) throws Exception {
        return cert(subject, key, issuer, signer, serial, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), san);
    }

    public static TestCert cert(String subject, KeyPair key, String issuer, PrivateKey signer, long serial, Instant from, Instant to,
                                String... san) throws Exception {
        PublicKey pub = key.getPublic();
        JcaX509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer), BigInteger.valueOf(serial),
                Date.from(from), Date.from(to), new X500Name("CN=" + subject), pub);
        cb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        if (san.length > 0) {
            GeneralName[] names = new GeneralName[san.length];
            for (int i = 0; i < san.length; i++) names[i] = new GeneralName(GeneralName.dNSName, san[i]);
            cb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        byte[] der = cb.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)).getEncoded();
        byte[] spki = new X509CertificateHolder(der).getSubjectPublicKeyInfo().getEncoded("DER");
        Certificate c = Certificate.newBuilder().setSha256(hex(sha256(der))).setSpkiSha256(hex(sha256(spki))).setSubject("CN=" + subject)
                .setIssuer("CN=" + issuer).setSan(List.of(san)).setNotBefore(from).setNotAfter(to).setSelfSigned(subject.equals(issuer))
                .setDer(ByteBuffer.wrap(der)).build();
        return new TestCert(der, key, c);
    }

    public static TestCert selfSigned(String subject, String... san) throws Exception {
        KeyPair k = ecKey();
        return cert(subject, k, subject, k.getPrivate(), 1, san);
    }

    public static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    public static byte[] spki(byte[] der) throws Exception {
        return new X509CertificateHolder(der).getSubjectPublicKeyInfo().getEncoded("DER");
    }
}
