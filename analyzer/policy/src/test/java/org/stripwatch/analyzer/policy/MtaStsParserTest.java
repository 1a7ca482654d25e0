package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtaStsParserTest {
    private static final String FILE = "policies/mta-sts.txt";

    private static Parsed<MtaStsPolicy> parse(String text) {
        return MtaStsParser.parsePolicy(FILE, "example.com", text, PolicyLimits.DEFAULTS);
    }

    private static List<String> messages(Parsed<?> p) {
        return p.problems().stream().map(ParseProblem::toString).toList();
    }

    @Test
    void rfc8461Example() {
        // RFC 8461 §3.2 example policy, CRLF as served over HTTPS
        Parsed<MtaStsPolicy> p = parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\n"
                + "mx: backupmx.example.com\r\nmax_age: 604800\r\n");
        assertTrue(p.ok(), messages(p).toString());
        assertTrue(p.problems().isEmpty());
        MtaStsPolicy pol = p.values().get(0);
        assertEquals("example.com", pol.domain());
        assertEquals(MtaStsMode.ENFORCE, pol.mode());
        assertEquals(604800, pol.maxAge());
        assertEquals(List.of("mail.example.com", "*.example.net", "backupmx.example.com"),
                pol.mx().stream().map(MxPattern::toString).toList());
        assertTrue(pol.mxMatches("MX1.example.NET."));
        assertFalse(pol.mxMatches("a.b.example.net"));
        assertFalse(pol.mxMatches("example.net"));
    }

    @Test
    void lfOnlyNoTrailingNewlineExtensionsAndSpacing() {
        Parsed<MtaStsPolicy> p = parse("version:STSv1\nmode :  testing\nmx: mx.example.com.\nmax_age: 0\nx-ext: hello");
        assertTrue(p.ok(), messages(p).toString());
        MtaStsPolicy pol = p.values().get(0);
        assertEquals(MtaStsMode.TESTING, pol.mode());
        assertEquals(0, pol.maxAge());
        assertEquals("hello", pol.extensions().get("x-ext"));
        assertEquals(List.of(FILE + ":5: warning: unknown key \"x-ext\" ignored (RFC 8461 §3.2 extension field)"), messages(p));
    }

    @Test
    void modeNoneNeedsNoMx() {
        Parsed<MtaStsPolicy> p = parse("version: STSv1\nmode: none\nmax_age: 86400\n");
        assertTrue(p.ok(), messages(p).toString());
        assertEquals(Strength.NONE, Expectations.from(p.values().get(0)).strength());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "version: STSv1\\nmx: a.example\\nmode: enfroce\\nmax_age: 1|3: unknown mode \"enfroce\" (expected enforce, testing or none)",
        "version: STSv2\\nmode: enforce\\nmx: a.example\\nmax_age: 1|1: unsupported version \"STSv2\" (expected STSv1)",
        "version: STSv1\\nmode: enforce\\nmx: a.example\\nmax_age: 31557601|4: max_age 31557601 out of range (0..31557600, RFC 8461 §3.2)",
        "version: STSv1\\nmode: enforce\\nmx: a.example\\nmax_age: 12345678901|4: max_age \"12345678901\" is not 1 to 10 digits",
        "version: STSv1\\nmode: enforce\\nmx: a.example\\nmax_age: -5|4: max_age \"-5\" is not 1 to 10 digits",
        "version: STSv1\\nmode: enforce\\nmx: mx.*.example\\nmax_age: 1|3: invalid mx pattern \"mx.*.example\" (expected a host name or *.domain with the wildcard as the whole leftmost label, RFC 8461 §3.2)",
        "version: STSv1\\nmode: enforce\\nmx: *\\nmax_age: 1|3: invalid mx pattern \"*\" (expected a host name or *.domain with the wildcard as the whole leftmost label, RFC 8461 §3.2)",
        "version: STSv1\\nmode: enforce\\nthis line has no colon\\nmx: a.example\\nmax_age: 1|3: expected \"key: value\", got \"this line has no colon\"",
        "version: STSv1\\nmode: enforce\\nmax_age: 1|no \"mx\" pattern; mode enforce needs at least one (RFC 8461 §3.2)",
        "mode: enforce\\nmx: a.example\\nmax_age: 1|missing \"version: STSv1\" (RFC 8461 §3.2)",
        "version: STSv1\\nmx: a.example\\nmax_age: 1|missing \"mode\" (RFC 8461 §3.2)",
        "version: STSv1\\nmode: enforce\\nmx: a.example|missing \"max_age\" (RFC 8461 §3.2)",
        "version: STSv1\\nmode: enforce\\nmx: a.example\\nmax_age: 1\\nbad key!: x|5: invalid key \"bad key!\" (RFC 8461 §3.2 sts-policy-ext-name)",
    })
    void errorsNameFileAndLine(String text, String expected) {
        Parsed<MtaStsPolicy> p = parse(text.replace("\\n", "\n"));
        assertFalse(p.ok());
        assertTrue(p.values().isEmpty());
        String want = expected.matches("^\\d+: .*") ? FILE + ":" + expected : FILE + ": " + expected;
        assertTrue(messages(p).contains(want), () -> messages(p) + " lacks " + want);
    }

    @Test
    void duplicatesFirstWinsAndCaseIsTolerated() {
        Parsed<MtaStsPolicy> p = parse("version: STSv1\nMode: Enforce\nmx: a.example\nmax_age: 1\nmode: testing\nmx: b.example\n");
        assertTrue(p.ok(), messages(p).toString());
        assertEquals(MtaStsMode.ENFORCE, p.values().get(0).mode(), "first of a duplicated field is honoured (RFC 8461 §3.2)");
        assertEquals(2, p.values().get(0).mx().size(), "mx may repeat");
        assertEquals(List.of(FILE + ":2: warning: key \"Mode\" accepted, but RFC 8461 §3.2 spells it in lower case",
                FILE + ":2: warning: mode \"Enforce\" accepted, but RFC 8461 §3.2 spells it in lower case",
                FILE + ":5: warning: duplicate \"mode\" ignored; line 2 is used (RFC 8461 §3.2)"), messages(p));
    }

    @Test
    void oversizedPolicyRejected() {
        String big = "version: STSv1\n" + "x: y\n".repeat(20000);
        Parsed<MtaStsPolicy> p = parse(big);
        assertFalse(p.ok());
        assertEquals(ProblemKind.FILE_TOO_LARGE, p.problems().get(0).kind());
    }

    @Test
    void tooManyMxPatternsBounded() {
        StringBuilder b = new StringBuilder("version: STSv1\nmode: enforce\nmax_age: 1\n");
        for (int i = 0; i < 300; i++) b.append("mx: mx").append(i).append(".example.com\n");
        Parsed<MtaStsPolicy> p = parse(b.toString());
        assertFalse(p.ok());
        assertTrue(p.problems().stream().anyMatch(x -> x.kind() == ProblemKind.TOO_MANY_PATTERNS));
        assertTrue(p.problems().size() <= PolicyLimits.DEFAULTS.maxProblemsPerFile() + 1);
    }

    @Test
    void txtRecordRfcExample() {
        Parsed<MtaStsTxtRecord> t = MtaStsParser.parseTxt("x.mta-sts-txt", "v=STSv1; id=20160831085700Z;", PolicyLimits.DEFAULTS);
        assertTrue(t.ok());
        assertEquals("20160831085700Z", t.values().get(0).id());
        Parsed<MtaStsTxtRecord> q = MtaStsParser.parseTxt("x", "# c\n\"v=STSv1;id=abc ; ext=1\"\n", PolicyLimits.DEFAULTS);
        assertTrue(q.ok(), q.problems().toString());
        assertEquals("abc", q.values().get(0).id());
        assertEquals("1", q.values().get(0).extensions().get("ext"));
        assertEquals(2, q.values().get(0).source().line());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "id=1; v=STSv1|t:1: TXT record must start with \"v=STSv1;\", got \"id=1; v=STSv1\"",
        "v=STSv1;|t:1: TXT record has no id field (RFC 8461 §3.1)",
        "v=STSv1; id=a-b|t:1: invalid id \"a-b\" (1 to 32 letters or digits, RFC 8461 §3.1)",
        "v=STSv1; id=123456789012345678901234567890123|t:1: invalid id \"123456789012345678901234567890123\" (1 to 32 letters or digits, RFC 8461 §3.1)",
        "v=STSv1; id=1; junk|t:1: invalid TXT field \"junk\" (expected name=value, RFC 8461 §3.1)",
        "v=STSv1; id=1\\nv=STSv1; id=2|t:2: second TXT record (first at line 1)",
        "# only a comment|t: no TXT record found",
    })
    void txtErrors(String text, String expected) {
        Parsed<MtaStsTxtRecord> t = MtaStsParser.parseTxt("t", text.replace("\\n", "\n"), PolicyLimits.DEFAULTS);
        assertFalse(t.ok());
        assertTrue(messages(t).contains(expected), () -> messages(t).toString());
    }
}
