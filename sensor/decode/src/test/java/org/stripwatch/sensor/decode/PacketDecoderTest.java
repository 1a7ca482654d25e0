package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.stripwatch.sensor.decode.Frames.*;
import static org.stripwatch.sensor.decode.PacketDecoder.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
    private static final byte[] V4 = ipv4Tcp(tcp().payload("EHLO a.example\r\n"));
    private static final byte[] V6 = ipv6Tcp(tcp().payload("EHLO a.example\r\n"));

    private static void assertEhloV4(Harness h) {
        Harness.Seen s = h.only();
        assertEquals(4, s.ipVersion());
        assertEquals(IpAddress.parse(SRC4), s.src());
        assertEquals(IpAddress.parse(DST4), s.dst());
        assertEquals(49152, s.srcPort());
        assertEquals(25, s.dstPort());
        assertEquals(1000, s.seq());
        assertEquals(2000, s.ack());
        assertEquals(TcpSegment.ACK | TcpSegment.PSH, s.flags());
        assertEquals(65535, s.window());
        assertEquals(64, s.ttl());
        assertEquals(0x1234, s.ipId());
        assertEquals(16, s.payloadLength());
        assertEquals("EHLO a.example\r\n", s.payloadText());
        assertEquals(h.now, s.timestampNanos());
        assertEquals(ChecksumState.UNKNOWN, s.checksum());
        assertFalse(s.reassembled());
        h.assertConsistent();
        assertEquals(0, h.stats().totalAnomalies(), () -> h.stats().toString());
    }

    private static void assertEhloV6(Harness h) {
        Harness.Seen s = h.only();
        assertEquals(6, s.ipVersion());
        assertEquals(IpAddress.parse(SRC6), s.src());
        assertEquals(IpAddress.parse(DST6), s.dst());
        assertEquals(57, s.ttl());
        assertEquals(-1, s.ipId());
        assertEquals("EHLO a.example\r\n", s.payloadText());
        h.assertConsistent();
        assertEquals(0, h.stats().totalAnomalies(), () -> h.stats().toString());
    }

    // ---- Link layers ----

    @Test
    void ethernetIpv4() {
        Harness h = new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x0800, V4));
        assertEhloV4(h);
        assertEquals(1, h.stats().ipv4());
        assertEquals(1, h.stats().tcp());
    }

    @Test
    void ethernetIpv6() {
        Harness h = new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x86dd, V6));
        assertEhloV6(h);
        assertEquals(1, h.stats().ipv6());
    }

    @ParameterizedTest
    @ValueSource(ints = {0x8100, 0x88a8, 0x9100})
    void singleVlanTag(int tpid) {
        assertEhloV4(new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x0800, V4, tpid)));
    }

    @Test
    void qinqStackedTags() {
        assertEhloV4(new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x0800, V4, 0x88a8, 0x8100)));
        assertEhloV6(new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x86dd, V6, 0x9100, 0x88a8, 0x8100)));
    }

    @Test
    void vlanDepthBounded() {
        Harness h = new Harness(DecoderConfig.DEFAULTS.withMaxVlanDepth(2))
                .feed(LINKTYPE_ETHERNET, ethernet(0x0800, V4, 0x88a8, 0x8100, 0x8100));
        assertTrue(h.seen.isEmpty());
        assertEquals(1, h.anomaly(DecodeAnomaly.VLAN_DEPTH_EXCEEDED));
        assertEquals(1, h.stats().linkDropped());
        h.assertConsistent();
    }

    @Test
    void nonIpEthertypesAreCounted() {
        Harness h = new Harness().feed(LINKTYPE_ETHERNET, ethernet(0x0806, new byte[28]))
                .feed(LINKTYPE_ETHERNET, ethernet(0x0800, V4, 0x8100).clone());
        h.feed(LINKTYPE_ETHERNET, ethernet(0x0026, new byte[46])); // 802.3 length field, LLC
        assertEquals(2, h.stats().nonIp());
        assertEquals(1, h.seen.size());
        h.assertConsistent();
    }

    @Test
    void linuxCookedV1AndV2() {
        assertEhloV4(new Harness().feed(LINKTYPE_LINUX_SLL, sll(0x0800, V4)));
        assertEhloV6(new Harness().feed(LINKTYPE_LINUX_SLL, sll(0x86dd, V6)));
        assertEhloV4(new Harness().feed(LINKTYPE_LINUX_SLL2, sll2(0x0800, V4)));
        assertEhloV6(new Harness().feed(LINKTYPE_LINUX_SLL2, sll2(0x86dd, V6)));
        assertEhloV4(new Harness().feed(LINKTYPE_LINUX_SLL, sll(0x8100, concat(bytes(0, 5, 8, 0), V4))));
    }

    @Test
    void bsdNullInBothByteOrders() {
        assertEhloV4(new Harness().feed(LINKTYPE_NULL, nullLittleEndian(2, V4)));
        assertEhloV4(new Harness().feed(LINKTYPE_NULL, nullBigEndian(2, V4)));
        for (int af6 : new int[] {24, 28, 30}) {
            assertEhloV6(new Harness().feed(LINKTYPE_NULL, nullLittleEndian(af6, V6)));
            assertEhloV6(new Harness().feed(LINKTYPE_NULL, nullBigEndian(af6, V6)));
        }
        Harness h = new Harness().feed(LINKTYPE_NULL, nullLittleEndian(7, V4));
        assertEquals(1, h.anomaly(DecodeAnomaly.NULL_UNKNOWN_FAMILY));
        assertEquals(1, h.stats().nonIp());
    }

    @Test
    void bsdLoopIsNetworkOrderOnly() {
        assertEhloV4(new Harness().feed(LINKTYPE_LOOP, nullBigEndian(2, V4)));
        assertEhloV6(new Harness().feed(LINKTYPE_LOOP, nullBigEndian(30, V6)));
        Harness h = new Harness().feed(LINKTYPE_LOOP, nullLittleEndian(2, V4));
        assertTrue(h.seen.isEmpty());
        assertEquals(1, h.anomaly(DecodeAnomaly.NULL_UNKNOWN_FAMILY));
    }

    @ParameterizedTest
    @ValueSource(ints = {LINKTYPE_RAW, 12, 14})
    void rawIp(int linkType) {
        assertEhloV4(new Harness().feed(linkType, V4));
        assertEhloV6(new Harness().feed(linkType, V6));
        Harness h = new Harness().feed(linkType, bytes(0x50, 0, 0, 0));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_BAD_VERSION));
        h.assertConsistent();
    }

    @Test
    void ipv4AndIpv6LinkTypesCheckTheVersion() {
        assertEhloV4(new Harness().feed(LINKTYPE_IPV4, V4));
        assertEhloV6(new Harness().feed(LINKTYPE_IPV6, V6));
        Harness h = new Harness().feed(LINKTYPE_IPV4, V6).feed(LINKTYPE_IPV6, concat(V4, new byte[40]));
        assertEquals(2, h.anomaly(DecodeAnomaly.IP_BAD_VERSION));
        assertTrue(h.seen.isEmpty());
        h.assertConsistent();
    }

    @Test
    void unknownLinkTypeIsCounted() {
        Harness h = new Harness().feed(147, V4).feed(-1, V4);
        assertEquals(2, h.anomaly(DecodeAnomaly.UNKNOWN_LINK_TYPE));
        assertEquals(2, h.stats().linkDropped());
        h.assertConsistent();
    }

    // ---- IPv4 ----

    @Test
    void ipv4OptionsAreSkipped() {
        Ip4 ip = ip4();
        ip.options = bytes(1, 7, 7, 4, 0, 0, 0, 0, 0); // NOP, record route with one empty slot
        Harness h = new Harness().feed(LINKTYPE_RAW, ip.build(withChecksum(tcp().payload("EHLO a.example\r\n")
                .build(), SRC4, DST4)));
        assertEhloV4(h);
    }

    @Test
    void ipv4BadOptionLengthKeepsThePacket() {
        Ip4 ip = ip4();
        ip.options = bytes(1, 7, 40, 4);
        Harness h = new Harness().feed(LINKTYPE_RAW, ip.build(tcp().build()));
        assertEquals(1, h.seen.size());
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV4_BAD_OPTION_LENGTH));
    }

    @Test
    void ipv4BadHeaderAndTotalLengths() {
        Ip4 shortIhl = ip4();
        shortIhl.ihlOverride = 4;
        Ip4 ihlPastTotal = ip4();
        ihlPastTotal.ihlOverride = 15;
        ihlPastTotal.totalLengthOverride = 40;
        Ip4 tinyTotal = ip4();
        tinyTotal.totalLengthOverride = 19;
        Ip4 longTotal = ip4();
        longTotal.totalLengthOverride = 1500;
        byte[] seg = tcp().build();
        Harness h = new Harness().feed(LINKTYPE_RAW, shortIhl.build(seg)).feed(LINKTYPE_RAW, ihlPastTotal.build(seg))
                .feed(LINKTYPE_RAW, tinyTotal.build(seg)).feed(LINKTYPE_RAW, longTotal.build(seg));
        assertEquals(2, h.anomaly(DecodeAnomaly.IPV4_BAD_HEADER_LENGTH));
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV4_BAD_TOTAL_LENGTH));
        assertEquals(1, h.anomaly(DecodeAnomaly.IP_TRUNCATED));
        assertTrue(h.seen.isEmpty());
        h.assertConsistent();
    }

    @Test
    void ethernetPaddingIsCutByTheTotalLength() {
        byte[] bare = ethernet(0x0800, ipv4Tcp(tcp().flags(TcpSegment.ACK)));
        assertEquals(54, bare.length);
        byte[] padded = concat(bare, bytes(0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff));
        Harness h = new Harness().feed(LINKTYPE_ETHERNET, padded);
        assertEquals(0, h.only().payloadLength());
        assertEquals(0, h.only().payload().length);
        assertEquals(1, h.stats().paddedFrames());
        assertEquals(0, h.stats().totalAnomalies());
        // Padding after a payload must not be taken as payload either.
        h = new Harness().feed(LINKTYPE_ETHERNET, concat(ethernet(0x0800, ipv4Tcp(tcp().payload("Q"))), new byte[5]));
        assertEquals("Q", h.only().payloadText());
    }

    @Test
    void zeroTotalLengthFromOffloadUsesTheFrame() {
        Ip4 ip = ip4();
        ip.totalLengthOverride = 0;
        Harness h = new Harness().feed(LINKTYPE_RAW, ip.build(tcp().payload("DATA\r\n").build()));
        assertEquals("DATA\r\n", h.only().payloadText());
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV4_ZERO_TOTAL_LENGTH));
    }

    @Test
    void udpAndOtherProtocolsAreCounted() {
        Ip4 udp = ip4();
        udp.protocol = 17;
        Ip4 icmp = ip4();
        icmp.protocol = 1;
        Harness h = new Harness().feed(LINKTYPE_RAW, udp.build(new byte[8])).feed(LINKTYPE_RAW, icmp.build(new byte[8]))
                .feed(LINKTYPE_RAW, ipv6(17, new byte[8])).feed(LINKTYPE_RAW, ipv6(58, new byte[8]));
        assertEquals(2, h.stats().udp());
        assertEquals(2, h.stats().otherIp());
        assertTrue(h.seen.isEmpty());
        h.assertConsistent();
    }

    // ---- IPv6 extension headers ----

    @Test
    void ipv6ExtensionChainToTcp() {
        byte[] seg = withChecksum(tcp().payload("EHLO a.example\r\n").build(), SRC6, DST6);
        // Hop-by-hop -> destination options -> routing -> destination options -> TCP (RFC 8200 §4.1 order).
        byte[] chain = concat(ext(60, 4), ext(43, 4), routing(60), ext(6, 10), seg);
        assertEhloV6(new Harness().feed(LINKTYPE_RAW, ipv6(0, chain)));
    }

    @Test
    void ipv6AuthenticationHeaderIsSkipped() {
        byte[] ah = bytes(6, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0); // 24 bytes
        byte[] seg = withChecksum(tcp().payload("EHLO a.example\r\n").build(), SRC6, DST6);
        assertEhloV6(new Harness().feed(LINKTYPE_RAW, ipv6(51, concat(ah, seg))));
    }

    @Test
    void hopByHopMustComeFirst() {
        byte[] seg = tcp().build();
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv6(60, concat(ext(0, 4), ext(6, 4), seg)));
        assertEquals(1, h.seen.size());
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV6_HOP_BY_HOP_NOT_FIRST));
    }

    @Test
    void ipv6ChainLengthIsBounded() {
        byte[] chain = tcp().build();
        for (int i = 0; i < 4; i++) chain = concat(ext(i == 0 ? 6 : 60, 4), chain);
        DecoderConfig three = DecoderConfig.DEFAULTS.withMaxIpv6ExtensionHeaders(3);
        Harness h = new Harness(three).feed(LINKTYPE_RAW, ipv6(60, chain));
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV6_EXT_CHAIN_TOO_LONG));
        assertTrue(h.seen.isEmpty());
        assertEquals(1, new Harness(DecoderConfig.DEFAULTS.withMaxIpv6ExtensionHeaders(4))
                .feed(LINKTYPE_RAW, ipv6(60, chain)).seen.size());
    }

    @Test
    void ipv6ExtensionHeaderPastPayloadIsBad() {
        byte[] bad = ext(6, 4);
        bad[1] = 9; // claims 80 bytes
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv6(60, concat(bad, tcp().build())));
        assertEquals(1, h.anomaly(DecodeAnomaly.IPV6_BAD_EXT_HEADER));
        h.assertConsistent();
    }

    @Test
    void espAndNoNextHeaderEndTheWalk() {
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv6(50, new byte[32])).feed(LINKTYPE_RAW, ipv6(59, new byte[0]))
                .feed(LINKTYPE_RAW, ipv6(60, concat(ext(59, 4), tcp().build())));
        assertEquals(3, h.stats().otherIp());
        assertTrue(h.seen.isEmpty());
        assertEquals(0, h.stats().totalAnomalies());
    }

    @Test
    void atomicFragmentIsAWholePacket() {
        byte[] seg = withChecksum(tcp().payload("EHLO a.example\r\n").build(), SRC6, DST6);
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv6(44, concat(fragmentHeader(6, 0, false, 0xabcd), seg)));
        assertEquals(0xabcd, h.only().ipId());
        assertEquals(0, h.stats().fragments());
    }

    // ---- TCP ----

    @Test
    void tcpOptionsOfASyn() {
        byte[] opts = bytes(2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 0);
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().flags(TcpSegment.SYN).options(opts)));
        Harness.Seen s = h.only();
        assertEquals(1460, s.mss());
        assertEquals(7, s.windowScale());
        assertTrue(s.sackPermitted());
        assertTrue(s.hasTimestamps());
        assertEquals(1, s.tsVal());
        assertEquals(2, s.tsEcr());
        assertEquals(0, h.stats().totalAnomalies());
    }

    @Test
    void sackBlocksAreSkippedAndOptionsAfterThemRead() {
        byte[] opts = concat(bytes(1, 1, 5, 18), new byte[16], bytes(1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8));
        Harness.Seen s = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().options(opts))).only();
        assertEquals(9, s.tsVal());
        assertEquals(-1, s.mss());
    }

    @Test
    void optionsAfterEndOfListAreIgnored() {
        Harness.Seen s = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().options(bytes(0, 2, 4, 5, 0xb4)))).only();
        assertEquals(-1, s.mss());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2,0,5,180", "2,1,5,180", "1,1,1,8,40,0,0,0", "1,8,1"})
    void malformedOptionLengthStopsParsing(String optionBytes) {
        int[] v = java.util.Arrays.stream(optionBytes.split(",")).mapToInt(Integer::parseInt).toArray();
        byte[] opts = concat(bytes(v), bytes(2, 4, 5, 0xb4)); // an MSS that must not be read after the break
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().options(opts)));
        assertEquals(1, h.anomaly(DecodeAnomaly.TCP_BAD_OPTION_LENGTH));
        assertEquals(-1, h.only().mss(), "segment delivered, nothing parsed after the break");
    }

    @Test
    void optionRunningPastTheHeaderIsMalformed() {
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().options(bytes(1, 1, 8, 10, 0, 0, 0, 1))));
        assertEquals(1, h.anomaly(DecodeAnomaly.TCP_BAD_OPTION_LENGTH));
        assertFalse(h.only().hasTimestamps());
    }

    @Test
    void wrongSizedKnownOptionIsIgnoredAndCounted() {
        Harness h = new Harness().feed(LINKTYPE_RAW,
                ipv4Tcp(tcp().options(bytes(2, 5, 5, 0xb4, 0, 3, 3, 20, 4, 3, 0, 5, 4, 0))));
        Harness.Seen s = h.only();
        assertEquals(-1, s.mss());
        assertFalse(s.sackPermitted());
        assertEquals(14, s.windowScale(), "RFC 7323 §2.3 clamps the shift");
        assertEquals(1, h.anomaly(DecodeAnomaly.TCP_WINDOW_SCALE_TOO_LARGE));
        assertEquals(3, h.anomaly(DecodeAnomaly.TCP_BAD_OPTION_SIZE));
    }

    @Test
    void snaplenCutInSynOptionsKeepsTheSegment() {
        byte[] opts = bytes(2, 4, 0x05, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2);
        byte[] syn = ethernet(0x0800, ipv4Tcp(tcp().flags(TcpSegment.SYN).options(opts)));
        Harness h = new Harness(DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true)).feed(LINKTYPE_ETHERNET, syn, 61); // inside window scale
        Harness.Seen s = h.only();
        assertEquals(1460, s.mss(), "options before the cut are read");
        assertEquals(-1, s.windowScale(), "the option running into the cut is not");
        assertEquals(ChecksumState.UNKNOWN, s.checksum(), "cannot verify what was not captured");
        assertEquals(1, h.anomaly(DecodeAnomaly.TCP_OPTIONS_TRUNCATED));
        assertEquals(1, h.stats().totalAnomalies());
    }

    @Test
    void badDataOffset() {
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().dataOffset(4)))
                .feed(LINKTYPE_RAW, ipv4Tcp(tcp().dataOffset(15)));
        assertEquals(2, h.anomaly(DecodeAnomaly.TCP_BAD_DATA_OFFSET));
        assertTrue(h.seen.isEmpty());
        h.assertConsistent();
    }

    @Test
    void ipPayloadShorterThanTcpHeader() {
        Harness h = new Harness().feed(LINKTYPE_RAW, ip4().build(new byte[12]));
        assertEquals(1, h.anomaly(DecodeAnomaly.TCP_TRUNCATED_HEADER));
    }

    @Test
    void reusedSegmentDoesNotLeakOptions() {
        Harness h = new Harness().feed(LINKTYPE_RAW, ipv4Tcp(tcp().options(bytes(2, 4, 5, 0xb4))))
                .feed(LINKTYPE_RAW, ipv4Tcp(tcp()));
        assertEquals(1460, h.seen.get(0).mss());
        assertEquals(-1, h.seen.get(1).mss());
    }

    // ---- Checksums ----

    @Test
    void checksumsVerifiedWhenAsked() {
        DecoderConfig on = DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true);
        byte[] good4 = ipv4Tcp(tcp().payload("STARTTLS\r\n"));
        byte[] good6 = ipv6Tcp(tcp().payload("STARTTLS\r\n"));
        byte[] odd4 = ipv4Tcp(tcp().payload("QUIT\r\n!"));
        byte[] bad4 = good4.clone();
        bad4[bad4.length - 3] ^= 0x20;
        byte[] bad6 = good6.clone();
        bad6[bad6.length - 3] ^= 0x20;
        Harness h = new Harness(on).feed(LINKTYPE_RAW, good4).feed(LINKTYPE_RAW, good6).feed(LINKTYPE_RAW, odd4)
                .feed(LINKTYPE_RAW, bad4).feed(LINKTYPE_RAW, bad6);
        assertEquals(ChecksumState.OK, h.seen.get(0).checksum());
        assertEquals(ChecksumState.OK, h.seen.get(1).checksum());
        assertEquals(ChecksumState.OK, h.seen.get(2).checksum());
        assertEquals(ChecksumState.BAD, h.seen.get(3).checksum());
        assertEquals(ChecksumState.BAD, h.seen.get(4).checksum());
        assertEquals(2, h.anomaly(DecodeAnomaly.TCP_BAD_CHECKSUM));
        assertEquals(3, h.stats().checksumOk());
        // Off by default; unknown when the payload was not fully captured.
        assertEquals(ChecksumState.UNKNOWN, new Harness().feed(LINKTYPE_RAW, bad4).only().checksum());
        assertEquals(ChecksumState.UNKNOWN, new Harness(on).feed(LINKTYPE_RAW, good4, good4.length - 1).only().checksum());
    }
}
