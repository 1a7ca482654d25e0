package org.stripwatch.analyzer.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.stripwatch.analyzer.core.baseline.ServerState;

/** The redelivery memory: a bounded list of recent session keys, oldest dropped first, with a set index. */
class ServerStateTest {
    @Test
    void remembersTheLastKeysOnly() {
        ServerState s = new ServerState();
        for (int i = 0; i < 10; i++) s.rememberRecent("k" + i, 4);
        assertEquals(List.of("k6", "k7", "k8", "k9"), s.recent);
        assertFalse(s.seenRecently("k5"), "dropped with the oldest");
        assertTrue(s.seenRecently("k6"));
        s.rememberRecent("k7", 4); // already known: no duplicate, order unchanged
        assertEquals(List.of("k6", "k7", "k8", "k9"), s.recent);
    }

    @Test
    void followsTheListWhenItIsReplaced() {
        // As a state store restores it: the public list is set (Jackson), the index must follow.
        ServerState s = new ServerState();
        s.rememberRecent("old", 4);
        s.recent = new java.util.ArrayList<>(List.of("x")); // same size as before
        assertFalse(s.seenRecently("old"));
        assertTrue(s.seenRecently("x"));
        s.recent = new java.util.ArrayList<>(List.of("a", "b"));
        assertFalse(s.seenRecently("x"));
        assertTrue(s.seenRecently("b"));
        s.rememberRecent("c", 2);
        assertEquals(List.of("b", "c"), s.recent);
        assertFalse(s.seenRecently("a"));
    }
}
