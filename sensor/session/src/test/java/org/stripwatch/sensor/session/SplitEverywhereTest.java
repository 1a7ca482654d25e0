package org.stripwatch.sensor.session;

import static org.junit.jupiter.api.Assertions.*;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The whole session layer, fed the same conversation cut into TCP segments at every offset and in
 * every small segment size, gives the same record (times aside).
 */
class SplitEverywhereTest {
    private static SessionRecord starttls(Function<Conversation, Conversation> cut) throws Exception {
        Conversation c = cut.apply(new Conversation());
        return c.handshake().server("220 mx.example.net ESMTP\r\n").client("EHLO client.example.org\r\n")
                .server("250-mx.example.net\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n")
                .client("STARTTLS\r\n").server("220 2.0.0 Ready to start TLS\r\n").googleTls().fin().end();
    }

    private static SessionRecord downgraded(Function<Conversation, Conversation> cut) {
        Conversation c = cut.apply(new Conversation());
        return c.handshake().server("220 mx.example.net ESMTP\r\n").client("EHLO client.example.org\r\n")
                .server("250-mx.example.net\r\n250-XXXXXXXA\r\n250 8BITMIME\r\n")
                .client("MAIL FROM:<a@example.org> SIZE=100\r\nRCPT TO:<b@example.net>\r\nDATA\r\n")
                .server("250 ok\r\n250 ok\r\n354 go\r\n").client("Subject: x\r\n\r\nhello\r\n.\r\n")
                .server("250 queued\r\n").client("STARTTLS\r\n").server("454 4.7.0 not now\r\n")
                .client("QUIT\r\n").server("221 bye\r\n").fin().end();
    }

    @Test
    void starttlsSessionSurvivesEverySplit() throws Exception {
        SessionRecord r = starttls(c -> c);
        assertTrue(r.tls().completed());
        assertEquals(3, r.tls().certificates().size());
        assertEquals(java.util.List.of(), r.findings());
        String whole = Conversation.describe(r);
        for (int size = 1; size <= 16; size++) {
            int s = size;
            assertEquals(whole, Conversation.describe(starttls(c -> { c.segmentSize = s; return c; })), "size " + s);
        }
        for (int at = 1; at <= 200; at++) {
            int a = at;
            assertEquals(whole, Conversation.describe(starttls(c -> { c.splitAt = a; return c; })), "split " + a);
        }
    }

    @Test
    void downgradedSessionSurvivesEverySplit() {
        SessionRecord r = downgraded(c -> c);
        assertTrue(r.has(FindingType.STARTTLS_CAPABILITY_GARBLED));
        assertTrue(r.has(FindingType.STARTTLS_REJECTED));
        String whole = Conversation.describe(r);
        for (int size = 1; size <= 32; size++) {
            int s = size;
            assertEquals(whole, Conversation.describe(downgraded(c -> { c.segmentSize = s; return c; })), "size " + s);
        }
        for (int at = 1; at <= 80; at++) {
            int a = at;
            assertEquals(whole, Conversation.describe(downgraded(c -> { c.splitAt = a; return c; })), "split " + a);
        }
    }
}
