package org.stripwatch.analyzer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.stripwatch.schemas.Alert;
import org.stripwatch.schemas.SessionRecord;

class AlertIdsTest {
    @Test
    void sameSessionAndTypeGiveTheSameIdEveryTime() {
        SessionRecord a = Sessions.session(4, 2);
        SessionRecord again = SessionRecord.newBuilder(a).build();
        assertEquals(AlertIds.of(AlertIds.ref(a), "t"), AlertIds.of(AlertIds.ref(again), "t"));
        assertEquals(32, AlertIds.of(AlertIds.ref(a), "t").length());
        // Redelivered record, processed again: the alert is identical, not merely same-id.
        assertEquals(Sessions.notOffered(a), Sessions.notOffered(again));
    }

    @Test
    void everyKeyFieldAndTheTypeChangeTheId() {
        SessionRecord s = Sessions.session(4, 2);
        Set<String> ids = new HashSet<>();
        ids.add(AlertIds.of(AlertIds.ref(s), "t"));
        ids.add(AlertIds.of(AlertIds.ref(s), "u"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setSensorId("other").build()), "t"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setConnectionId("C5").build()), "t"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setClientPort(1).build()), "t"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setServerPort(587).build()), "t"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setStart(s.getStart().plusNanos(1000)).build()), "t"));
        ids.add(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s)
                .setServerIp(ByteBuffer.wrap(new byte[] {(byte) 203, 0, 113, 9})).build()), "t"));
        assertEquals(8, ids.size());
        // Length prefixes: ("ab","c") and ("a","bc") must differ.
        assertNotEquals(AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setSensorId("ab").setConnectionId("c").build()), "t"),
                AlertIds.of(AlertIds.ref(SessionRecord.newBuilder(s).setSensorId("a").setConnectionId("bc").build()), "t"));
    }

    @Test
    void dedupSinkPassesEachIdOnceAndForgetsBeyondItsBound() {
        List<Alert> out = new ArrayList<>();
        DedupAlertSink sink = new DedupAlertSink(out::add, new AlertDeduplicator(3));
        Alert a = Sessions.notOffered(Sessions.session(0, 1)).get(0);
        sink.accept(a);
        sink.accept(a);
        assertEquals(1, out.size());
        assertEquals(1, sink.deduplicator().duplicates());
        for (int i = 2; i <= 8; i += 2) {
            sink.accept(Sessions.notOffered(Sessions.session(i, 1)).get(0));
        }
        assertTrue(sink.deduplicator().evicted() > 0);
        assertFalse(sink.deduplicator().firstTime(Sessions.notOffered(Sessions.session(8, 1)).get(0).getAlertId()));
        sink.accept(a); // evicted long ago: passes again (the documented bound)
        assertEquals(6, out.size());
    }

    @Test
    void embeddedModeRunsTheSameProcessor() {
        List<Alert> out = new ArrayList<>();
        EmbeddedIngest e = new EmbeddedIngest(Sessions::notOffered, out::add);
        for (int i = 0; i < 10; i++) {
            e.accept(Sessions.session(i, 3));
        }
        e.flush();
        assertEquals(5, out.size());
    }
}
