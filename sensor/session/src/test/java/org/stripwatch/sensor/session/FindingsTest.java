package org.stripwatch.sensor.session;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every finding type: a conversation that triggers it, and a benign look-alike that must not.
 * Conversations run through the real flow table, SMTP and TLS parsers.
 */
class FindingsTest {
    private static final String GREETING = "220 mx.example.net ESMTP ready\r\n";
    private static final String EHLO = "EHLO client.example.org\r\n";
    private static final String EHLO_TLS = "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-STARTTLS\r\n250 8BITMIME\r\n";
    private static final String EHLO_PLAIN = "250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250 8BITMIME\r\n";

    private static Conversation hello(String ehloReply) {
        return new Conversation().handshake().server(GREETING).client(EHLO).server(ehloReply);
    }

    private static List<FindingType> types(SessionRecord r) {
        return r.findings().stream().map(Finding::type).toList();
    }

    private static Finding only(SessionRecord r, FindingType t) {
        return r.findings().stream().filter(f -> f.type() == t).findFirst()
                .orElseThrow(() -> new AssertionError("no " + t + " in " + r.findings()));
    }

    @Test
    void cleanStarttlsSessionHasNoFindings() throws Exception {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 2.0.0 Ready to start TLS\r\n")
                .googleTls().fin().end();
        assertEquals(List.of(), r.findings());
        assertTrue(r.starttls().offered() && r.starttls().attempted());
        assertEquals(220, r.starttls().replyCode());
        assertTrue(r.tls().completed());
        assertEquals("TLSv1.2".length(), org.stripwatch.sensor.tls.TlsNames.version(r.tls().version()).length());
        assertEquals(3, r.tls().certificates().size());
        assertEquals("mx.example.net", r.bannerHost());
    }

    @Test
    void starttlsNotOffered() {
        SessionRecord r = hello(EHLO_PLAIN).client("QUIT\r\n").server("221 bye\r\n").fin().end();
        assertEquals(List.of(FindingType.STARTTLS_NOT_OFFERED), types(r));
        assertFalse(r.starttls().offered());
        assertTrue(r.ehloReplyComplete());
    }

    @Test
    void benignIncompleteEhloReplyIsNotANonOffer() {
        // The capture ends in the middle of the EHLO reply: nothing can be said about STARTTLS.
        SessionRecord r = hello("250-mx.example.net\r\n250-PIPELINING\r\n").end();
        assertFalse(r.has(FindingType.STARTTLS_NOT_OFFERED), r.findings().toString());
    }

    @Test
    void capabilityGarbledLikeCiscoAsa() {
        SessionRecord r = hello(EHLO_TLS.replace("250-STARTTLS", "250-XXXXXXXA"))
                .client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n").fin().end();
        Finding f = only(r, FindingType.STARTTLS_CAPABILITY_GARBLED);
        assertEquals("XXXXXXXA", f.evidence().get("token"));
        assertFalse(r.has(FindingType.STARTTLS_NOT_OFFERED), "a garbled offer is not a plain non-offer");
    }

    @Test
    void capabilityOverwrittenWithRandomLettersOfTheSameLength() {
        SessionRecord r = hello(EHLO_TLS.replace("250-STARTTLS", "250-QZJWKVPA")).client("QUIT\r\n").fin().end();
        assertEquals("same_length_unknown_keyword",
                only(r, FindingType.STARTTLS_CAPABILITY_GARBLED).evidence().get("resemblance"));
    }

    @Test
    void benignKnownEightLetterExtensionWithoutStarttlsIsAPlainNonOffer() {
        SessionRecord r = hello("250-mx.example.net\r\n250-XFORWARD NAME ADDR\r\n250-SMTPUTF8\r\n250 CHUNKING\r\n")
                .client("QUIT\r\n").fin().end();
        assertEquals(List.of(FindingType.STARTTLS_NOT_OFFERED), types(r));
    }

    @Test
    void benignCapabilitiesThatMerelyLookLongAreNotGarbled() {
        SessionRecord r = hello("250-mx.example.net\r\n250-SMTPUTF8\r\n250-CHUNKING\r\n250-XCLIENT NAME\r\n"
                + "250-STARTTLS\r\n250 ENHANCEDSTATUSCODES\r\n").client("QUIT\r\n").fin().end();
        assertFalse(r.has(FindingType.STARTTLS_CAPABILITY_GARBLED), r.findings().toString());
    }

    @Test
    void commandGarbledAnswered500() {
        SessionRecord r = hello(EHLO_TLS).client("XXXXXXXX\r\n").server("500 5.5.2 Error: command not recognized\r\n")
                .client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n").fin().end();
        Finding f = only(r, FindingType.STARTTLS_COMMAND_GARBLED);
        assertEquals("500", f.evidence().get("reply_code"));
        // On this wire the client never sent STARTTLS: that stays a fact of its own.
        assertTrue(r.has(FindingType.STARTTLS_OFFERED_NOT_USED));
    }

    @Test
    void benignUnknownCommandIsNotAGarbledStarttls() throws Exception {
        SessionRecord r = hello(EHLO_TLS).client("XFORWARD NAME=x\r\n").server("502 5.5.2 unknown\r\n")
                .client("STARTTLS\r\n").server("220 go ahead\r\n").googleTls().fin().end();
        assertFalse(r.has(FindingType.STARTTLS_COMMAND_GARBLED), r.findings().toString());
    }

    @Test
    void rejectedWith454CarriesInjectionEvidence() {
        Conversation c = hello(EHLO_TLS).client("STARTTLS\r\n");
        c.stepNanos = 1_000_000; // the reply comes 1 ms after the command: faster than the 20 ms server RTT
        SessionRecord r = c.forgedServer("454 4.7.0 TLS not available due to local problem\r\n", 61, 7, true)
                .client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n").fin().end();
        Finding f = only(r, FindingType.STARTTLS_REJECTED);
        assertEquals("454", f.evidence().get("reply_code"));
        assertEquals("4.7.0", f.evidence().get("enhanced_code"));
        assertEquals("61", f.evidence().get("ttl"));
        assertEquals("52", f.evidence().get("median_ttl"));
        assertEquals("true", f.evidence().get("ttl_differs"));
        assertEquals("true", f.evidence().get("faster_than_server_rtt"));
        assertTrue(r.has(FindingType.CLEARTEXT_MAIL_TRANSACTION));
    }

    @Test
    void benignAcceptedStarttlsIsNotRejected() throws Exception {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n").googleTls().end();
        assertFalse(r.has(FindingType.STARTTLS_REJECTED));
    }

    @Test
    void offeredNotUsed() {
        SessionRecord r = hello(EHLO_TLS).client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n")
                .client("RCPT TO:<b@example.net>\r\n").server("250 ok\r\n").fin().end();
        assertTrue(r.has(FindingType.STARTTLS_OFFERED_NOT_USED));
        assertEquals(List.of("example.org"), r.mail().mailFromDomains());
        assertEquals(List.of("example.net"), r.mail().rcptDomains());
    }

    @Test
    void benignOfferedThenQuitIsNotUse() {
        SessionRecord r = hello(EHLO_TLS).client("QUIT\r\n").server("221 bye\r\n").fin().end();
        assertEquals(List.of(), r.findings());
    }

    @Test
    void ehloRefusedThenHelo() {
        SessionRecord r = new Conversation().handshake().server(GREETING).client(EHLO)
                .server("502 5.5.1 command not implemented\r\n").client("HELO client.example.org\r\n")
                .server("250 mx.example.net\r\n").client("QUIT\r\n").fin().end();
        assertEquals(List.of(FindingType.EHLO_DOWNGRADED_TO_HELO), types(r));
    }

    /** Behind the attacker: the server answered EHLO, yet the client said HELO next. */
    @Test
    void heloAfterASuccessfulEhloIsADowngradeToo() {
        SessionRecord r = hello(EHLO_TLS).client("HELO client.example.org\r\n").server("250 mx.example.net\r\n")
                .client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n").fin().end();
        assertTrue(r.has(FindingType.EHLO_DOWNGRADED_TO_HELO));
        assertTrue(r.has(FindingType.STARTTLS_OFFERED_NOT_USED));
    }

    @Test
    void benignHeloFromTheStartIsNoDowngrade() {
        SessionRecord r = new Conversation().handshake().server(GREETING).client("HELO old.example.org\r\n")
                .server("250 mx.example.net\r\n").client("QUIT\r\n").fin().end();
        assertFalse(r.has(FindingType.EHLO_DOWNGRADED_TO_HELO));
    }

    @Test
    void cleartextAfter220IsNotTls() {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n").client(EHLO)
                .server(EHLO_TLS).fin().end();
        Finding f = only(r, FindingType.TLS_NOT_STARTED_AFTER_220);
        assertEquals("client", f.evidence().get("direction"));
        assertTrue(f.detail().contains("EHLO client.example.org"), f.detail());
    }

    @Test
    void nothingFromTheClientAfter220IsNotTlsEither() {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n").fin().end();
        assertEquals(List.of(FindingType.TLS_NOT_STARTED_AFTER_220), types(r));
    }

    @Test
    void resetRightAfterTheClientHello() throws Exception {
        List<String[]> tls = Conversation.googleTlsLines();
        Conversation c = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n");
        c.send(true, java.util.HexFormat.of().parseHex(tls.get(0)[1])); // the ClientHello only
        SessionRecord r = c.rst(false, 64, 1).end();
        Finding f = only(r, FindingType.TLS_HANDSHAKE_RESET);
        assertEquals("server", f.evidence().get("sender"));
        assertEquals("client_hello", f.evidence().get("after"));
        assertEquals("exact", f.evidence().get("seq_match"));
        assertEquals("true", f.evidence().get("ttl_differs"));
        assertFalse(r.has(FindingType.TLS_HANDSHAKE_INCOMPLETE));
    }

    @Test
    void benignResetAfterTheHandshakeCompleted() throws Exception {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n").googleTls()
                .rst(true, 64, 1).end();
        assertFalse(r.has(FindingType.TLS_HANDSHAKE_RESET), r.findings().toString());
    }

    @Test
    void handshakeEndedByFin() throws Exception {
        List<String[]> tls = Conversation.googleTlsLines();
        Conversation c = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n");
        c.send(true, java.util.HexFormat.of().parseHex(tls.get(0)[1]));
        SessionRecord r = c.fin().end();
        Finding f = only(r, FindingType.TLS_HANDSHAKE_INCOMPLETE);
        assertEquals("fin", f.evidence().get("ended_by"));
    }

    @Test
    void benignCompletedHandshakeThenFin() throws Exception {
        SessionRecord r = hello(EHLO_TLS).client("STARTTLS\r\n").server("220 ready\r\n").googleTls().fin().end();
        assertFalse(r.has(FindingType.TLS_HANDSHAKE_INCOMPLETE));
    }

    @Test
    void cleartextMailTransaction() {
        SessionRecord r = hello(EHLO_PLAIN).client("MAIL FROM:<a@example.org>\r\n").server("250 ok\r\n")
                .client("RCPT TO:<b@example.net>\r\n").server("250 ok\r\n").client("DATA\r\n")
                .server("354 go\r\n").client("Subject: hi\r\n\r\nbody\r\n.\r\n").server("250 queued\r\n").fin().end();
        Finding f = only(r, FindingType.CLEARTEXT_MAIL_TRANSACTION);
        assertEquals("1", f.evidence().get("transactions"));
        assertEquals(1, r.mail().messages());
        assertTrue(r.mail().inCleartext());
    }

    @Test
    void overlapConflictOfAnInjectedReplyRacingTheRealOne() {
        Conversation c = hello(EHLO_TLS).client("STARTTLS\r\n");
        // An on-path injector's 454 arrives first; the real server's 220 follows at the same sequence numbers.
        c.forgedServer("454 4.7.0 TLS not available\r\n", 60, 9, false);
        SessionRecord r = c.server("220 2.0.0 Ready to start TLS\r\n").fin().end();
        Finding o = only(r, FindingType.SEGMENT_OVERLAP_CONFLICT);
        assertEquals("60", o.evidence().get("first_ttl"));
        assertEquals("52", o.evidence().get("later_ttl"));
        Finding rej = only(r, FindingType.STARTTLS_REJECTED);
        assertEquals("454", rej.evidence().get("reply_code"));
    }

    @Test
    void benignIdenticalRetransmissionIsNoConflict() {
        Conversation c = hello(EHLO_TLS).client("STARTTLS\r\n");
        c.forgedServer("220 2.0.0 Ready\r\n", 52, 9, false);
        SessionRecord r = c.server("220 2.0.0 Ready\r\n").end();
        assertFalse(r.has(FindingType.SEGMENT_OVERLAP_CONFLICT));
    }
}
