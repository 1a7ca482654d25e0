package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.stripwatch.sensor.decode.Frames.*;
import static org.stripwatch.sensor.decode.PacketDecoder.LINKTYPE_RAW;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 791 §3.2 and RFC 8200 §4.5 reassembly, same tests for both versions. */
class DefragmentationTest {
    private static final long SECOND = 1_000_000_000L;
    /** A 3000-byte payload makes a 3020-byte TCP segment with a recognisable pattern. */
    private static final byte[] PAYLOAD = pattern(3000, 'a');
    private static final byte[] SEGMENT4 = withChecksum(tcp().payload(PAYLOAD).build(), SRC4, DST4);
    private static final byte[] SEGMENT6 = withChecksum(tcp().payload(PAYLOAD).build(), SRC6, DST6);

    private static byte[] pattern(int n, char base) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (base + i % 26);
        return b;
    }

    /** The IP-layer fragment carrying {@code segment[from, to)}. */
    private static byte[] fragment(int version, byte[] data, int from, int to, int id) {
        byte[] part = Arrays.copyOfRange(data, from, to);
        boolean more = to < data.length;
        if (version == 4) {
            Ip4 ip = ip4();
            ip.id = id;
            ip.ttl = 51;
            return ip.frag(from, more).build(part);
        }
        return ipv6(44, concat(fragmentHeader(6, from, more, id), part));
    }

    private static byte[] fragment(int version, int from, int to) {
        return fragment(version, version == 4 ? SEGMENT4 : SEGMENT6, from, to, 77);
    }

    private static byte[] segment(int version) {
        return version == 4 ? SEGMENT4 : SEGMENT6;
    }

    private static void assertWhole(Harness h, int version) {
        Harness.Seen s = h.only();
        assertEquals(version, s.ipVersion());
        assertEquals(3000, s.payloadLength());
        assertArrayEquals(PAYLOAD, s.payload());
        assertEquals(ChecksumState.OK, s.checksum());
        assertEquals(77, s.ipId());
        if (version == 4) assertEquals(51, s.ttl());
        assertEquals(1, h.stats().reassembled());
        assertTrue(s.reassembled());
        assertEquals(0, h.decoder.fragmentMemoryInUse(), "released after completion");
        assertEquals(0, h.decoder.fragmentedDatagramsInUse());
        h.assertConsistent();
    }

    private static Harness harness() {
        return new Harness(DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void inOrder(int v) {
        Harness h = harness();
        for (int off = 0; off < 3020; off += 1000) h.feed(LINKTYPE_RAW, fragment(v, off, Math.min(3020, off + 1000)));
        assertWhole(h, v);
        assertEquals(4, h.stats().fragments());
        assertEquals(0, h.stats().totalAnomalies(), () -> h.stats().toString());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void outOfOrderInEveryPermutationOfFour(int v) {
        int[][] cuts = {{0, 800}, {800, 1600}, {1600, 2400}, {2400, 3020}};
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
        Random r = new Random(v);
        for (int round = 0; round < 24; round++) {
            Collections.shuffle(order, r);
            Harness h = harness();
            for (int i : order) h.feed(LINKTYPE_RAW, fragment(v, cuts[i][0], cuts[i][1]));
            assertWhole(h, v);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void overlapWithSameBytesIsNotedAndReassembled(int v) {
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, 0, 1600)).feed(LINKTYPE_RAW, fragment(v, 800, 2400))
                .feed(LINKTYPE_RAW, fragment(v, 2400, 3020));
        assertWhole(h, v);
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP));
        assertEquals(0, h.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP_CONFLICT));
        assertFalse(h.only().fragmentConflict());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void overlapWithDifferentBytesKeepsTheFirstSeen(int v) {
        byte[] forged = segment(v).clone();
        Arrays.fill(forged, 900, 1500, (byte) 'X');
        // Real 0..1600 first, then a forged copy of 800..2400, then the rest.
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, 0, 1600))
                .feed(LINKTYPE_RAW, fragment(v, forged, 800, 2400, 77)).feed(LINKTYPE_RAW, fragment(v, 2400, 3020));
        assertWhole(h, v);
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP_CONFLICT));
        assertTrue(h.only().fragmentConflict(), "the segment carries the evidence");
        // Forged data first: it wins, consistently, and the conflict is reported just the same.
        h = harness().feed(LINKTYPE_RAW, fragment(v, forged, 800, 2400, 77)).feed(LINKTYPE_RAW, fragment(v, 0, 1600))
                .feed(LINKTYPE_RAW, fragment(v, 2400, 3020));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERLAP_CONFLICT));
        assertEquals('X', h.only().payload()[1000 - 20]);
        assertEquals(ChecksumState.BAD, h.only().checksum());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void incompleteDatagramTimesOutInPacketTime(int v) {
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, 0, 1000)).feed(LINKTYPE_RAW, fragment(v, 2000, 3020));
        assertEquals(1, h.decoder.fragmentedDatagramsInUse());
        assertTrue(h.decoder.fragmentMemoryInUse() > 0);
        h.now += 59 * SECOND;
        h.feed(LINKTYPE_RAW, ipv4Tcp(tcp()));
        assertEquals(0, h.anomaly(DecodeAnomaly.IP_FRAGMENT_TIMEOUT));
        h.now += 2 * SECOND;
        h.feed(LINKTYPE_RAW, ipv4Tcp(tcp()));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_TIMEOUT));
        assertEquals(0, h.decoder.fragmentedDatagramsInUse());
        assertEquals(0, h.decoder.fragmentMemoryInUse());
        // The missing middle arrives too late: a new datagram, never completed.
        h.feed(LINKTYPE_RAW, fragment(v, 1000, 2000));
        assertEquals(0, h.stats().reassembled());
        assertEquals(2, h.seen.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void datagramCountIsBounded(int v) {
        DecoderConfig two = DecoderConfig.DEFAULTS.withFragmentLimits(2, 64, 1 << 20, 60 * SECOND);
        Harness h = new Harness(two);
        for (int id = 1; id <= 3; id++) h.feed(LINKTYPE_RAW, fragment(v, segment(v), 0, 1000, id));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_LIMIT));
        assertEquals(2, h.decoder.fragmentedDatagramsInUse());
        // The admitted ones still complete.
        h.feed(LINKTYPE_RAW, fragment(v, segment(v), 1000, 3020, 1));
        assertEquals(1, h.seen.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void memcapIsBounded(int v) {
        DecoderConfig small = DecoderConfig.DEFAULTS.withFragmentLimits(100, 64, 10_000, 60 * SECOND);
        Harness h = new Harness(small);
        for (int id = 1; id <= 10; id++) {
            h.feed(LINKTYPE_RAW, fragment(v, segment(v), 0, 1000, id));
            assertTrue(h.decoder.fragmentMemoryInUse() <= 10_000);
        }
        assertTrue(h.anomaly(DecodeAnomaly.IP_FRAGMENT_LIMIT) > 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void rangesPerDatagramAreBounded(int v) {
        DecoderConfig three = DecoderConfig.DEFAULTS.withFragmentLimits(10, 3, 1 << 20, 60 * SECOND);
        Harness h = new Harness(three);
        for (int off = 0; off < 2400; off += 400) h.feed(LINKTYPE_RAW, fragment(v, off, off + 200));
        assertEquals(3, h.anomaly(DecodeAnomaly.IP_FRAGMENT_LIMIT));
        // Filling a hole merges ranges, so it is always admitted.
        h.feed(LINKTYPE_RAW, fragment(v, 200, 400));
        assertEquals(3, h.anomaly(DecodeAnomaly.IP_FRAGMENT_LIMIT));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void oversizedDatagramIsDropped(int v) {
        byte[] big = new byte[2000];
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, big, 0, 8, 5));
        byte[] last = v == 4 ? ip4().frag(65528 - 8, false).build(new byte[100])
                : ipv6(44, concat(fragmentHeader(6, 65528 - 8, false, 5), new byte[100]));
        h.feed(LINKTYPE_RAW, last);
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_OVERSIZED));
        assertTrue(h.seen.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void nonFinalFragmentMustBeMultipleOfEight(int v) {
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, 0, 1001));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_BAD_LENGTH));
        assertEquals(0, h.decoder.fragmentedDatagramsInUse());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 6})
    void conflictingEndsKeepTheFirst(int v) {
        byte[] seg = segment(v);
        Harness h = harness().feed(LINKTYPE_RAW, fragment(v, 2000, 3020))
                .feed(LINKTYPE_RAW, fragment(v, Arrays.copyOf(seg, 2800), 2000, 2800, 77)) // a second, shorter end
                .feed(LINKTYPE_RAW, fragment(v, Arrays.copyOf(seg, 4000), 3024, 3032, 77)); // data past the end
        assertEquals(2, h.anomaly(DecodeAnomaly.IP_FRAGMENT_END_CONFLICT));
        h.feed(LINKTYPE_RAW, fragment(v, 0, 2000));
        assertWhole(h, v);
    }

    @Test
    void keysSeparateAddressesIdsAndVersions() {
        Harness h = harness();
        h.feed(LINKTYPE_RAW, fragment(4, SEGMENT4, 0, 1000, 1));
        h.feed(LINKTYPE_RAW, fragment(4, SEGMENT4, 1000, 3020, 2));
        h.feed(LINKTYPE_RAW, fragment(6, SEGMENT6, 1000, 3020, 1));
        assertTrue(h.seen.isEmpty());
        assertEquals(3, h.decoder.fragmentedDatagramsInUse());
    }

    @Test
    void snaplenCutFragmentIsDropped() {
        byte[] f = fragment(4, 0, 1000);
        Harness h = harness().feed(LINKTYPE_RAW, f, f.length - 1);
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_FRAGMENT_TRUNCATED));
        assertEquals(0, h.decoder.fragmentedDatagramsInUse());
    }

    @Test
    void ipv6FragmentWithFollowingDestinationOptions() {
        // The reassembled payload starts with another extension header (RFC 8200 §4.5 fragmentable part).
        byte[] fragmentable = concat(ext(6, 4), SEGMENT6);
        byte[] a = ipv6(44, concat(fragmentHeader(60, 0, true, 9), Arrays.copyOfRange(fragmentable, 0, 1504)));
        byte[] b = ipv6(44, concat(fragmentHeader(60, 1504, false, 9),
                Arrays.copyOfRange(fragmentable, 1504, fragmentable.length)));
        Harness h = harness().feed(LINKTYPE_RAW, b).feed(LINKTYPE_RAW, a);
        assertArrayEquals(PAYLOAD, h.only().payload());
        assertEquals(9, h.only().ipId());
    }
}
