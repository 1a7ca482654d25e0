package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingCommandsTest {
    private static SmtpCommand command(SmtpVerb verb) {
        return new SmtpCommand(verb, verb.name(), null, null, -1, false, 0, 0, 0);
    }

    @Test
    void overflowDropsTheOldestButKeepsItsSlot() {
        PendingCommands pending = new PendingCommands(2);
        assertFalse(pending.add(command(SmtpVerb.NOOP)));
        assertFalse(pending.add(command(SmtpVerb.MAIL)));
        assertTrue(pending.add(command(SmtpVerb.RCPT)));
        assertNull(pending.peek(250), "the dropped NOOP's reply");
        pending.pop();
        assertEquals(SmtpVerb.MAIL, pending.peek(250).verb());
        pending.pop();
        assertEquals(SmtpVerb.RCPT, pending.peek(250).verb());
        pending.pop();
        assertTrue(pending.isEmpty());
    }

    @Test
    void afterAGapADistinctiveCodeFindsItsCommand() {
        PendingCommands pending = new PendingCommands(8);
        pending.add(command(SmtpVerb.EHLO));
        pending.add(command(SmtpVerb.STARTTLS));
        pending.replyGap();
        assertEquals(SmtpVerb.STARTTLS, pending.peek(220).verb());
    }

    @Test
    void withoutAGapMatchingIsStrictlyFifo() {
        PendingCommands pending = new PendingCommands(8);
        pending.add(command(SmtpVerb.EHLO));
        pending.add(command(SmtpVerb.STARTTLS));
        assertEquals(SmtpVerb.EHLO, pending.peek(220).verb(), "an early 220 is a fact, not re-matched");
    }

    @Test
    void anAmbiguousCodeAfterAGapStaysFifo() {
        PendingCommands pending = new PendingCommands(8);
        pending.add(command(SmtpVerb.MAIL));
        pending.add(command(SmtpVerb.RCPT));
        pending.replyGap();
        assertEquals(SmtpVerb.MAIL, pending.peek(250).verb());
    }

    @Test
    void configRejectsNonPositiveLimits() {
        assertThrows(IllegalArgumentException.class, () -> SmtpConfig.DEFAULT.withMaxPendingCommands(0));
        assertThrows(IllegalArgumentException.class, () -> SmtpConfig.DEFAULT.withMaxLineLength(8));
        assertTrue(SmtpConfig.DEFAULT.maxLineLength() > SmtpConfig.DEFAULT.commandLineLimit());
        assertFalse(SmtpConfig.DEFAULT.keepAddresses());
    }
}
