package org.stripwatch.sensor.capture.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The parts of live capture that need no interface. */
class LiveSourceUnitTest {
    @Test
    void defaultsAreDocumentedAndFinite() {
        LiveConfig c = LiveConfig.defaults("eth0");
        assertEquals("tcp port 25 or tcp port 587", c.filter());
        assertEquals(262_144, c.snaplen());
        assertEquals(512 << 20, c.bufferBytes());
        assertTrue(c.promiscuous());
        assertEquals(Duration.ofMillis(100), c.readTimeout());
        assertEquals("tcp port 2525", c.withFilter("tcp port 2525").filter());
        assertThrows(IllegalArgumentException.class, () -> c.withSnaplen(10));
        assertThrows(IllegalArgumentException.class, () -> c.withBufferBytes(1024));
        assertThrows(IllegalArgumentException.class, () -> c.withReadTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> LiveConfig.defaults(" "));
    }

    @Test
    void timestampKeepsNanoseconds() {
        Timestamp ts = new Timestamp(1_700_000_000_123L);
        ts.setNanos(123_456_789);
        assertEquals(1_700_000_000_123_456_789L, LiveSource.nanos(ts));
        Timestamp before1970 = new Timestamp(-1_000L);
        before1970.setNanos(5);
        assertEquals(-1_000_000_000L + 5, LiveSource.nanos(before1970));
    }

    /** As root, permission failures cannot be provoked; the mapping of libpcap's message is checked here. */
    @Test
    void openFailuresSayWhatToDo() {
        assertTrue(LiveSource.describeOpenFailure("eth0: You don't have permission to capture on that device "
                + "(socket: Operation not permitted)").startsWith("permission denied (live capture needs root"));
        assertTrue(LiveSource.describeOpenFailure("foo: No such device exists\n(SIOCGIFHWADDR)")
                .startsWith("no such interface: foo: No such device exists (SIOCGIFHWADDR)"));
    }
}
