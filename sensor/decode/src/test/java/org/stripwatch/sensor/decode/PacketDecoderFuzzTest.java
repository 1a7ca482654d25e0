package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stripwatch.sensor.decode.Frames.*;
import static org.stripwatch.sensor.decode.PacketDecoder.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Coverage-guided fuzzing of L2-L4 decoding and IP defragmentation (Jazzer): a sequence of frames of
 * one link type through one decoder, with small fragment limits. Properties: nothing escapes, the
 * defragmenter stays within its datagram and byte limits after every frame, every frame is counted
 * in exactly one kind, every delivered segment is counted and never claims more captured payload than
 * declared (a read outside the frame throws: the harness puts no bytes after it).
 *
 * <p>Input: byte 0 picks the link type ({@link #LINK_TYPES}), byte 1 bit 0 turns checksum
 * verification on; then frames, each {@code u16 length, u8 bytes cut by the snaplen, u8 time step
 * (x 100 ms), bytes}.
 */
class PacketDecoderFuzzTest {
    static final int[] LINK_TYPES = {LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL,
            LINKTYPE_LOOP, LINKTYPE_RAW, DLT_RAW_12, DLT_RAW_14, LINKTYPE_IPV4, LINKTYPE_IPV6, 9999};
    /** Small fragment limits (4 datagrams, 4 pieces each, 4 KiB, 1 s) so that inputs reach them. */
    static final DecoderConfig SMALL = DecoderConfig.DEFAULTS.withFragmentLimits(4, 4, 4096, 1_000_000_000L)
            .withMaxVlanDepth(2).withMaxIpv6ExtensionHeaders(3);

    @FuzzTest
    void frames(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int linkType = LINK_TYPES[(input[0] & 0xff) % LINK_TYPES.length];
        Harness h = new Harness(SMALL.withVerifyTcpChecksums((input[1] & 1) != 0));
        int pos = 2;
        while (pos + 4 <= input.length) {
            int len = Math.min(((input[pos] & 0xff) << 8) | (input[pos + 1] & 0xff), input.length - pos - 4);
            int cut = input[pos + 2] & 0xff;
            h.now += (input[pos + 3] & 0xff) * 100_000_000L;
            byte[] frame = new byte[len + cut];
            System.arraycopy(input, pos + 4, frame, 0, len);
            h.feed(linkType, frame, len);
            pos += 4 + len;
            assertBounded(h);
        }
        h.assertConsistent();
        for (Harness.Seen s : h.seen) {
            assertTrue(s.payload().length <= s.payloadLength(), "captured payload beyond the declared length");
            assertTrue(s.payloadLength() <= 65535 && s.srcPort() <= 65535 && s.dstPort() <= 65535, "field range");
        }
    }

    private static void assertBounded(Harness h) {
        assertTrue(h.decoder.fragmentMemoryInUse() <= SMALL.fragmentMemcap(), "fragment memory over the memcap");
        assertTrue(h.decoder.fragmentMemoryInUse() >= 0, "negative fragment memory");
        assertTrue(h.decoder.fragmentedDatagramsInUse() <= SMALL.maxFragmentedDatagrams(), "too many datagrams");
    }

    // ---- seed corpus ----------------------------------------------------------------------------

    /** Writes the seeds: {@code -Dtest=PacketDecoderFuzzTest#writeSeeds -Dstripwatch.fuzz.writeSeeds=true}. */
    @Test
    @EnabledIfSystemProperty(named = "stripwatch.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Path dir = Path.of(System.getProperty("stripwatch.root"), "sensor/decode/src/test/resources",
                "org/stripwatch/sensor/decode/PacketDecoderFuzzTestInputs/frames");
        Files.createDirectories(dir);
        for (RobustnessTest.Sample s : RobustnessTest.samples()) {
            Files.write(dir.resolve("seed-" + s.name()), seed(s.linkType(), 1, s.frame()));
        }
        // IPv4 fragments, second one first, and an IPv6 fragmented datagram, both carrying TCP.
        byte[] tcp4 = withChecksum(tcp().payload("EHLO client.example.org\r\n").build(), SRC4, DST4);
        byte[] first = java.util.Arrays.copyOf(tcp4, 24), rest = java.util.Arrays.copyOfRange(tcp4, 24, tcp4.length);
        Files.write(dir.resolve("seed-ipv4-fragments"), seed(LINKTYPE_ETHERNET, 1,
                ethernet(0x0800, ip4().frag(24, false).build(rest)), ethernet(0x0800, ip4().frag(0, true).build(first))));
        byte[] tcp6 = withChecksum(tcp().payload("250-STARTTLS\r\n250 OK\r\n").build(), SRC6, DST6);
        byte[] a = java.util.Arrays.copyOf(tcp6, 16), b = java.util.Arrays.copyOfRange(tcp6, 16, tcp6.length);
        Files.write(dir.resolve("seed-ipv6-fragments"), seed(LINKTYPE_RAW, 0,
                ipv6(44, concat(fragmentHeader(6, 0, true, 7), a)), ipv6(44, concat(fragmentHeader(6, 16, false, 7), b))));
    }

    private static byte[] seed(int linkType, int flags, byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int selector = 0;
        while (LINK_TYPES[selector] != linkType) selector++;
        out.write(selector);
        out.write(flags);
        for (byte[] f : List.of(frames)) {
            out.writeBytes(bytes(f.length >>> 8, f.length, 0, 1));
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}
