package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DaneMatcherTest {
    private static TestCerts.Chain c;

    @BeforeAll
    static void makeChain() throws Exception {
        c = new TestCerts.Chain();
    }

    private static TlsaRecord record(int usage, int selector, int mtype, byte[] cert) throws Exception {
        byte[] sel = selector == 0 ? cert : TestCerts.spki(cert);
        byte[] data = mtype == 0 ? sel : mtype == 1 ? TestCerts.sha256(sel) : TestCerts.sha512(sel);
        return new TlsaRecord("mail.example.com", 25, "tcp", 3600, usage, selector, mtype, TestCerts.hex(data),
                new SourceRef("t.zone", 1));
    }

    private List<byte[]> chain() {
        return List.of(c.leaf, c.inter, c.root);
    }

    @Test
    void spkiExtractionIsExactBytes() throws Exception {
        for (byte[] cert : List.of(c.leaf, c.inter, c.root)) {
            assertArrayEquals(TestCerts.spki(cert), Der.subjectPublicKeyInfo(cert));
        }
        assertArrayEquals(c.leafKey.getPublic().getEncoded(), Der.subjectPublicKeyInfo(c.leaf));
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0,1", "0,2", "1,0", "1,1", "1,2"})
    void daneEeMatchesLeafOnly(int selector, int mtype) throws Exception {
        TlsaRecord r = record(3, selector, mtype, c.leaf);
        assertTrue(r.usable());
        DaneMatcher.TlsaMatch m = DaneMatcher.match(r, chain());
        assertEquals(DaneMatcher.Outcome.MATCHED, m.outcome());
        assertEquals(0, m.chainIndex());
        // the same record does not match when the leaf is someone else's
        assertEquals(DaneMatcher.Outcome.NO_MATCH, DaneMatcher.match(r, List.of(c.evilLeaf, c.inter, c.root)).outcome());
        // a DANE-EE record for the intermediate never matches: EE is the leaf only (RFC 7672 §3.1.1)
        assertEquals(DaneMatcher.Outcome.NO_MATCH, DaneMatcher.match(record(3, selector, mtype, c.inter), chain()).outcome());
        DaneMatcher.DaneResult res = DaneMatcher.match(List.of(r), chain());
        assertTrue(res.authenticated());
        assertFalse(res.nameCheckRequired());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "0,1", "0,2", "1,0", "1,1", "1,2"})
    void daneTaMatchesIssuersInTheChain(int selector, int mtype) throws Exception {
        DaneMatcher.TlsaMatch root = DaneMatcher.match(record(2, selector, mtype, c.root), chain());
        assertEquals(DaneMatcher.Outcome.MATCHED, root.outcome());
        assertEquals(2, root.chainIndex());
        DaneMatcher.TlsaMatch inter = DaneMatcher.match(record(2, selector, mtype, c.inter), chain());
        assertEquals(DaneMatcher.Outcome.MATCHED, inter.outcome());
        assertEquals(1, inter.chainIndex());
        // the TA is an issuer: a DANE-TA record for the leaf itself does not match
        assertEquals(DaneMatcher.Outcome.NO_MATCH, DaneMatcher.match(record(2, selector, mtype, c.leaf), chain()).outcome());
        DaneMatcher.DaneResult res = DaneMatcher.match(List.of(record(2, selector, mtype, c.root)), chain());
        assertTrue(res.authenticated());
        assertTrue(res.nameCheckRequired(), "DANE-TA needs the analyzer's name check (RFC 7672 §3.2.2)");
    }

    @Test
    void copiedTaCertificateBehindForeignLeafIsChainBroken() throws Exception {
        // attacker presents its own leaf followed by the real (public) intermediate and root
        List<byte[]> forged = List.of(c.evilLeaf, c.inter, c.root);
        DaneMatcher.TlsaMatch m = DaneMatcher.match(record(2, 0, 1, c.inter), forged);
        assertEquals(DaneMatcher.Outcome.CHAIN_BROKEN, m.outcome());
        assertEquals(1, m.chainIndex());
        assertFalse(DaneMatcher.match(List.of(record(2, 1, 1, c.root)), forged).authenticated());
    }

    @Test
    void publishedTaKeyMatchesWithoutTaCertificate() throws Exception {
        // DANE-TA(2) SPKI(1) Full(0): the whole root key is in DNS, the server sends only leaf + intermediate
        TlsaRecord r = record(2, 1, 0, c.root);
        DaneMatcher.TlsaMatch m = DaneMatcher.match(r, List.of(c.leaf, c.inter));
        assertEquals(DaneMatcher.Outcome.MATCHED, m.outcome());
        assertEquals(2, m.chainIndex());
        assertEquals(DaneMatcher.Outcome.NO_MATCH, DaneMatcher.match(r, List.of(c.evilLeaf, c.inter)).outcome());
        // a digest of the key is not enough without the certificate in the chain
        assertEquals(DaneMatcher.Outcome.NO_MATCH, DaneMatcher.match(record(2, 1, 1, c.root), List.of(c.leaf, c.inter)).outcome());
    }

    @Test
    void pkixUsagesAreUnusable() throws Exception {
        TlsaRecord pkixEe = record(1, 1, 1, c.leaf);
        TlsaRecord pkixTa = record(0, 0, 1, c.root);
        DaneMatcher.DaneResult res = DaneMatcher.match(List.of(pkixEe, pkixTa), chain());
        assertFalse(res.usableRecords());
        assertFalse(res.authenticated());
        assertEquals(DaneMatcher.Outcome.UNUSABLE, res.matches().get(0).outcome());
        assertEquals(DaneMatcher.Outcome.UNUSABLE, res.matches().get(1).outcome());
    }

    @Test
    void mixedSetEeWinsOverNameCheck() throws Exception {
        DaneMatcher.DaneResult res = DaneMatcher.match(List.of(record(2, 0, 1, c.root), record(3, 1, 1, c.leaf)), chain());
        assertTrue(res.authenticated());
        assertFalse(res.nameCheckRequired());
    }

    @Test
    void garbageChainsNeverThrow() throws Exception {
        TlsaRecord ta = record(2, 1, 0, c.root);
        TlsaRecord ee = record(3, 1, 1, c.leaf);
        java.util.Random rnd = new java.util.Random(7);
        for (int i = 0; i < 300; i++) {
            byte[] a = c.leaf.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) a[rnd.nextInt(a.length)] = (byte) rnd.nextInt(256);
            byte[] junk = new byte[rnd.nextInt(64)];
            rnd.nextBytes(junk);
            List<byte[]> chain = List.of(a, junk, c.inter.clone(), new byte[0]);
            assertNotNull(DaneMatcher.match(List.of(ta, ee), chain));
            Der.subjectPublicKeyInfo(java.util.Arrays.copyOf(a, rnd.nextInt(a.length + 1)));
        }
        assertFalse(DaneMatcher.match(List.of(ee), List.of()).authenticated());
    }

    @Test
    void zoneRecordFromGeneratedCertMatches() throws Exception {
        String hex = TestCerts.hex(TestCerts.sha256(TestCerts.spki(c.leaf)));
        String zone = "_25._tcp.mail.example.com. IN TLSA 3 1 1 " + hex.substring(0, 20) + " " + hex.substring(20) + "\n";
        Parsed<ZoneFileParser.Zone> z = ZoneFileParser.parse("z.zone", zone, PolicyLimits.DEFAULTS);
        assertTrue(z.ok());
        assertTrue(DaneMatcher.match(z.values().get(0).tlsa(), chain()).authenticated());
    }
}
