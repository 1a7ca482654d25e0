package org.stripwatch.sensor.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JA3 and JA4 against published vectors, parsed from ClientHellos built byte by byte. */
class FingerprintTest {
    private final HelloParser parser = new HelloParser(TlsConfig.DEFAULTS, new TlsCounters());

    private static final List<Integer> SIGALGS =
            List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601);
    private static final List<Integer> CHROME_CIPHERS = List.of(0x1301, 0x1302, 0x1303, 0xc02b,
            0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);

    private ClientHelloInfo parse(byte[] body) {
        return parser.parseClientHello(body, body.length);
    }

    /**
     * The worked example of FoxIO's JA4 specification (technical_details/JA4.md, "Example" and
     * "Raw Output"): JA4 = t13d1516h2_8daaf6152771_e5627efa2ab1, with the original cipher and
     * extension order of its JA4_ro line.
     */
    @Test
    void ja4SpecificationExample() {
        List<Integer> exts = List.of(0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d,
                0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015);
        ClientHelloInfo ch = parse(TlsBytes.clientHelloBody(0x0303, CHROME_CIPHERS, exts,
                "example.com", List.of("h2", "http/1.1"), List.of(0x001d, 0x0017), SIGALGS,
                List.of(0x0304, 0x0303)));
        assertFalse(ch.malformed());
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", ch.ja4());
        assertEquals("example.com", ch.sni());
        assertEquals(List.of("h2", "http/1.1"), ch.alpn());
        assertEquals(0x0304, ch.maxVersion());
    }

    /**
     * A Chrome 143 hello as published by browserleaks (ja3_text, ja3_hash and ja4 of one
     * connection), rebuilt with GREASE values added where Chrome puts them: both fingerprints
     * must ignore them (RFC 8701).
     */
    @Test
    void ja3AndJa4OfOneChromeHelloWithGrease() {
        List<Integer> exts = List.of(45, 51, 16, 65037, 23, 17613, 0, 11, 10, 43, 65281, 35, 18, 5, 13, 27);
        List<Integer> groups = List.of(4588, 29, 23, 24);
        List<Integer> ciphers = new ArrayList<>(CHROME_CIPHERS);
        ciphers.add(0, 0x2a2a);
        List<Integer> extsGrease = new ArrayList<>(exts);
        extsGrease.add(0, 0x8a8a);
        extsGrease.add(0xbaba);
        List<Integer> groupsGrease = new ArrayList<>(groups);
        groupsGrease.add(0, 0x4a4a);
        ClientHelloInfo ch = parse(TlsBytes.clientHelloBody(0x0303, ciphers, extsGrease, "tls.example",
                List.of("h2", "http/1.1"), groupsGrease, SIGALGS, List.of(0x5a5a, 0x0304, 0x0303)));
        assertFalse(ch.malformed());
        assertTrue(ch.greaseSeen());
        assertEquals("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
                + "45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0", ch.ja3());
        assertEquals("98487aa16281980e7d1120d399efb6a4", ch.ja3Md5());
        assertEquals("t13d1516h2_8daaf6152771_d8a2da3f94cd", ch.ja4());
        assertEquals(List.of(0x4a4a, 4588), ch.keyShareGroups());
    }

    @Test
    void ja4WithoutSniAlpnOrSignatureAlgorithms() {
        ClientHelloInfo ch = parse(TlsBytes.clientHelloBody(0x0301, List.of(0x002f), List.of(0x000a),
                null, List.of(), List.of(0x0017), List.of(), List.of()));
        // FoxIO: no signature algorithms -> the string ends without "_"; no ALPN -> "00".
        assertTrue(ch.ja4().startsWith("t10i010100_"), ch.ja4());
        assertEquals(Fingerprints.sha256Hex("000a".getBytes()).substring(0, 12), ch.ja4().substring(24));
    }

    @Test
    void ja4AlpnWithNonAlphanumericEndsUsesHex() {
        ClientHelloInfo ch = parse(TlsBytes.clientHelloBody(0x0303, List.of(0x1301), List.of(0x0010),
                null, List.of("h2\u0001"), List.of(), List.of(), List.of()));
        assertEquals("t12i010161", ch.ja4().substring(0, 10));
    }

    @Test
    void greaseValuesAreRecognised() {
        for (int i = 0; i < 16; i++) {
            int v = (i << 12) | 0x0a00 | (i << 4) | 0x0a;
            assertTrue(Fingerprints.isGrease(v), Integer.toHexString(v));
        }
        assertFalse(Fingerprints.isGrease(0x0a1a));
        assertFalse(Fingerprints.isGrease(0x1301));
        assertFalse(Fingerprints.isGrease(0xfafb));
    }
}
