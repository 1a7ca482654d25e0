package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses print as RFC 5952 text (IPv6: lower case, longest zero run compressed, single zero fields kept). */
class SessionsTest {
    @ParameterizedTest
    @CsvSource({"198.51.100.25,198.51.100.25", "2001:db8::1,2001:db8::1", "::1,::1", "1::,1::", "2001:db8:0:1:0:0:0:1,2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1", "2001:db8:1:1:1:1:0:1,2001:db8:1:1:1:1:0:1",
            "0:0:0:0:0:0:0:0,::", "::ffff:198.51.100.7,198.51.100.7", "2001:db8:0:0:1:0:0:0,2001:db8:0:0:1::",
            "0:0:1:0:0:0:0:1,0:0:1::1", "1:0:0:2:0:0:3:4,1::2:0:0:3:4"})
    void ipText(String in, String out) {
        assertEquals(out, Sessions.ip(Rec.addr(in)));
    }

    @ParameterizedTest
    @CsvSource({"3", "5", "0"})
    void notAnAddress(int len) {
        assertEquals("?", Sessions.ip(ByteBuffer.allocate(len)));
    }

    /**
     * The hand-written formatter against the JDK's text with the longest zero run compressed (the former
     * implementation), on random addresses with many zero fields (so runs tie, touch the ends, or are single).
     */
    @Test
    void sameAsTheJdkOnRandomAddresses() throws Exception {
        Random rnd = new Random(5952);
        for (int k = 0; k < 20_000; k++) {
            byte[] a = new byte[rnd.nextBoolean() ? 4 : 16];
            for (int i = 0; i < a.length; i += 2) {
                int v = rnd.nextInt(3) == 0 ? rnd.nextInt(65536) : rnd.nextInt(4) == 0 ? 1 : 0;
                a[i] = (byte) (v >> 8);
                a[i + 1] = (byte) v;
            }
            if (a.length == 16 && rnd.nextInt(20) == 0) { // IPv4-mapped
                java.util.Arrays.fill(a, 0, 10, (byte) 0);
                a[10] = a[11] = (byte) 0xff;
            }
            String jdk = InetAddress.getByAddress(a).getHostAddress();
            String expected = a.length == 16 && jdk.contains(":") ? compress(jdk) : jdk;
            ByteBuffer b = ByteBuffer.allocate(a.length + 3).position(3).put(a).position(3); // not at offset 0
            assertEquals(expected, Sessions.ip(b), jdk);
        }
    }

    /** RFC 5952 §4.2 by string search: the leftmost longest run of two or more "0" fields becomes "::". */
    private static String compress(String s) {
        String[] f = s.split(":");
        int bestAt = -1, bestLen = 1;
        for (int i = 0; i < f.length; i++) {
            int j = i;
            while (j < f.length && f[j].equals("0")) j++;
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
        }
        if (bestAt < 0) return s;
        String head = String.join(":", java.util.Arrays.copyOfRange(f, 0, bestAt));
        String tail = String.join(":", java.util.Arrays.copyOfRange(f, bestAt + bestLen, f.length));
        return head + "::" + tail;
    }
}
