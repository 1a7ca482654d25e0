package org.stripwatch.analyzer.report.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsnTableTest {
    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private static AsInfo at(AsnTable t, String ip) throws IOException {
        return t.lookup(InetAddress.getByName(ip).getAddress());
    }

    @Test
    void ip2asnV4AndV6FilesMergeIntoOneTable() throws IOException {
        Path v4 = file("ip2asn-v4.tsv",
                "192.0.2.0\t192.0.2.255\t64500\tDE\tEXAMPLE-DOC-1",
                "198.51.100.0\t198.51.100.127\t0\tNone\tNot routed",
                "203.0.113.0\t203.0.113.255\t64501\tfr\tEXAMPLE-DOC-3 Org, Inc.");
        Path v6 = file("ip2asn-v6.tsv", "2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t64502\tNL\tEXAMPLE-V6");
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(v4, v6));
        assertTrue(r.ok(), r.errors().toString());
        assertEquals(4, r.lines());
        AsnTable t = r.table();
        assertEquals(new AsInfo("64500", 64500, "DE", "EXAMPLE-DOC-1"), at(t, "192.0.2.77"));
        assertEquals("FR", at(t, "203.0.113.255").country());
        assertNull(at(t, "198.51.100.5"), "AS 0 (not routed) maps nothing");
        assertNull(at(t, "203.0.114.0"));
        assertNull(at(t, "192.0.1.255"));
        assertEquals("64502", at(t, "2001:db8:3::25").origin());
        assertNull(at(t, "2001:db9::1"));
        assertNull(at(t, "::ffff:0:0"), "a v4-mapped key outside every range");
    }

    @Test
    void ip2asnU32Numbers() throws IOException {
        // 192.0.2.0 = 3221225984, 192.0.2.255 = 3221226239
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(file("ip2asn-v4-u32.tsv", "3221225984\t3221226239\t64500\tUS\tX")));
        assertTrue(r.ok(), r.errors().toString());
        assertEquals("US", at(r.table(), "192.0.2.1").country());
    }

    @Test
    void pfx2asLongestPrefixWinsAndMultiOriginIsKeptWhole() throws IOException {
        Path f = file("routeviews-rv2-20260101-1200.pfx2as",
                "192.0.0.0\t16\t64496",
                "192.0.2.0\t24\t64500_64501",
                "192.0.2.128\t25\t64502,64503",
                "203.0.113.0\t24\t64511");
        Path v6 = file("routeviews-rv6-20260101-1200.pfx2as", "2001:db8::\t32\t64510", "2001:db8:3::\t48\t64512");
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(f, v6));
        assertTrue(r.ok(), r.errors().toString());
        AsnTable t = r.table();
        assertEquals("64496", at(t, "192.0.1.1").origin());
        AsInfo moas = at(t, "192.0.2.1");
        assertEquals("64500_64501", moas.origin());
        assertEquals(64500, moas.primaryAsn());
        assertEquals("AS64500_64501 (MOAS)", moas.label());
        assertEquals("AS{64502,64503} (AS-set)", at(t, "192.0.2.200").label());
        assertEquals("64496", at(t, "192.0.3.0").origin(), "the /16 resumes after the nested /24");
        assertEquals("64496", at(t, "192.0.255.255").origin());
        assertEquals("", at(t, "192.0.2.1").country(), "pfx2as has no country");
        assertEquals("64512", at(t, "2001:db8:3::25").origin());
        assertEquals("64510", at(t, "2001:db8:4::1").origin());
        assertNull(at(t, "192.1.0.0"));
    }

    @Test
    void malformedLinesAreErrorsNamingFileAndLineNeverExceptions() throws IOException {
        Path f = file("bad.tsv",
                "# comment",
                "192.0.2.0\t192.0.2.255\t64500\tDE\tOK",
                "192.0.2.0\tnot-an-ip\t64500\tDE\tX",
                "192.0.2.9\t192.0.2.1\t64500\tDE\tX",
                "192.0.2.0\t192.0.2.255\tAS64500\tDE\tX",
                "192.0.2.0\t2001:db8::\t64500\tDE\tX",
                "192.0.2.0\t192.0.2.255\t64500\tGermany\tX",
                "192.0.2.0\t192.0.2.255\t99999999999\tDE\tX",
                "example.com\t192.0.2.255\t1\tDE\tX");
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(f));
        assertFalse(r.ok());
        assertEquals(7, r.errors().size(), r.errors().toString());
        assertTrue(r.errors().get(0).startsWith(f + ":3: range_start/range_end is not an IP address"), r.errors().get(0));
        assertTrue(r.errors().get(1).startsWith(f + ":4: range_start is after range_end"), r.errors().get(1));
        assertTrue(r.errors().get(2).startsWith(f + ":5: AS_number is not a number"));
        assertTrue(r.errors().get(3).contains(":6: range_start and range_end are of different address families"));
        assertTrue(r.errors().get(4).contains(":7: country_code is not two letters"));
        assertTrue(r.errors().get(5).contains(":8: AS_number is"));
        assertTrue(r.errors().get(6).contains(":9: range_start/range_end is not an IP address"), "never a DNS lookup");
        assertNotNull(r.table().lookup(InetAddress.getByName("192.0.2.1").getAddress()));
    }

    @Test
    void malformedPfx2asLines() throws IOException {
        Path f = file("bad.pfx2as", "192.0.2.0\t24\t64500", "192.0.2.1\t24\t64500", "192.0.2.0\t33\t64500", "2001:db8::\t129\t1",
                "192.0.2.0\t24\t64500 64501", "192.0.2.0\tx\t1", "192.0.2.0\t24\t64500;1");
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(f));
        List<String> e = r.errors();
        assertEquals(6, e.size(), e.toString());
        assertTrue(e.get(0).startsWith(f + ":2: host bits set below /24"), e.get(0));
        assertTrue(e.get(1).startsWith(f + ":3: length 33 is too long"));
        assertTrue(e.get(2).startsWith(f + ":4: length 129 is too long"));
        assertTrue(e.get(3).startsWith(f + ":5: expected 3 fields"));
        assertTrue(e.get(4).startsWith(f + ":6: length is not a number"));
        assertTrue(e.get(5).startsWith(f + ":7: AS is not a number"));
    }

    @Test
    void missingFileIsAnErrorAndErrorsAreBounded() throws IOException {
        AsnTableLoader.Result r = AsnTableLoader.load(List.of(dir.resolve("absent.tsv")));
        assertEquals(1, r.errors().size());
        assertTrue(r.errors().get(0).contains("absent.tsv: cannot read"));
        List<String> junk = new ArrayList<>();
        for (int i = 0; i < 100; i++) junk.add("junk\tjunk\tjunk\tjunk\tjunk");
        r = AsnTableLoader.load(List.of(file("junk.tsv", junk.toArray(String[]::new))));
        assertEquals(AsnTableLoader.MAX_ERRORS, r.errors().size());
        assertEquals(100 - AsnTableLoader.MAX_ERRORS, r.moreErrors());
    }

    @Test
    void gzipAndEmptyTables() throws IOException {
        Path gz = dir.resolve("ip2asn-v4.tsv.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write("192.0.2.0\t192.0.2.255\t64500\tDE\tX\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("DE", at(AsnTableLoader.load(List.of(gz)).table(), "192.0.2.3").country());
        assertTrue(AsnTableLoader.load(List.of(file("empty.tsv", "# nothing"))).table().isEmpty());
        assertNull(AsnTable.empty().lookup(new byte[4]));
        assertNull(AsnTable.empty().lookup(new byte[5]), "not an address");
    }

    /** Random nested IPv4 prefixes: the flattened table agrees with a brute-force longest-prefix match. */
    @Test
    void flattenedTableAgreesWithBruteForceLongestPrefixMatch() {
        Random rnd = new Random(20260301);
        for (int round = 0; round < 30; round++) {
            List<AsnTable.Entry> entries = new ArrayList<>();
            List<long[]> prefixes = new ArrayList<>(); // {network, length, asn}
            for (int i = 0; i < 60; i++) {
                int len = 8 + rnd.nextInt(17);
                long net = (0xC0000000L | (rnd.nextInt(1 << 12) << 12)) & (0xffffffffL << (32 - len)) & 0xffffffffL;
                prefixes.add(new long[]{net, len, i + 1});
                IpKey k = v4(net);
                entries.add(new AsnTable.Entry(k, k.lastOf(len, true), new AsInfo(Long.toString(i + 1), i + 1, "", ""), i));
            }
            AsnTable t = AsnTable.build(entries);
            for (int q = 0; q < 2000; q++) {
                long ip = (0xC0000000L | rnd.nextInt(1 << 24)) & 0xffffffffL;
                long best = -1, bestLen = -1;
                for (long[] p : prefixes) {
                    long mask = (0xffffffffL << (32 - p[1])) & 0xffffffffL;
                    if ((ip & mask) == p[0] && p[1] >= bestLen) {
                        best = p[2];
                        bestLen = p[1];
                    }
                }
                AsInfo got = t.lookup(v4(ip));
                assertEquals(best < 0 ? null : Long.toString(best), got == null ? null : got.origin(), "round " + round + " ip " + ip);
            }
        }
    }

    private static IpKey v4(long v) {
        return IpKey.of(new byte[]{(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    @Test
    void ipKeyPrefixArithmetic() throws IOException {
        IpKey a = IpKey.of(InetAddress.getByName("2001:db8::").getAddress());
        assertEquals(IpKey.of(InetAddress.getByName("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff").getAddress()), a.lastOf(32, false));
        assertEquals(IpKey.of(InetAddress.getByName("2001:db8::ffff:ffff:ffff:ffff").getAddress()), a.lastOf(64, false));
        assertTrue(a.isNetwork(32, false));
        assertFalse(IpKey.of(InetAddress.getByName("2001:db8::1").getAddress()).isNetwork(64, false));
        assertTrue(new IpKey(-1, -1).isMax());
        assertEquals(new IpKey(1, 0), new IpKey(0, -1).plusOne());
        assertEquals(new IpKey(0, -1), new IpKey(1, 0).minusOne());
        assertTrue(new IpKey(-1, 0).compareTo(new IpKey(1, 0)) > 0, "unsigned order");
    }
}
