package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.stripwatch.sensor.reassembly.Direction;
import org.stripwatch.sensor.reassembly.EndReason;

/**
 * Seeded random input and mutations of the fixtures: the parser never throws, consumes every
 * delivery within its bounds (checked by {@link Trace#deliver}) and keeps its lists bounded.
 */
class FuzzTest {
    static final TlsConfig CONFIG = TlsConfig.DEFAULTS;
    static List<Trace> fixtures;

    @BeforeAll
    static void load() throws Exception {
        fixtures = List.of(GoogleStarttlsCaptureTest.TRACE,
                JdkTlsTraces.handshake("TLSv1.2", "mx.example.net").trace(),
                JdkTlsTraces.handshake("TLSv1.3", "mx.example.net").trace());
    }

    @Test
    void randomBytesNeverThrow() {
        Random rnd = new Random(4);
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[rnd.nextInt(600)];
            rnd.nextBytes(b);
            if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = (byte) (20 + rnd.nextInt(5)); // get past the first-byte check
                if (b.length > 2) {
                    b[1] = 3;
                }
            }
            Direction d = rnd.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            check(chop(new Trace(List.of(new Trace.Event(d, b))), rnd), rnd);
        }
    }

    /** Valid record headers with random bodies reach the hello and certificate parsers. */
    @Test
    void randomHandshakeBodiesNeverThrow() {
        Random rnd = new Random(8701);
        int hellos = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] body = new byte[rnd.nextInt(300)];
            rnd.nextBytes(body);
            int type = new int[] {1, 2, 11, 4, 12}[rnd.nextInt(5)];
            byte[] msg = TlsBytes.handshake(type, body);
            if (rnd.nextBoolean() && msg.length > 8) {
                // Plausible inner lengths: the first vector claims what is left.
                msg[4] = 3;
                msg[5] = 3;
            }
            Direction d = type == 1 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT;
            TlsHandshake hs = check(chop(new Trace(List.of(new Trace.Event(d, TlsBytes.record(22, msg)))), rnd), rnd);
            hellos += hs.clientHello() != null || hs.serverHello() != null ? 1 : 0;
        }
        assertTrue(hellos > 1000, "hellos parsed: " + hellos);
    }

    @Test
    void mutatedFixturesNeverThrow() {
        Random rnd = new Random(5246);
        int withCertificates = 0;
        int badCertificates = 0;
        for (int i = 0; i < 600; i++) {
            Trace base = fixtures.get(i % fixtures.size());
            TlsHandshake hs = check(chop(mutate(base, rnd), rnd), rnd);
            withCertificates += hs.certificates().isEmpty() ? 0 : 1;
            badCertificates += hs.hasAnomaly(TlsAnomaly.MALFORMED_CERTIFICATE) ? 1 : 0;
        }
        // The mutations must reach the certificate parser, both its good and its bad paths.
        assertTrue(withCertificates > 100, "with certificates: " + withCertificates);
        assertTrue(badCertificates > 5, "malformed certificates: " + badCertificates);
    }

    private static Trace mutate(Trace t, Random rnd) {
        List<Trace.Event> out = new ArrayList<>();
        for (Trace.Event e : t.events()) {
            byte[] b = e.bytes().clone();
            if (rnd.nextInt(3) == 0 && b.length > 0) {
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            if (rnd.nextInt(10) == 0) {
                b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
            }
            out.add(new Trace.Event(e.direction(), b));
        }
        return new Trace(out);
    }

    /** Re-split each event at random points. */
    private static Trace chop(Trace t, Random rnd) {
        List<Trace.Event> out = new ArrayList<>();
        for (Trace.Event e : t.events()) {
            byte[] b = e.bytes();
            int pos = 0;
            while (pos < b.length) {
                int n = 1 + rnd.nextInt(Math.max(1, Math.min(b.length - pos, 1 + rnd.nextInt(700))));
                n = Math.min(n, b.length - pos);
                out.add(new Trace.Event(e.direction(), Arrays.copyOfRange(b, pos, pos + n)));
                pos += n;
            }
        }
        return new Trace(out);
    }

    private static TlsHandshake check(Trace t, Random rnd) {
        EndReason end = EndReason.values()[rnd.nextInt(EndReason.values().length)];
        TlsHandshake hs = t.replay(CONFIG, new TlsCounters(), TlsListener.NONE, end);
        assertTrue(hs.history().length() <= CONFIG.maxHistoryChars() + 1);
        assertTrue(hs.anomalies().size() <= CONFIG.maxAnomalies());
        assertTrue(hs.alerts().size() <= CONFIG.maxAlerts());
        assertTrue(hs.certificates().size() <= CONFIG.maxCertificates());
        assertTrue(hs.serverFirstFlight().recordLengths().size() <= CONFIG.maxFirstFlightRecords());
        if (hs.clientHello() != null) {
            assertTrue(hs.clientHello().cipherSuites().size() <= CONFIG.maxListItems());
        }
        return hs;
    }
}
