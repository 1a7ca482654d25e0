package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Decodes public captures with a minimal classic-pcap reader (the real one lives in sensor/capture)
 * and compares with tshark: {@code tshark -r F -Y 'tcp and not icmp' -T fields -e tcp.len}, count and
 * sum (TCP headers quoted inside ICMP errors are not segments).
 */
class CaptureFilesTest {
    private static final Path ROOT = Path.of("/work/shared/captures/public");

    @ParameterizedTest
    @CsvSource({
            "OISF_suricata-verify/smtp-rset-starttls/input.pcap, 10, 31",
            "zeek_zeek/ipv6.pcap, 17, 250",
            "seladb_PcapPlusPlus/Smtp.pcap, 8, 376",
            "OISF_suricata-verify/bug-3616-smtp/input.pcap, 53, 21083",
            "OISF_suricata-verify/issue-4220-01-ids/1flowB.pcap, 1358, 964634",
            "OISF_suricata-verify/mime-stream-depth/input.pcap, 2500, 1793692",
            "OISF_suricata-verify/protocol-change-failed-event/input.pcap, 10, 69",
            "OISF_suricata-verify/smtp-bdat-multichunk-inspection/input.pcap, 46, 511",
            "OISF_suricata-verify/smtp-data-rejected/10.7.29.101_49898-178.63.41.150_25.pcap, 199, 115235",
            "OISF_suricata-verify/smtp-errors/smtperr.pcap, 158, 40038",
            "OISF_suricata-verify/smtp-pipelining/input.pcap, 18, 402",
            "OISF_suricata-verify/smtp-tls-protodetect/input.pcap, 7, 206",
            "arkime_arkime/smtp-data-521.pcap, 38, 3976",
            "arkime_arkime/smtp-decrypted.pcap, 110, 29004",
            "arkime_arkime/smtp-rcpt-553.pcap, 16, 789",
            "ntop_nDPI/emotet.pcap, 169, 89856",
            "ntop_nDPI/smtp.pcap, 95, 17955",
            "zeek_zeek/connect-with-smtp.pcap, 30, 1977",
            "zeek_zeek/rfc3030-bdat-multipart-chunked.pcap, 184, 4748",
            "zeek_zeek/smtp-bdat-gap.pcap, 40, 473",
            "zeek_zeek/smtp-bdat-pipeline-8bitmime.pcap, 33, 13965",
            "zeek_zeek/smtp-one-side-only.pcap, 19, 18530",
            "zeek_zeek/smtp-starttls.pcap, 37, 5627",
            "zeek_zeek/smtp.pcap, 118, 29126",
            "zeek_zeek/truncated-header.pcap, 24, 605",
    })
    void segmentCountsMatchTshark(String file, int segments, long payloadBytes) throws IOException {
        Path p = ROOT.resolve(file);
        assumeTrue(Files.isReadable(p), "capture not present: " + p);
        Harness h = new Harness();
        readPcap(Files.readAllBytes(p), h.decoder);
        h.assertConsistent();
        assertEquals(segments, h.seen.size(), () -> h.stats().toString());
        assertEquals(payloadBytes, h.seen.stream().mapToLong(Harness.Seen::payloadLength).sum());
    }

    /** Classic pcap (µs or ns magic, either byte order): one reused frame buffer, as a source would. */

    static void readPcap(byte[] file, PacketDecoder decoder) {
        ByteBuf all = Unpooled.wrappedBuffer(file);
        int magic = all.getInt(0);
        boolean swapped = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
        ByteBuf b = swapped ? all.order(ByteOrder.LITTLE_ENDIAN) : all;
        int m = b.getInt(0);
        assertTrue(m == 0xa1b2c3d4 || m == 0xa1b23c4d, "pcap magic");
        long fractionNanos = m == 0xa1b23c4d ? 1 : 1000;
        int linkType = b.getInt(20) & 0x0fff_ffff;
        ByteBuf frame = Unpooled.wrappedBuffer(file);
        int off = 24;
        while (off + 16 <= file.length) {
            long ts = b.getUnsignedInt(off) * 1_000_000_000L + b.getUnsignedInt(off + 4) * fractionNanos;
            int incl = b.getInt(off + 8), orig = b.getInt(off + 12);
            if (incl < 0 || off + 16 + incl > file.length) break;
            frame.setIndex(off + 16, off + 16 + incl);
            decoder.onPacket(linkType, ts, frame, orig);
            off += 16 + incl;
        }
    }
}
