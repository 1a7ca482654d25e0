package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.stripwatch.sensor.decode.Frames.*;
import static org.stripwatch.sensor.decode.PacketDecoder.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Snaplen cuts at every offset, and seeded random bytes/mutations: never throws, stays bounded. */
class RobustnessTest {
    private static final String TEXT = "MAIL FROM:<a@example.org>\r\n";
    private static final int PAYLOAD = TEXT.length();

    record Sample(String name, int linkType, byte[] frame, int tcpHeaderLength) {
        Sample(String name, int linkType, byte[] frame) {
            this(name, linkType, frame, 20);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Sample> samples() {
        byte[] opts = bytes(2, 4, 5, 0xb4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2);
        byte[] v4 = ipv4Tcp(tcp().payload(TEXT).options(opts));
        byte[] v6 = ipv6Tcp(tcp().payload(TEXT));
        Ip4 withOptions = ip4();
        withOptions.options = bytes(1, 7, 7, 4, 0, 0, 0, 0, 0);
        byte[] v4opts = withOptions.build(withChecksum(tcp().payload(TEXT).build(), SRC4, DST4));
        byte[] v6chain = ipv6(0, concat(ext(60, 4), ext(43, 4), routing(6),
                withChecksum(tcp().payload(TEXT).build(), SRC6, DST6)));
        return List.of(
                new Sample("ethernet-v4", LINKTYPE_ETHERNET, ethernet(0x0800, v4), 40),
                new Sample("ethernet-v6", LINKTYPE_ETHERNET, ethernet(0x86dd, v6)),
                new Sample("vlan-v4", LINKTYPE_ETHERNET, ethernet(0x0800, v4, 0x8100), 40),
                new Sample("qinq-v6", LINKTYPE_ETHERNET, ethernet(0x86dd, v6, 0x88a8, 0x8100)),
                new Sample("sll-v4", LINKTYPE_LINUX_SLL, sll(0x0800, v4opts)),
                new Sample("sll2-v6", LINKTYPE_LINUX_SLL2, sll2(0x86dd, v6chain)),
                new Sample("null-le-v4", LINKTYPE_NULL, nullLittleEndian(2, v4), 40),
                new Sample("null-be-v6", LINKTYPE_NULL, nullBigEndian(30, v6)),
                new Sample("loop-v4", LINKTYPE_LOOP, nullBigEndian(2, v4), 40),
                new Sample("raw-v4-options", LINKTYPE_RAW, v4opts),
                new Sample("raw-v6-chain", LINKTYPE_RAW, v6chain),
                new Sample("ipv4", LINKTYPE_IPV4, v4, 40),
                new Sample("ipv6", LINKTYPE_IPV6, v6));
    }

    static Stream<Arguments> sampleArgs() {
        return samples().stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("sampleArgs")
    void snaplenCutAtEveryOffset(Sample sample) {
        byte[] f = sample.frame();
        int headersEnd = f.length - PAYLOAD;
        assertEquals(TEXT, new Harness().feed(sample.linkType(), f).only().payloadText());
        DecoderConfig verify = DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true);
        for (int cut = 0; cut < f.length; cut++) {
            Harness h = new Harness(verify).feed(sample.linkType(), f, cut);
            h.assertConsistent();
            DecodeStats s = h.stats();
            if (cut < headersEnd - sample.tcpHeaderLength() + 20) {
                assertTrue(h.seen.isEmpty(), "cut " + cut);
                assertEquals(1, s.totalAnomalies(), () -> "cut in the headers is one anomaly: " + s);
            } else if (cut < headersEnd) {
                assertEquals(0, h.only().payload().length, "cut in the TCP options keeps the segment");
                assertEquals(1, s.anomaly(DecodeAnomaly.TCP_OPTIONS_TRUNCATED));
                assertEquals(1, s.totalAnomalies());
            } else {
                Harness.Seen seg = h.only();
                assertEquals(PAYLOAD, seg.payloadLength(), "declared length survives the cut");
                assertEquals(TEXT.substring(0, cut - headersEnd), seg.payloadText());
                assertEquals(cut == f.length ? 0 : 1, s.snaplenPayloads());
                assertEquals(0, s.totalAnomalies(), "cut " + cut + ": " + s);
            }
        }
    }

    /** Lying wire lengths (shorter than captured) and frames with the length field past the wire. */
    @Test
    void wireLengthShorterThanCaptureIsIgnored() {
        byte[] f = ethernet(0x0800, ipv4Tcp(tcp().payload(TEXT)));
        Harness h = new Harness();
        h.decoder.onPacket(LINKTYPE_ETHERNET, 0, io.netty.buffer.Unpooled.wrappedBuffer(f), 10);
        assertEquals(TEXT, h.only().payloadText());
    }

    private static final int[] LINK_TYPES = {LINKTYPE_NULL, LINKTYPE_ETHERNET, 12, 14, LINKTYPE_RAW, LINKTYPE_LOOP,
            LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL2, 9999};

    @Test
    void randomBytesForEveryLinkType() {
        Random r = new Random(0x5eed);
        Harness h = new Harness(DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true));
        for (int i = 0; i < 30_000; i++) {
            byte[] f = new byte[r.nextInt(160)];
            r.nextBytes(f);
            // Give the layers below a chance: plausible version nibbles and EtherTypes.
            if (f.length > 20 && r.nextBoolean()) f[r.nextInt(20)] = (byte) (r.nextBoolean() ? 0x45 : 0x60);
            if (f.length > 16 && r.nextBoolean()) put16(f, 12, r.nextBoolean() ? 0x0800 : 0x86dd);
            h.now += r.nextInt(1_000_000_000);
            h.feed(LINK_TYPES[r.nextInt(LINK_TYPES.length)], f, f.length);
            if ((i & 1023) == 0) h.assertConsistent();
        }
        h.assertConsistent();
        assertEquals(30_000, h.stats().packets());
    }

    @Test
    void mutationsAndTruncationsOfValidFrames() {
        Random r = new Random(42);
        List<Sample> base = new ArrayList<>(samples());
        base.addAll(fragmentSamples());
        DecoderConfig config = DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true)
                .withFragmentLimits(16, 8, 64 * 1024, 5_000_000_000L);
        Harness h = new Harness(config);
        for (int i = 0; i < 60_000; i++) {
            Sample s = base.get(r.nextInt(base.size()));
            byte[] f = s.frame().clone();
            int mutations = r.nextInt(4);
            for (int m = 0; m < mutations && f.length > 0; m++) {
                int at = r.nextInt(Math.min(f.length, 80));
                f[at] = r.nextBoolean() ? (byte) r.nextInt(256) : (byte) (f[at] ^ (1 << r.nextInt(8)));
            }
            int captured = r.nextInt(4) == 0 ? r.nextInt(f.length + 1) : f.length;
            h.now += r.nextInt(200_000_000);
            h.feed(s.linkType(), f, captured);
            assertTrue(h.decoder.fragmentMemoryInUse() <= config.fragmentMemcap());
            assertTrue(h.decoder.fragmentedDatagramsInUse() <= config.maxFragmentedDatagrams());
            if ((i & 1023) == 0) h.assertConsistent();
        }
        h.assertConsistent();
        for (Harness.Seen seg : h.seen) {
            assertTrue(seg.payload().length <= seg.payloadLength());
        }
        assertTrue(h.stats().tcp() > 10_000, "mutations leave many frames decodable: " + h.stats());
    }

    /** A storm of random fragments against a small memcap: memory never exceeds it. */
    @Test
    void fragmentStormStaysUnderTheMemcap() {
        Random r = new Random(7);
        DecoderConfig config = DecoderConfig.DEFAULTS.withFragmentLimits(64, 16, 200_000, 2_000_000_000L);
        Harness h = new Harness(config);
        long peak = 0;
        for (int i = 0; i < 20_000; i++) {
            int len = 8 * (1 + r.nextInt(40));
            byte[] data = new byte[len];
            r.nextBytes(data);
            int offset = 8 * r.nextInt(8190);
            boolean more = r.nextInt(5) != 0;
            int id = r.nextInt(200);
            byte[] f = r.nextBoolean()
                    ? withFrag(ip4(), id, offset, more).build(data)
                    : ipv6(44, concat(fragmentHeader(6, offset, more, id), data));
            h.now += r.nextInt(50_000_000);
            h.feed(LINKTYPE_RAW, f);
            peak = Math.max(peak, h.decoder.fragmentMemoryInUse());
            assertTrue(h.decoder.fragmentMemoryInUse() <= config.fragmentMemcap());
        }
        h.assertConsistent();
        assertTrue(peak > config.fragmentMemcap() / 2, "the storm reached the cap: " + peak);
        assertTrue(h.anomaly(DecodeAnomaly.IP_FRAGMENT_LIMIT) > 0);
        assertTrue(h.anomaly(DecodeAnomaly.IP_FRAGMENT_TIMEOUT) > 0);
    }

    private static Ip4 withFrag(Ip4 ip, int id, int offset, boolean more) {
        ip.id = id;
        return ip.frag(offset, more);
    }

    private static List<Sample> fragmentSamples() {
        byte[] seg4 = withChecksum(tcp().payload(TEXT + TEXT + TEXT).build(), SRC4, DST4);
        byte[] seg6 = withChecksum(tcp().payload(TEXT + TEXT + TEXT).build(), SRC6, DST6);
        List<Sample> out = new ArrayList<>();
        for (int from = 0; from < seg4.length; from += 32) {
            int to = Math.min(seg4.length, from + 32);
            Ip4 ip = ip4().frag(from, to < seg4.length);
            out.add(new Sample("frag4-" + from, LINKTYPE_RAW, ip.build(Arrays.copyOfRange(seg4, from, to))));
            byte[] part6 = Arrays.copyOfRange(seg6, from, Math.min(seg6.length, from + 32));
            out.add(new Sample("frag6-" + from, LINKTYPE_ETHERNET, ethernet(0x86dd,
                    ipv6(44, concat(fragmentHeader(6, from, from + 32 < seg6.length, 3), part6)))));
        }
        return out;
    }
}
