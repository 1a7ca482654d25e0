package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses print as RFC 5952 text (IPv6: lower case, longest zero run compressed, single zero fields kept). */
class SessionsTest {
    @ParameterizedTest
    @CsvSource({"198.51.100.25,198.51.100.25", "2001:db8::1,2001:db8::1", "::1,::1", "1::,1::", "2001:db8:0:1:0:0:0:1,2001:db8:0:1::1",
            "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1", "2001:db8:1:1:1:1:0:1,2001:db8:1:1:1:1:0:1"})
    void ipText(String in, String out) {
        assertEquals(out, Sessions.ip(Rec.addr(in)));
    }

    @ParameterizedTest
    @CsvSource({"3", "5", "0"})
    void notAnAddress(int len) {
        assertEquals("?", Sessions.ip(ByteBuffer.allocate(len)));
    }
}
