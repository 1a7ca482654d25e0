package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "203.0.113.255", "0.0.0.0", "2001:db8::1", "2001:db8:0:1:1:1:1:1",
            "::", "::1", "2001:db8::", "2001:0:0:1::1", "fe80::1:0:0:1"})
    void roundTripsCanonicalText(String text) {
        assertEquals(text, IpAddress.parse(text).toString());
    }

    @Test
    void v4IsMapped() {
        IpAddress a = IpAddress.parse("198.51.100.7");
        assertTrue(a.isV4());
        assertFalse(IpAddress.parse("2001:db8::7").isV4());
        assertEquals(a, IpAddress.ofV4(0xc6336407));
    }

    @Test
    void rejectsNames() {
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse("example.org"));
        assertThrows(IllegalArgumentException.class, () -> IpAddress.parse(""));
    }
}
