package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/**
 * Coverage-guided fuzzing (Jazzer) of the TLS record and handshake parsers and of certificate
 * parsing (Bouncy Castle underneath), with small limits.
 *
 * <p>{@link #handshake}: a script of client and server chunks is replayed whole and again with two
 * extra splits at input-chosen offsets ({@link Trace#replay} checks that each delivery is consumed
 * within the slice it was given). Properties: nothing escapes, every kept list is within its limit,
 * and both replays give the same {@link TlsHandshake}. Input: {@code u16 split1, u16 split2, u8 end
 * reason}, then chunks {@code u8 kind (bit 0 server), u16 length, bytes}.
 *
 * <p>{@link #certificate}: the input as one DER certificate and as a Certificate message body.
 * Properties: nothing escapes, a bad certificate becomes a value with a parse error, the chain and
 * the kept DER stay within their limits.
 */
class TlsConnectionFuzzTest {
    static final TlsConfig SMALL = new TlsConfig(1024, 4096, 3, 2048, 8, 3, 4, 24, 4, 1, 16, 32);

    @com.code_intelligence.jazzer.junit.FuzzTest // fully qualified: this package has a FuzzTest class
    void handshake(byte[] input) {
        if (input.length < 5) {
            return;
        }
        EndReason end = EndReason.values()[(input[4] & 0xff) % EndReason.values().length];
        Trace trace = trace(input);
        int total = trace.totalBytes();
        TlsHandshake whole = check(trace.replay(SMALL, new TlsCounters(), TlsListener.NONE, end));
        if (total > 1) {
            int a = 1 + ((input[0] & 0xff) << 8 | (input[1] & 0xff)) % (total - 1);
            int b = 1 + ((input[2] & 0xff) << 8 | (input[3] & 0xff)) % (total - 1);
            TlsHandshake split = check(trace.splitAt(a).splitAt(b)
                    .replay(SMALL, new TlsCounters(), TlsListener.NONE, end));
            assertEquals(whole, split, "split at " + a + " and " + b);
        }
    }

    @com.code_intelligence.jazzer.junit.FuzzTest
    void certificate(byte[] der) {
        TlsCounters counters = new TlsCounters();
        CertificateParser parser = new CertificateParser(SMALL, counters);
        CertificateInfo one = parser.parseCertificate(0, der);
        assertEquals(der.length, one.derLength());
        assertTrue(one.der().length == 0 || one.der().length == der.length, "kept DER is all or nothing");
        assertTrue(one.der().length <= SMALL.maxCertificateDerBytes(), "kept DER over the budget");
        CertificateParser.Chain chain = new CertificateParser(SMALL, counters).parseMessage(der, der.length);
        assertTrue(chain.certificates().size() <= SMALL.maxCertificates(), "chain over the limit");
        long kept = chain.certificates().stream().mapToLong(c -> c.der().length).sum();
        assertTrue(kept <= SMALL.maxCertificateDerBytes(), "kept DER over the budget: " + kept);
    }

    static Trace trace(byte[] input) {
        List<Trace.Event> events = new ArrayList<>();
        int pos = 5;
        while (pos + 3 <= input.length) {
            Direction d = (input[pos] & 1) != 0 ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
            int len = Math.min((input[pos + 1] & 0xff) << 8 | (input[pos + 2] & 0xff), input.length - pos - 3);
            byte[] chunk = new byte[len];
            System.arraycopy(input, pos + 3, chunk, 0, len);
            if (len > 0) events.add(new Trace.Event(d, chunk));
            pos += 3 + len;
        }
        return new Trace(events);
    }

    private static TlsHandshake check(TlsHandshake hs) {
        assertTrue(hs.history().length() <= SMALL.maxHistoryChars() + 1, "history " + hs.history());
        assertTrue(hs.anomalies().size() <= SMALL.maxAnomalies(), "anomalies");
        assertTrue(hs.alerts().size() <= SMALL.maxAlerts(), "alerts");
        assertTrue(hs.certificates().size() <= SMALL.maxCertificates(), "certificates");
        assertTrue(hs.serverFirstFlight().recordLengths().size() <= SMALL.maxFirstFlightRecords(), "first flight");
        if (hs.clientHello() != null) {
            assertTrue(hs.clientHello().cipherSuites().size() <= SMALL.maxListItems(), "cipher suites");
        }
        long kept = hs.certificates().stream().mapToLong(c -> c.der().length).sum();
        assertTrue(kept <= SMALL.maxCertificateDerBytes(), "kept DER over the budget: " + kept);
        return hs;
    }

    // ---- seed corpus ----------------------------------------------------------------------------

    /** Writes the seeds: {@code -Dtest=TlsConnectionFuzzTest#writeSeeds -Dstripwatch.fuzz.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "stripwatch.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws Exception {
        Path base = Path.of(System.getProperty("stripwatch.root"), "sensor/tls/src/test/resources",
                "org/stripwatch/sensor/tls/TlsConnectionFuzzTestInputs");
        Path hs = base.resolve("handshake");
        Path certs = base.resolve("certificate");
        Files.createDirectories(hs);
        Files.createDirectories(certs);
        Files.write(hs.resolve("seed-google-tls12"), encode(GoogleStarttlsCaptureTest.TRACE));
        Files.write(hs.resolve("seed-jdk-tls12"), encode(JdkTlsTraces.handshake("TLSv1.2", "mx.example.net").trace()));
        Files.write(hs.resolve("seed-jdk-tls13"), encode(JdkTlsTraces.handshake("TLSv1.3", "mx.example.net").trace()));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        Files.write(certs.resolve("seed-ec-self-signed"), JdkTlsTraces.selfSigned(ec.generateKeyPair(),
                "mx.example.net").getEncoded());
        for (CertificateInfo c : GoogleStarttlsCaptureTest.TRACE.replay().certificates()) {
            if (c.der().length <= 4096) {
                Files.write(certs.resolve("seed-google-" + c.index()), c.der());
            }
        }
    }

    private static byte[] encode(Trace trace) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 5, 1, 3, 0});
        for (Trace.Event e : trace.events()) {
            byte[] b = e.bytes();
            for (int at = 0; at < b.length; at += 0xffff) {
                int n = Math.min(0xffff, b.length - at);
                out.write(e.direction() == Direction.SERVER_TO_CLIENT ? 1 : 0);
                out.write(n >>> 8);
                out.write(n);
                out.write(b, at, n);
            }
        }
        return out.toByteArray();
    }
}
