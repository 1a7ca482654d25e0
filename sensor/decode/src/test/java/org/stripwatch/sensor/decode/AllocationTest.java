package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.stripwatch.sensor.decode.Frames.*;
import static org.stripwatch.sensor.decode.PacketDecoder.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The common path (one reused frame buffer, unfragmented TCP) allocates nothing per packet. */
class AllocationTest {
    private long payloadBytes;

    @Test
    void decodingReusedFrameBufferDoesNotAllocate() {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "allocation counter not available");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        byte[] opts = bytes(1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2);
        byte[][] frames = {
                ethernet(0x0800, ipv4Tcp(tcp().payload("250-STARTTLS\r\n").options(opts)), 0x8100),
                sll2(0x86dd, ipv6Tcp(tcp().payload("250 OK\r\n"))),
                nullLittleEndian(2, ipv4Tcp(tcp().payload("EHLO x\r\n"))),
        };
        int[] links = {LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_NULL};
        // A source-like reused buffer: frames copied into one array, indices moved per frame.
        ByteBuf buffer = Unpooled.buffer(2048, 2048);
        PacketDecoder decoder = new PacketDecoder(DecoderConfig.DEFAULTS.withVerifyTcpChecksums(true),
                s -> payloadBytes += s.payload().readableBytes() + s.mss());
        long tid = Thread.currentThread().getId();
        long before = 0;
        int rounds = 60_000;
        for (int i = 0; i < 2 * rounds; i++) {
            if (i == rounds) before = threads.getThreadAllocatedBytes(tid);
            int k = i % frames.length;
            buffer.setBytes(0, frames[k]);
            buffer.setIndex(0, frames[k].length);
            decoder.onPacket(links[k], i, buffer, frames[k].length);
        }
        long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertEquals(2L * rounds, decoder.stats().tcp());
        assertTrue(allocated < rounds / 4, "allocated " + allocated + " bytes for " + rounds + " packets");
        assertTrue(payloadBytes > 0);
    }
}
