package org.stripwatch.sensor.decode;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void anomalyWireNamesAreUniqueSnakeCaseWithCitations() {
        Set<String> names = new HashSet<>();
        for (DecodeAnomaly a : DecodeAnomaly.values()) {
            assertTrue(a.wireName().matches("[a-z0-9]+(_[a-z0-9]+)*"), a.wireName());
            assertEquals(a.name().toLowerCase(java.util.Locale.ROOT), a.wireName());
            assertTrue(names.add(a.wireName()));
            assertFalse(a.citation().isBlank());
            assertFalse(a.citation().contains("\n"));
        }
    }

    @Test
    void configDefaultsAreFiniteAndValidated() {
        DecoderConfig d = DecoderConfig.DEFAULTS;
        assertFalse(d.verifyTcpChecksums(), "offload makes local captures fail checksums");
        assertEquals(65535, d.maxDatagramBytes());
        assertTrue(d.fragmentMemcap() > 0 && d.fragmentTimeoutNanos() > 0);
        assertThrows(IllegalArgumentException.class, () -> d.withMaxVlanDepth(-1));
        assertThrows(IllegalArgumentException.class, () -> d.withFragmentLimits(1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withFragmentLimits(1, 1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> d.withFragmentLimits(1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new DecoderConfig(3, 8, 1, 1, 65536, 1, 1, false));
    }

    @Test
    void statsSnapshotIsImmutableAndComplete() {
        DecodeStats s = new Harness().feed(PacketDecoder.LINKTYPE_ETHERNET, new byte[3]).stats();
        assertEquals(1, s.anomaly(DecodeAnomaly.TRUNCATED_LINK_HEADER));
        assertEquals(DecodeAnomaly.values().length, s.anomalies().size());
        assertThrows(UnsupportedOperationException.class, () -> s.anomalies().put(DecodeAnomaly.IP_TRUNCATED, 1L));
        assertEquals(1L, s.toMap().get("truncated_link_header"));
        assertEquals(1L, s.toMap().get("link_dropped"));
    }
}
