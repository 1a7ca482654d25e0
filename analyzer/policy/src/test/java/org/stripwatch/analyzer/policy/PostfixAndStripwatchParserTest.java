package org.stripwatch.analyzer.policy;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PostfixAndStripwatchParserTest {
    private static List<String> msgs(Parsed<?> p) {
        return p.problems().stream().map(ParseProblem::toString).toList();
    }

    @Test
    void tlsReadmeStyleTable() {
        String t = "# comment\n"
                + "example.edu             none\n"
                + "example.gov             encrypt protocols=!SSLv2:!SSLv3:!TLSv1:!TLSv1.1\n"
                + "example.com             verify ciphers=high\n"
                + "\n"
                + "example.net             secure\n"
                + ".example.net            secure match=.example.net:example.net\n"
                + "[mail.example.org]:587  secure match=nexthop protocols=>=TLSv1.3\n"
                + "[thumb.example.org]     fingerprint\n"
                + "    match=3D:95:34:51:24:66:33:B9:D2:40:99:C0:C1:17:0B:D1\n"
                + "\tmatch=EC:3B:2D:B0:5B:B5:3D:54:84:1E:F8:7F:D4:07:F3:21|" + "ab".repeat(32) + "\n"
                + "[192.0.2.25]:submission dane-only\n";
        Parsed<PostfixPolicyEntry> p = PostfixPolicyParser.parse("tls_policy", t, PolicyLimits.DEFAULTS);
        assertTrue(p.ok(), msgs(p).toString());
        List<PostfixPolicyEntry> e = p.values();
        assertEquals(8, e.size());
        assertEquals(PostfixLevel.NONE, e.get(0).level());
        assertEquals(TlsVersion.TLS_1_2, e.get(1).minTlsVersion());
        assertTrue(e.get(2).matchHostname(), "verify defaults to match=hostname");
        assertTrue(e.get(3).matchNexthop() && e.get(3).matchDotNexthop(), "secure defaults to nexthop:dot-nexthop");
        assertEquals(PostfixPolicyEntry.Key.Kind.PARENT_DOMAIN, e.get(4).key().kind());
        assertEquals(PostfixPolicyEntry.Key.Kind.NEXTHOP_HOST, e.get(5).key().kind());
        assertEquals(587, e.get(5).key().port());
        assertEquals(TlsVersion.TLS_1_3, e.get(5).minTlsVersion());
        PostfixPolicyEntry fp = e.get(6);
        assertEquals(9, fp.source().line());
        assertEquals(3, fp.fingerprints().size());
        assertEquals(Pin.Digest.MD5, fp.fingerprints().get(0).digest());
        assertEquals(Pin.Digest.SHA256, fp.fingerprints().get(2).digest());
        assertEquals("192.0.2.25", e.get(7).key().name());
        assertEquals(587, e.get(7).key().port());

        Expectation secure = Expectations.from(e.get(3));
        assertTrue(secure.mxMatches("mx.deep.example.net"));
        assertTrue(secure.mxMatches("example.net"));
        assertFalse(secure.mxMatches("example.org"));
        assertEquals(Strength.AUTHENTICATED, secure.strength());
        assertEquals(Expectation.Scope.MX_HOST, Expectations.from(e.get(7)).scope());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "example.com enrypt|1: unknown TLS security level \"enrypt\" (expected none, may, encrypt, dane, dane-only, fingerprint, verify or secure)",
        "example.com|1: entry \"example.com\" has no security level",
        "example.com verify matches=hostname|1: unknown attribute \"matches\" (expected match, protocols, ciphers, exclude, tafile, servername, connection_reuse or enable_rpk)",
        "example.com verify hostname|1: attribute \"hostname\" is not name=value",
        "example.com encrypt protocols=TLSv9|1: unknown protocol \"TLSv9\" in protocols=",
        "example.com encrypt ciphers=strong|1: unknown cipher grade \"strong\" (expected export, low, medium, high or null)",
        "example.com fingerprint|1: level fingerprint needs match=<fingerprint>[|...] (TLS_README)",
        "example.com fingerprint match=AB:CD|1: fingerprint of 2 bytes matches no digest (md5, sha1, sha256, sha384, sha512)",
        "example.com fingerprint match=XY:CD|1: fingerprint \"XY:CD\" is not hexadecimal",
        "[mx.example.com:25 secure|1: key \"[mx.example.com:25\" has \"[\" without \"]\"",
        "[mx.example.com]:0 secure|1: invalid port \"0\" in key \"[mx.example.com]:0\"",
        "exa_mple.com secure|1: invalid destination \"exa_mple.com\" (expected domain, .domain, [host] or [host]:port)",
        "example.com secure match=a..b|1: invalid match name \"a..b\"",
        "# c\\n  match=x|2: continuation line without a preceding entry",
    })
    void postfixErrors(String text, String expected) {
        Parsed<PostfixPolicyEntry> p = PostfixPolicyParser.parse("tls_policy", text.replace("\\n", "\n"), PolicyLimits.DEFAULTS);
        assertFalse(p.ok());
        assertTrue(msgs(p).stream().anyMatch(m -> m.startsWith("tls_policy:" + expected)), () -> msgs(p).toString());
    }

    @Test
    void postfixDuplicateKeyKeepsFirst() {
        Parsed<PostfixPolicyEntry> p = PostfixPolicyParser.parse("tls_policy", "a.example may\nA.example. secure\n", PolicyLimits.DEFAULTS);
        assertTrue(p.ok());
        assertEquals(1, p.values().size());
        assertEquals(PostfixLevel.MAY, p.values().get(0).level());
        assertEquals(List.of("tls_policy:2: warning: duplicate key a.example ignored (first at line 1)"), msgs(p));
    }

    @Test
    void stripwatchRules() {
        String t = "# partners\n"
                + "require-tls partner.example min-tls=TLSv1.2 mx=mx1.partner.example,*.mx.partner.example,.relay.example\n"
                + "require-tls mx:relay.partner.example mode=report\n"
                + "pin partner.example spki-sha256=" + "ab".repeat(32) + "\n"
                + "pin partner.example spki-sha256=q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n"
                + "pin mx:mx1.partner.example cert-sha512=" + "cd".repeat(64) + "\n";
        Parsed<StripwatchRule> p = StripwatchPolicyParser.parse("partners.policy", t, PolicyLimits.DEFAULTS);
        assertTrue(p.ok(), msgs(p).toString());
        assertEquals(5, p.values().size());
        StripwatchRule r = p.values().get(0);
        assertEquals(TlsVersion.TLS_1_2, r.minTlsVersion());
        assertEquals(3, r.mx().size());
        assertFalse(p.values().get(1).enforced());
        assertTrue(p.values().get(1).mxHost());
        assertEquals(p.values().get(2).pin(), p.values().get(3).pin(), "hex and base64 forms of the same digest");
        List<Expectation> e = Expectations.fromRules(p.values());
        assertEquals(4, e.size());
        Expectation pins = e.get(2);
        assertEquals(Strength.PINNED, pins.strength());
        assertEquals(2, pins.pins().size());
        assertEquals(4, pins.source().line());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "require-tsl a.example|1: unknown directive \"require-tsl\" (expected require-tls or pin)",
        "require-tls|1: require-tls needs a target (domain or mx:host)",
        "require-tls a..example|1: invalid target \"a..example\" (domain or mx:host)",
        "require-tls a.example min-tls=1.4|1: unknown TLS version \"1.4\" (expected TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3)",
        "require-tls a.example mx=*.*.a.example|1: invalid mx pattern \"*.*.a.example\"",
        "require-tls a.example mode=strict|1: unknown mode \"strict\" (expected enforce or report)",
        "require-tls a.example colour=blue|1: unknown option \"colour\" (expected min-tls, mx, mode, cert-sha256, spki-sha256, cert-sha512 or spki-sha512)",
        "require-tls a.example spki-sha256=00|1: spki-sha256= belongs on a pin line",
        "pin a.example|1: pin needs cert-sha256=, spki-sha256=, cert-sha512= or spki-sha512=",
        "pin a.example spki-sha256=abcd|1: spki-sha256 needs 32 bytes as hex (colons allowed) or base64, got \"abcd\"",
        "pin a.example mx|1: option \"mx\" is not name=value",
    })
    void stripwatchErrors(String text, String expected) {
        Parsed<StripwatchRule> p = StripwatchPolicyParser.parse("partners.policy", text, PolicyLimits.DEFAULTS);
        assertFalse(p.ok());
        assertTrue(msgs(p).contains("partners.policy:" + expected), () -> msgs(p).toString());
    }
}
