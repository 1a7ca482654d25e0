package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpConversationTest {
    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void starttlsAcceptedHandsOffAtExactOffsets() {
        Wire w = Wire.run(Fixtures.starttlsAccepted());
        Recorder r = w.recorder;
        assertEquals("mx.google.com", r.greetings.get(0).host());
        SmtpEhloReply ehlo = r.ehlos.get(0);
        assertEquals("mx.google.com", ehlo.domain());
        assertEquals(List.of("SIZE", "8BITMIME", "STARTTLS", "ENHANCEDSTATUSCODES", "CHUNKING"),
                ehlo.capabilities().stream().map(SmtpCapability::keyword).toList());
        assertEquals("35882577", ehlo.capabilities().get(0).params());
        assertEquals(List.of("EHLO>250", "STARTTLS>220"), r.pairs());
        StartTlsHandoff h = r.handoffs.get(0);
        assertEquals(Fixtures.EHLO.length() + "STARTTLS\r\n".length(), h.clientTlsOffset());
        assertEquals(Fixtures.GREETING.length() + Fixtures.EHLO_REPLY.length() + 30, h.serverTlsOffset());
        assertEquals(0, h.heldClientBytes());
        assertEquals("2.0.0", h.reply().enhancedCode());
        assertEquals(hex(Fixtures.CLIENT_HELLO) + "[end FIN]", w.clientTls.seen.toString());
        assertEquals(hex(Fixtures.SERVER_HELLO) + "[end FIN]", w.serverTls.seen.toString());
        assertEquals(List.of(), r.anomalies);
        assertTrue(r.events.stream().anyMatch(e -> e.startsWith("first CLIENT_TO_SERVER@35 16030100")));
    }

    @Test
    void bytesAfterStarttlsAreHeldAndForwardedAsTheClientTlsStreamStart() {
        Wire w = Wire.run(Fixtures.starttlsHeldAndSameSegment());
        Recorder r = w.recorder;
        assertEquals(List.of(SmtpAnomaly.CLIENT_DATA_AFTER_STARTTLS), r.anomalyTypes());
        assertEquals("6 bytes: RSET\\x0d\\x0a", r.anomalies.get(0).detail());
        StartTlsHandoff h = r.handoffs.get(0);
        assertEquals(6, h.heldClientBytes());
        assertEquals("RSET\r\n", new String(h.heldPrefix(), StandardCharsets.ISO_8859_1));
        // RSET is not a command: the client direction belongs to TLS from the STARTTLS LF on
        assertEquals(List.of("EHLO", "STARTTLS"), r.verbs());
        assertEquals(hex("RSET\r\n" + Fixtures.CLIENT_HELLO) + "[end FIN]", w.clientTls.seen.toString());
        // the server's TLS bytes in the same segment as the 220 are forwarded from the 220's LF on
        assertEquals(hex(Fixtures.SERVER_HELLO) + "[end FIN]", w.serverTls.seen.toString());
    }

    @Test
    void rejectedStarttlsResumesSmtp() {
        Wire w = Wire.run(Fixtures.starttlsRejected());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO>250", "STARTTLS>454", "MAIL>250", "QUIT>221"), r.pairs());
        assertTrue(r.handoffs.isEmpty());
        assertNull(w.conversation.handoff());
        assertEquals("example.org", r.commands.get(2).domain());
        assertNull(r.commands.get(2).argument(), "addresses are not kept by default");
        assertEquals("4.7.0", r.transactions.get(1).reply().enhancedCode());
        assertEquals("", w.clientTls.seen.toString());
    }

    @Test
    void injectedCommandAfterStarttlsIsParsedWhenRejected() {
        Recorder r = Wire.run(Fixtures.starttlsInjectedThenRejected()).recorder;
        assertEquals(List.of(SmtpAnomaly.CLIENT_DATA_AFTER_STARTTLS), r.anomalyTypes());
        assertEquals(List.of("EHLO>250", "STARTTLS>454", "MAIL>250", "QUIT>221"), r.pairs());
        assertEquals("evil.example", r.commands.get(2).domain());
        assertEquals(Fixtures.EHLO.length() + "STARTTLS\r\n".length(), r.commands.get(2).offset());
    }

    @Test
    void ciscoMaskedCapabilityIsKeptAsSent() {
        Recorder r = Wire.run(Fixtures.ciscoGarbled()).recorder;
        SmtpEhloReply ehlo = r.ehlos.get(0);
        assertFalse(ehlo.has("STARTTLS"));
        assertTrue(ehlo.has("XXXXXXXA"));
        assertEquals(StartTlsResemblance.Kind.CISCO_MASK, StartTlsResemblance.of("XXXXXXXA").kind());
    }

    @Test
    void pipelinedCommandsAreMatchedFifoAndTheBodyIsSkipped() {
        Wire w = Wire.run(Fixtures.pipelinedData());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO>250", "MAIL>250", "RCPT>250", "RCPT>250", "DATA>354i", "DATA>250", "QUIT>221"),
                r.pairs());
        assertEquals("example.com", r.commands.get(1).domain());
        assertEquals(1234, r.commands.get(1).size());
        assertEquals("[192.0.2.1]", r.commands.get(3).domain());
        // "STARTTLS" inside the body is body text, not a command
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"), r.verbs());
        SmtpBody body = r.bodies.get(0);
        assertEquals("Subject: hi\r\n\r\nSTARTTLS\r\n..dot-stuffed\r\nlast line\r\n".length(), body.bytes());
        assertTrue(body.complete());
        assertEquals(List.of(), r.anomalies);
    }

    @Test
    void bdatChunksAreSkippedInTheReassembler() {
        Wire w = Wire.run(Fixtures.bdat());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "BDAT", "BDAT", "QUIT"), r.verbs());
        assertEquals(List.of("EHLO>250", "MAIL>250", "RCPT>250", "BDAT>250", "BDAT>250", "QUIT>221"), r.pairs());
        assertEquals(2, r.bodies.size());
        assertTrue(r.bodies.get(1).last());
        assertEquals(40, r.commands.get(4).size());
        // the first chunk was in the command's buffer; the second was skipped after its command line
        assertEquals(List.of(40L), w.client.skips);
        assertEquals(40, w.conversation.counters().get(SmtpCounter.BDAT_BYTES_SKIPPED));
        assertEquals(List.of(), r.anomalies);
    }

    @Test
    void bdatWithoutControlConsumesTheChunkFromDeliveries() {
        Wire w = new Wire(SmtpConfig.DEFAULT, false).play(Fixtures.bdat());
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "BDAT", "BDAT", "QUIT"), w.recorder.verbs());
        assertEquals(List.of(), w.client.skips);
    }

    @Test
    void authExchangeIsNeverStored() {
        Wire w = Wire.run(Fixtures.authLogin());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO", "AUTH", "AUTH", "MAIL"), r.verbs());
        assertEquals(List.of("EHLO>250", "AUTH>334i", "AUTH>334i", "AUTH>235", "AUTH>503", "MAIL>250"), r.pairs());
        assertEquals("LOGIN", r.commands.get(1).argument());
        assertEquals("PLAIN", r.commands.get(2).argument());
        String all = String.join("\n", r.events);
        assertFalse(all.contains("dXNlcm5hbWU="), all);
        assertFalse(all.contains("c2VjcmV0cGFzcw"), all);
        assertFalse(all.contains("AHVzZXIAc2VjcmV0"), all);
        assertEquals(2, w.conversation.counters().get(SmtpCounter.AUTH_LINES));
    }

    @Test
    void bareLfPipelinedMixedCaseStarttls() {
        Wire w = Wire.run(Fixtures.rsetStarttlsBareLf());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO", "RSET", "STARTTLS"), r.verbs());
        assertEquals("staRttLs", r.commands.get(2).verbText());
        assertEquals(List.of("EHLO>250", "RSET>250", "STARTTLS>220"), r.pairs());
        assertEquals(19, r.handoffs.get(0).clientTlsOffset());
        assertEquals(12, r.handoffs.get(0).serverTlsOffset());
        assertTrue(r.anomalyTypes().contains(SmtpAnomaly.GREETING_MISSING));
        assertEquals(6, r.anomalyTypes().stream().filter(a -> a == SmtpAnomaly.BARE_LF).count());
    }

    @Test
    void crlfPipelinedMixedCaseStarttls() {
        Wire w = Wire.run(Fixtures.rsetStarttlsCrlf());
        assertEquals(List.of("EHLO>250", "RSET>250", "STARTTLS>220"), w.recorder.pairs());
        assertEquals(1, w.recorder.handoffs.size());
        assertEquals(List.of(), w.recorder.anomalies);
        assertEquals(hex(Fixtures.CLIENT_HELLO) + "[end FIN]", w.clientTls.seen.toString());
    }

    @Test
    void garbledClientStarttlsIsAnUnknownVerbKeptAsSent() {
        Recorder r = Wire.run(Fixtures.garbledCommand()).recorder;
        SmtpCommand garbled = r.commands.get(1);
        assertEquals(SmtpVerb.UNKNOWN, garbled.verb());
        assertEquals("XXXXXXXX", garbled.verbText());
        assertEquals(StartTlsResemblance.Kind.MASKED, StartTlsResemblance.of(garbled.verbText()).kind());
        assertEquals(List.of("EHLO>250", "UNKNOWN>500", "QUIT>221"), r.pairs());
    }

    @Test
    void smugglingLookAlikeInBodyIsRecordedAndTheBodyContinues() {
        Recorder r = Wire.run(Fixtures.smuggling()).recorder;
        assertEquals(List.of("HELO", "MAIL", "RCPT", "DATA"), r.verbs(), "the smuggled MAIL is body");
        assertTrue(r.anomalyTypes().contains(SmtpAnomaly.BODY_NONSTANDARD_TERMINATOR));
        assertTrue(r.anomalyTypes().contains(SmtpAnomaly.BARE_LF));
        assertEquals(List.of("HELO>250", "MAIL>250", "RCPT>250", "DATA>354i", "DATA>250"), r.pairs());
    }

    @Test
    void gapsResynchroniseAndA220AfterAServerGapFindsItsStarttls() {
        Wire w = Wire.run(Fixtures.gaps());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO", "NOOP", "EHLO", "STARTTLS"), r.verbs());
        assertEquals(List.of("EHLO>250", "NOOP>250", "STARTTLS>220"), r.pairs());
        assertEquals(List.of(SmtpAnomaly.GAP, SmtpAnomaly.GAP), r.anomalyTypes());
        assertEquals(hex(Fixtures.CLIENT_HELLO) + "[end FIN]", w.clientTls.seen.toString());
    }

    @Test
    void midStreamStartResynchronises() {
        Recorder r = Wire.run(Fixtures.midStream()).recorder;
        assertEquals(List.of("RCPT"), r.verbs());
        assertEquals("w.example", r.commands.get(0).domain());
        assertEquals(List.of("RCPT>250", "->250"), r.pairs());
        assertEquals(List.of(SmtpAnomaly.MID_STREAM_START, SmtpAnomaly.MID_STREAM_START,
                SmtpAnomaly.REPLY_WITHOUT_COMMAND), r.anomalyTypes());
        assertTrue(r.greetings.isEmpty());
    }

    @Test
    void overlongLineKeepsItsHeadAndParsingGoesOn() {
        Wire w = Wire.run(Fixtures.overlong());
        Recorder r = w.recorder;
        assertEquals(List.of("EHLO", "NOOP"), r.verbs());
        assertEquals(List.of(SmtpAnomaly.LINE_TOO_LONG), r.anomalyTypes());
        assertEquals(5005 - 4096, w.conversation.counters().get(SmtpCounter.LINE_BYTES_DISCARDED));
        assertEquals(256, r.commands.get(0).argument().length());
    }

    @Test
    void keepAddressesKeepsTheFullAddress() {
        Wire w = new Wire(SmtpConfig.DEFAULT.withKeepAddresses(true), true).play(Fixtures.starttlsRejected());
        assertEquals("alice@Example.ORG", w.recorder.commands.get(2).argument());
    }

    @Test
    void unansweredStarttlsIsVisibleAtTheEnd() {
        Wire w = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("EHLO x\r\n"), Wire.s("250-mx\r\n250 STARTTLS\r\n"),
                Wire.c("STARTTLS\r\n"), new Wire.End(Wire.S, org.stripwatch.sensor.reassembly.EndReason.RST),
                new Wire.End(Wire.C, org.stripwatch.sensor.reassembly.EndReason.RST)));
        assertEquals(List.of(SmtpVerb.STARTTLS),
                w.conversation.unansweredCommands().stream().map(SmtpCommand::verb).toList());
    }

    @Test
    void pendingCommandOverflowKeepsRepliesAligned() {
        SmtpConfig config = SmtpConfig.DEFAULT.withMaxPendingCommands(2);
        Wire w = new Wire(config, true).play(List.of(Wire.s("220 mx\r\n"), Wire.c("NOOP\r\nNOOP\r\nRSET\r\nQUIT\r\n"),
                Wire.s("250 a\r\n250 b\r\n250 c\r\n221 d\r\n")));
        assertEquals(List.of("->250", "->250", "RSET>250", "QUIT>221"), w.recorder.pairs());
        assertEquals(2, w.conversation.counters().get(SmtpCounter.PENDING_COMMANDS_DROPPED));
        assertEquals(List.of(SmtpAnomaly.PENDING_COMMANDS_OVERFLOW, SmtpAnomaly.PENDING_COMMANDS_OVERFLOW),
                w.recorder.anomalyTypes());
    }

    @Test
    void oneSidedClientCaptureTreatsDataAsBody() {
        Recorder r = Wire.run(List.of(Wire.c("EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n"),
                Wire.c("STARTTLS\r\nhello\r\n.\r\nQUIT\r\n"), Wire.end(Wire.C))).recorder;
        assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "QUIT"), r.verbs());
    }

    @Test
    void oneSidedServerCaptureInfersTheEhloReply() {
        Recorder r = Wire.run(List.of(Wire.s(Fixtures.GREETING), Wire.s(Fixtures.EHLO_REPLY), Wire.end(Wire.S))).recorder;
        assertTrue(r.ehlos.get(0).inferred());
        assertTrue(r.ehlos.get(0).has("STARTTLS"));
    }

    @Test
    void starttlsInTheGreetingIsGreetingText() {
        Recorder r = Wire.run(List.of(Wire.s("220-mx.example ESMTP\r\n220-STARTTLS\r\n220 ready\r\n"),
                Wire.c("EHLO x\r\n"), Wire.s("250-mx.example\r\n250 PIPELINING\r\n"))).recorder;
        assertEquals("mx.example", r.greetings.get(0).host());
        assertEquals(List.of("mx.example ESMTP", "STARTTLS", "ready"), r.greetings.get(0).reply().lines());
        assertFalse(r.ehlos.get(0).has("STARTTLS"));
        assertEquals(List.of("EHLO>250"), r.pairs());
    }

    @Test
    void heldBytesOverTheLimitArePassedOnAsAGap() {
        Wire w = new Wire(SmtpConfig.DEFAULT.withMaxHeldBytes(4), true).play(List.of(Wire.s("220 mx\r\n"),
                Wire.c("STARTTLS\r\nRSET\r\nNOOP\r\n"), Wire.s("220 go\r\n"), Wire.c("\u0016"), Wire.end(Wire.C)));
        assertEquals(hex("RSET") + "[gap 8]" + hex("\u0016") + "[end FIN]", w.clientTls.seen.toString());
        assertEquals(8, w.conversation.counters().get(SmtpCounter.HELD_BYTES_DROPPED));
        assertEquals(12, w.recorder.handoffs.get(0).heldClientBytes());
    }

    @Test
    void clientEndWhileWaitingForTheReplyReachesTheTlsConsumer() {
        Wire w = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("STARTTLS\r\n"), Wire.gap(Wire.C, 3),
                Wire.end(Wire.C), Wire.s("220 go\r\n"), Wire.end(Wire.S)));
        assertEquals("[gap 3][end FIN]", w.clientTls.seen.toString());
        assertEquals("[end FIN]", w.serverTls.seen.toString());
    }

    @Test
    void clientEndWhileWaitingThenRejectionFinishesSmtp() {
        Wire w = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("STARTTLS\r\nQUIT\r\nNOO"), Wire.end(Wire.C),
                Wire.s("502 no\r\n221 bye\r\n"), Wire.end(Wire.S)));
        Recorder r = w.recorder;
        assertEquals(List.of("STARTTLS>502", "QUIT>221"), r.pairs());
        assertEquals(List.of(SmtpAnomaly.CLIENT_DATA_AFTER_STARTTLS, SmtpAnomaly.INCOMPLETE_AT_END), r.anomalyTypes());
        assertEquals(1, r.events.stream().filter(e -> e.startsWith("end CLIENT_TO_SERVER")).count());
    }

    @Test
    void theDeliveredBufferIsLeftAsItWas() {
        SmtpConversation conversation = new SmtpConversation(SmtpConfig.DEFAULT, new Recorder());
        io.netty.buffer.ByteBuf in = Lines.buf("220 mx\r\n250-x");
        in.readerIndex(1);
        conversation.server().onData(in, 0);
        assertEquals(1, in.readerIndex());
        assertEquals(in.capacity(), in.writerIndex());
    }

    @Test
    void anomalyReportsAreCappedButCounted() {
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            garbage.append("junk\r\n");
        }
        Wire w = Wire.run(List.of(Wire.s("220 mx\r\n" + garbage)));
        assertEquals(32, w.recorder.anomalies.size());
        assertEquals(100, w.conversation.counters().anomalies(SmtpAnomaly.REPLY_CODE_INVALID));
        assertEquals(68, w.conversation.counters().get(SmtpCounter.ANOMALY_REPORTS_SUPPRESSED));
    }

    @Test
    void anEhloReplyCutByAGapIsMarkedIncomplete() {
        Recorder r = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("EHLO x\r\n"), Wire.s("250-mx\r\n250-SI"),
                Wire.gap(Wire.S, 10), Wire.s("ZE\r\n250-PIPELINING\r\n250 8BITMIME\r\n"))).recorder;
        SmtpEhloReply ehlo = r.ehlos.get(0);
        assertFalse(ehlo.complete());
        assertTrue(ehlo.reply().afterGap());
        assertTrue(Wire.run(Fixtures.starttlsAccepted()).recorder.ehlos.get(0).complete());
    }

    @Test
    void firstBytesAfterTheHandoffAreReportedWhateverTheyAre() {
        Recorder r = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("STARTTLS\r\n"), Wire.s("220 go\r\n"),
                Wire.c("EHLO x\r\nMAIL FROM:<a@b.example>\r\n"), Wire.end(Wire.C), Wire.end(Wire.S))).recorder;
        assertTrue(r.events.contains("first CLIENT_TO_SERVER@10 " + hex("EHLO x\r\nMAIL FRO") + " ts=5000"), r.events.toString());
    }

    @Test
    void aMidStreamAuthExchangeKeepsNoCredential() {
        Wire w = Wire.run(List.of(Wire.gap(Wire.C, 50), Wire.gap(Wire.S, 50), Wire.c("xx\r\n"),
                Wire.s("334 UGFzc3dvcmQ6\r\n"), Wire.c("c2VjcmV0cGFzcw==\r\n"), Wire.s("235 ok\r\n"),
                Wire.c("MAIL FROM:<a@b.example>\r\n"), Wire.s("250 ok\r\n")));
        String all = String.join("\n", w.recorder.events);
        assertFalse(all.contains("c2VjcmV0cGFzcw"), all);
        assertEquals(List.of("MAIL"), w.recorder.verbs());
        assertEquals(1, w.conversation.counters().get(SmtpCounter.AUTH_LINES));
    }

    @Test
    void unknownTokensThatAreNotVerbLikeAreNotKept() {
        Recorder r = Wire.run(List.of(Wire.c("c2VjcmV0cGFzcw==\r\nXXXXXXXA\r\nX-FOO bar\r\n"))).recorder;
        assertEquals(List.of("", "XXXXXXXA", "X-FOO"), r.commands.stream().map(SmtpCommand::verbText).toList());
    }

    @Test
    void authPipelinedAfterEhloStaysInTheExchange() {
        Wire w = Wire.run(List.of(Wire.s("220 mx\r\n"), Wire.c("EHLO x\r\nAUTH LOGIN\r\n"),
                Wire.s("250 mx\r\n334 VXNlcm5hbWU6\r\n"), Wire.c("YWxpY2Vi\r\n"), Wire.s("334 UGFzc3dvcmQ6\r\n"),
                Wire.c("cGFzcw==\r\n"), Wire.s("235 ok\r\n"), Wire.c("QUIT\r\n"), Wire.s("221 bye\r\n")));
        String all = String.join("\n", w.recorder.events);
        assertFalse(all.contains("YWxpY2Vi"), all);
        assertEquals(List.of("EHLO", "AUTH", "QUIT"), w.recorder.verbs());
        assertEquals(List.of("EHLO>250", "AUTH>334i", "AUTH>334i", "AUTH>235", "QUIT>221"), w.recorder.pairs());
    }

    @Test
    void historyStrings() {
        assertEquals("gE2S2T", Wire.run(Fixtures.starttlsAccepted()).conversation.history());
        assertEquals("gE2S4M2Q2", Wire.run(Fixtures.starttlsRejected()).conversation.history());
        assertEquals("gE2MRRD2223bQ22", Wire.run(Fixtures.pipelinedData()).conversation.history());
        assertEquals("gE2MRBcBc2222Q2", Wire.run(Fixtures.bdat()).conversation.history());
        assertEquals("gE#N22E#S2T", Wire.run(Fixtures.gaps()).conversation.history());
    }
}
