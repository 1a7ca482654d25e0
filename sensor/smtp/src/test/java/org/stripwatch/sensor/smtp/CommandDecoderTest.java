package org.stripwatch.sensor.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommandDecoderTest {
    private final List<SmtpAnomaly> anomalies = new ArrayList<>();

    private SmtpCommand decode(String line) {
        return decode(SmtpConfig.DEFAULT, line);
    }

    private SmtpCommand decode(SmtpConfig config, String line) {
        return new CommandDecoder(config, (a, off, detail) -> anomalies.add(a)).decode(Lines.line(line), 5);
    }

    @ParameterizedTest
    @EnumSource(value = SmtpVerb.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void verbsMatchInAnyCase(SmtpVerb verb) {
        String mixed = verb.name().charAt(0) + verb.name().substring(1).toLowerCase();
        assertEquals(verb, decode(mixed + "\r\n").verb());
        assertEquals(verb, decode(verb.name().toLowerCase() + "\r\n").verb());
    }

    @Test
    void mixedCaseStarttlsKeepsItsSpelling() {
        SmtpCommand c = decode("staRttLs\r\n");
        assertEquals(SmtpVerb.STARTTLS, c.verb());
        assertEquals("staRttLs", c.verbText());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void starttlsWithAnArgumentIsStillStarttls() {
        assertEquals(SmtpVerb.STARTTLS, decode("STARTTLS foo\r\n").verb());
        assertEquals(List.of(SmtpAnomaly.COMMAND_UNEXPECTED_ARGUMENT), anomalies);
    }

    @Test
    void garbledVerbsAreUnknownAndBounded() {
        SmtpCommand c = decode("STARTTLX\r\n");
        assertEquals(SmtpVerb.UNKNOWN, c.verb());
        assertEquals("STARTTLX", c.verbText());
        assertEquals(32, decode("Y".repeat(100) + " z\r\n").verbText().length());
        assertNull(decode("XCLIENT ADDR=192.0.2.1\r\n").argument(), "unknown arguments are not kept");
    }

    @Test
    void mailFromKeepsTheLowercasedDomainOnly() {
        SmtpCommand c = decode("MAIL FROM:<Alice@Example.COM> SIZE=1234 BODY=8BITMIME\r\n");
        assertEquals("example.com", c.domain());
        assertNull(c.argument());
        assertEquals(1234, c.size());
        assertEquals(List.of(), anomalies);
    }

    @Test
    void fullAddressOnlyWhenConfigured() {
        assertEquals("Alice@Example.COM",
                decode(SmtpConfig.DEFAULT.withKeepAddresses(true), "MAIL FROM:<Alice@Example.COM>\r\n").argument());
    }

    @Test
    void pathVariants() {
        assertEquals("", decode("MAIL FROM:<>\r\n").domain(), "null reverse-path");
        assertEquals("b.example", decode("mail from: <a@B.example>\r\n").domain(), "lenient space");
        assertEquals("host.example", decode("RCPT TO:<@relay.example:user@Host.Example>\r\n").domain());
        assertEquals("c.example", decode("RCPT TO:<\"a@b\"@c.example>\r\n").domain());
        assertEquals("[192.0.2.1]", decode("RCPT TO:<x@[192.0.2.1]>\r\n").domain());
        assertNull(decode("RCPT TO:<Postmaster>\r\n").domain());
        assertEquals("d.example", decode("RCPT TO:x@d.example\r\n").domain(), "no brackets");
        assertEquals(List.of(), anomalies);
    }

    @Test
    void malformedPathsAreAnomalies() {
        assertNull(decode("MAIL <a@b.example>\r\n").domain());
        decode("RCPT TO:\r\n");
        decode("MAIL FROM:<a@b.example\r\n");
        assertEquals(List.of(SmtpAnomaly.COMMAND_SYNTAX_INVALID, SmtpAnomaly.COMMAND_SYNTAX_INVALID,
                SmtpAnomaly.COMMAND_SYNTAX_INVALID), anomalies);
        assertEquals(-1, decode("MAIL FROM:<a@b> SIZE=12x\r\n").size());
    }

    @Test
    void bdat() {
        SmtpCommand c = decode("BDAT 1000 LAST\r\n");
        assertEquals(1000, c.size());
        assertTrue(c.last());
        assertEquals(0, decode("bdat 0 last\r\n").size());
        assertEquals(List.of(), anomalies);
        assertEquals(-1, decode("BDAT x\r\n").size());
        assertEquals(-1, decode("BDAT 99999999999999999999\r\n").size());
        assertEquals(-1, decode("BDAT 5 FOO\r\n").size(), "no chunk follows an invalid BDAT line");
        assertEquals(3, anomalies.size());
        assertTrue(anomalies.stream().allMatch(a -> a == SmtpAnomaly.BDAT_SIZE_INVALID));
    }

    @Test
    void authKeepsOnlyTheMechanism() {
        SmtpCommand c = decode("AUTH PLAIN AHVzZXIAc2VjcmV0\r\n");
        assertEquals("PLAIN", c.argument());
        assertTrue(c.toString().indexOf("AHVz") < 0);
    }

    @Test
    void ehloKeepsTheClientDomainBounded() {
        assertEquals("client.example.net", decode("EHLO client.example.net\r\n").argument());
        assertEquals(256, decode("EHLO " + "a".repeat(300) + "\r\n").argument().length());
    }

    @Test
    void offsetsAndTimes() {
        SmtpCommand c = decode("NOOP\r\n");
        assertEquals(0, c.offset());
        assertEquals(5, c.timestampNanos());
    }
}
