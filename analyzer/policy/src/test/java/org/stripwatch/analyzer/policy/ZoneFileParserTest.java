package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZoneFileParserTest {
    private static final String H = "8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1";

    private static Parsed<ZoneFileParser.Zone> parse(String text) {
        return ZoneFileParser.parse("dane.zone", text, PolicyLimits.DEFAULTS);
    }

    @Test
    void syntaxVariants() {
        String zone = "$ORIGIN example.com.\n$TTL 1h\n"
                + "_25._tcp.mx  IN TLSA 3 1 1 " + H + " ; comment\n"
                + "             300 IN TLSA ( 2 0 1\n  " + H.substring(0, 32) + "\n  " + H.substring(32) + " )\n"
                + "_25._tcp.mx2.example.org. IN 60 TLSA DANE-EE SPKI SHA2-256 " + H.toUpperCase() + "\n"
                + "@ IN MX 10 mx\n"
                + "_25._tcp.mx3 TYPE52 \\# 5 030100abcd\n";
        Parsed<ZoneFileParser.Zone> p = parse(zone);
        assertTrue(p.ok(), p.problems().toString());
        List<TlsaRecord> r = p.values().get(0).tlsa();
        assertEquals(4, r.size());
        assertEquals("mx.example.com", r.get(0).host());
        assertEquals(25, r.get(0).port());
        assertEquals(3600, r.get(0).ttl());
        assertEquals(3, r.get(0).source().line());
        assertEquals("mx.example.com", r.get(1).host());
        assertEquals(300, r.get(1).ttl());
        assertEquals(2, r.get(1).usage());
        assertEquals(H, r.get(1).dataHex());
        assertEquals(4, r.get(1).source().line());
        assertEquals("mx2.example.org", r.get(2).host());
        assertEquals(60, r.get(2).ttl());
        assertEquals(3, r.get(2).usage());
        assertEquals(1, r.get(2).selector());
        assertEquals("abcd", r.get(3).dataHex());
        assertEquals(0, r.get(3).matchingType(), "generic rdata read as 3 1 0");
        assertEquals(1, p.values().get(0).otherRecords());
    }

    @Test
    void pkixUsageIsRecordedButUnusable() {
        Parsed<ZoneFileParser.Zone> p = parse("_25._tcp.mx.example. 3600 IN TLSA 1 1 1 " + H + "\n");
        assertTrue(p.ok());
        assertFalse(p.values().get(0).tlsa().get(0).usable());
        assertEquals("dane.zone:1: warning: TLSA usage 1 (PKIX-EE) is unusable for SMTP; recorded, not applied (RFC 7672 §3.1.3)",
                p.problems().get(0).toString());
        List<Expectation> e = Expectations.fromTlsa(p.values().get(0).tlsa());
        assertEquals(Strength.ENCRYPT, e.get(0).strength(), "TLSA present but unusable: TLS still mandatory (RFC 7672 §2.2)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "_25._tcp.mx.example. IN TLSA 3 1 1 abc|1: TLSA data is not hexadecimal (RFC 6698 §2.2)",
        "_25._tcp.mx.example. IN TLSA 3 1 1 zz|1: TLSA data is not hexadecimal (RFC 6698 §2.2)",
        "_25._tcp.mx.example. IN TLSA 3 1 1 abcd|1: TLSA matching type 1 needs 32 bytes of data, got 2 (RFC 6698 §2.1.3)",
        "_25._tcp.mx.example. IN TLSA 3 1 2 " + H + "|1: TLSA matching type 2 needs 64 bytes of data, got 32 (RFC 6698 §2.1.3)",
        "_25._tcp.mx.example. IN TLSA 3 1|1: TLSA needs usage, selector, matching type and data (RFC 6698 §2.2), got 2 fields",
        "_25._tcp.mx.example. IN TLSA 256 1 1 " + H + "|1: invalid TLSA usage \"256\" (0..255 or an RFC 7218 mnemonic)",
        "_25._tcp.mx.example. IN TLSA DANE-XX 1 1 " + H + "|1: invalid TLSA usage \"DANE-XX\" (0..255 or an RFC 7218 mnemonic)",
        "mx.example. IN TLSA 3 1 1 " + H + "|1: TLSA owner \"mx.example\" is not _port._tcp.host (RFC 6698 §3)",
        "_99999._tcp.mx.example. IN TLSA 3 1 1 " + H + "|1: TLSA owner \"_99999._tcp.mx.example\" is not _port._tcp.host (RFC 6698 §3)",
        "_25._tcp.mx.example. CH TLSA 3 1 1 " + H + "|1: TLSA record in class CH (expected IN)",
        "$INCLUDE other.zone|1: $INCLUDE is not supported in policy zone files; list each file instead",
        "$TTL forever|1: invalid $TTL \"forever\"",
        "$FOO bar|1: unknown or malformed directive \"$FOO\"",
        "\\s IN TLSA 3 1 1 " + H + "|1: record without owner name and no previous owner",
        "_25._tcp.mx.example. IN TLSA ( 3 1 1|1: unclosed \"(\" at end of file",
        "_25._tcp.mx.example. IN TLSA 3 1 1 ) " + H + "|1: \")\" without \"(\"",
        "; ok\\n_25._tcp.b..example. IN TLSA 3 1 1 " + H + "|2: invalid owner name \"_25._tcp.b..example.\"",
        "_25._tcp.mx.example. 3600|1: record has no type",
    })
    void errorsNameFileAndLine(String text, String expected) {
        Parsed<ZoneFileParser.Zone> p = parse(text.replace("\\n", "\n").replace("\\s", "  "));
        assertFalse(p.ok());
        List<String> msgs = p.problems().stream().map(ParseProblem::toString).toList();
        assertTrue(msgs.contains("dane.zone:" + expected), () -> msgs.toString());
    }

    @Test
    void ttlUnits() {
        assertEquals(5400, ZoneFileParser.ttl("1h30m"));
        assertEquals(172800, ZoneFileParser.ttl("2D"));
        assertEquals(-1, ZoneFileParser.ttl("h"));
        assertEquals(-1, ZoneFileParser.ttl("99999999999"));
    }

    @Test
    void entryLimitCounted() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) b.append("_25._tcp.mx").append(i).append(".example. IN TLSA 3 1 1 ").append(H).append('\n');
        Parsed<ZoneFileParser.Zone> p = ZoneFileParser.parse("z", b.toString(), PolicyLimits.DEFAULTS.withMaxEntriesPerFile(5));
        assertEquals(5, p.values().get(0).tlsa().size());
        assertTrue(p.problems().stream().anyMatch(x -> x.kind() == ProblemKind.TOO_MANY_ENTRIES));
    }
}
