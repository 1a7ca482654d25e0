package org.stripwatch.sensor.tls;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.stripwatch.sensor.reassembly.Direction;

/**
 * Real TLS bytes: the JDK's SSLEngine client and server run a handshake in memory and every
 * network buffer they produce becomes a trace event, in the order produced. The server presents
 * a self-signed certificate made with Bouncy Castle.
 */
final class JdkTlsTraces {
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2036-01-01T00:00:00Z");

    record Result(Trace trace, X509Certificate certificate) {}

    private JdkTlsTraces() {}

    static X509Certificate selfSigned(KeyPair kp, String cn) throws Exception {
        X500Name name = new X500Name("C=XX,O=Stripwatch Test,CN=" + cn); // DER order: RFC 4514 prints it reversed
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(42),
                Date.from(NOT_BEFORE), Date.from(NOT_AFTER), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, cn), new GeneralName(GeneralName.iPAddress, "192.0.2.25")}));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    static Result handshake(String protocol, String cn) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256, new SecureRandom());
        KeyPair kp = kpg.generateKeyPair();
        X509Certificate cert = selfSigned(kp, cn);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", kp.getPrivate(), pw, new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(kmf.getKeyManagers(), null, null);
        SSLContext clientCtx = SSLContext.getInstance("TLS");
        clientCtx.init(null, new TrustManager[] {new TrustAll()}, null);

        SSLEngine client = clientCtx.createSSLEngine(cn, 25);
        client.setUseClientMode(true);
        client.setEnabledProtocols(new String[] {protocol});
        SSLParameters p = client.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(cn)));
        client.setSSLParameters(p);
        SSLEngine server = serverCtx.createSSLEngine();
        server.setUseClientMode(false);
        server.setEnabledProtocols(new String[] {protocol});
        return new Result(run(client, server), cert);
    }

    private static Trace run(SSLEngine client, SSLEngine server) throws Exception {
        List<Trace.Event> events = new ArrayList<>();
        int net = client.getSession().getPacketBufferSize();
        int app = client.getSession().getApplicationBufferSize();
        ByteBuffer c2s = ByteBuffer.allocate(net * 8);
        ByteBuffer s2c = ByteBuffer.allocate(net * 8);
        ByteBuffer clientApp = ByteBuffer.allocate(app * 4);
        ByteBuffer serverApp = ByteBuffer.allocate(app * 4);
        client.beginHandshake();
        server.beginHandshake();
        int appRounds = 0;
        for (int i = 0; i < 200 && appRounds < 2; i++) {
            boolean done = !handshaking(client) && !handshaking(server);
            ByteBuffer cData = done ? ascii("EHLO client.example\r\n") : ByteBuffer.allocate(0);
            ByteBuffer sData = done ? ascii("250 mx.example.net\r\n") : ByteBuffer.allocate(0);
            wrap(client, cData, c2s, events, Direction.CLIENT_TO_SERVER, net);
            wrap(server, sData, s2c, events, Direction.SERVER_TO_CLIENT, net);
            unwrap(server, c2s, serverApp);
            unwrap(client, s2c, clientApp);
            if (done) {
                appRounds++;
            }
        }
        if (appRounds < 2) {
            throw new IllegalStateException("handshake did not finish");
        }
        return new Trace(events);
    }

    private static boolean handshaking(SSLEngine e) {
        HandshakeStatus s = e.getHandshakeStatus();
        return s != HandshakeStatus.NOT_HANDSHAKING && s != HandshakeStatus.FINISHED;
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static void wrap(SSLEngine e, ByteBuffer src, ByteBuffer peerIn, List<Trace.Event> events,
            Direction d, int net) throws Exception {
        for (int k = 0; k < 10; k++) {
            ByteBuffer out = ByteBuffer.allocate(net);
            e.wrap(src, out);
            tasks(e);
            if (out.position() == 0) {
                return;
            }
            out.flip();
            byte[] b = new byte[out.remaining()];
            out.get(b);
            events.add(new Trace.Event(d, b));
            peerIn.put(b);
            if (e.getHandshakeStatus() != HandshakeStatus.NEED_WRAP && !src.hasRemaining()) {
                return;
            }
        }
    }

    private static void unwrap(SSLEngine e, ByteBuffer in, ByteBuffer app) throws Exception {
        in.flip();
        for (int k = 0; k < 50 && in.hasRemaining(); k++) {
            int before = in.remaining();
            e.unwrap(in, app);
            tasks(e);
            app.clear();
            if (in.remaining() == before) {
                break;
            }
        }
        in.compact();
    }

    private static void tasks(SSLEngine e) {
        Runnable r;
        while ((r = e.getDelegatedTask()) != null) {
            r.run();
        }
    }

    /** Test only: the client accepts any server certificate. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
